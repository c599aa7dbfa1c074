// spark.read.csv runs jobs before any action, to learn the schema (Spark 4.0 DataSource.resolveRelation ->
// CSVFileFormat.inferSchema -> TextInputCSVDataSource.infer): the first line, by take(1) on the files read as
// text (a SQL execution whose CollectLimit scans one partition first: SparkPlan.executeTake), then with
// inferSchema one aggregate job over every partition (CSVInferSchema.infer: tokenRDD.aggregate). Without
// inferSchema every column is a string and only the first-line job runs; with a schema no job runs.
// The scan's partitions are FilePartition.getFilePartitions': maxSplitBytes = min(maxPartitionBytes,
// max(openCostInBytes, (bytes + openCost per file) / defaultParallelism)); 191 bytes with 100 and 16 make
// splits of 51 bytes, one partition each (51 + 16 + 51 > 51), so the inference and the scans run 4 tasks; only
// the piece that starts the file drops the header (CSVFileFormat's CSVHeaderChecker, isStartOfFile).
// count() on 4 partitions: partial and final HashAggregate around Exchange SinglePartition, run by adaptive
// execution as a map-stage job, then the final job with that stage skipped.
const orders = await spark.read.csv('sql-data/orders.csv', { header: true, inferSchema: true });
orders.printSchema();
const strings = await spark.read.option('header', true).csv('sql-data/orders.csv');
console.log(strings.dtypes.map(([n, t]) => `${n}:${t}`).join(' '));
const given = await spark.read.schema('id INT, product STRING, qty INT, price DOUBLE, day DATE').csv('sql-data/orders.csv', { header: true });
console.log(given.columns.join(','));
spark.conf.set('spark.sql.files.maxPartitionBytes', 100);
spark.conf.set('spark.sql.files.openCostInBytes', 16);
const split = await spark.read.csv('sql-data/orders.csv', { header: true, inferSchema: true });
console.log(split.dtypes.map(([n, t]) => `${n}:${t}`).join(' '));
console.log(await split.count());
await split.groupBy('product').agg(F.sum('qty').alias('qty')).orderBy('product').show();
