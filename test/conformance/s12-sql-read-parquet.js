// spark.read.parquet reads the schema from the first file's footer in a job of its own (Spark 4.0
// ParquetFileFormat.inferSchema -> ParquetUtils.inferSchema -> SchemaMergeUtils.mergeSchemasInParallel: a
// parallelize of the files to touch into min(files, defaultParallelism) slices), one task for one file; a given
// schema runs no job. Parquet scans are columnar: ColumnarToRow sits above the FileScan in the plan.
// With adaptive execution off the join is planned statically: the CSV side's file size (191 bytes) is under
// spark.sql.autoBroadcastJoinThreshold, so JoinSelection picks BroadcastHashJoin and its broadcast job runs
// first, then the groupBy's shuffle (a map stage and a result stage of 200 tasks).
// (products.parquet was written with hyparquet-writer: snappy pages, one row group.)
spark.conf.set('spark.sql.adaptive.enabled', false);
const products = await spark.read.parquet('sql-data/products.parquet');
products.printSchema();
products.explain();
const orders = await spark.read.schema('id INT, product STRING, qty INT, price DOUBLE, day DATE').csv('sql-data/orders.csv', { header: true });
const byCategory = orders.join(products, 'product').groupBy('category').agg(F.sum('qty').alias('qty'));
console.log((await byCategory.collect()).map((r) => `${r.category}=${r.qty}`).sort().join(' '));
