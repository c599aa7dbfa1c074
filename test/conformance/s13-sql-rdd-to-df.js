// rdd.toDF() and spark.createDataFrame(rdd) infer the schema as PySpark's SparkSession._inferSchema does
// (pyspark/sql/session.py, 4.0): rdd.first() — RDD.take(1), a job over one partition — and only when a column's
// type is still unknown (a null), take(100) too; with a StructType (or DDL) schema no job runs. The plan scans the
// RDD as it is (PySpark's applySchemaToPythonRDD: LogicalRDD, `Scan ExistingRDD`), so the first rows' job and the
// query's jobs both read the RDD's 4 partitions; the groupBy's exchange runs as adaptive execution's map-stage job.
const pairs = sc.parallelize([['a', 1], ['b', 2], ['a', 3], ['c', null]], 4);
const df = await pairs.toDF(['key', 'n']);
df.printSchema();
df.explain();
const late = await sc.parallelize([[null, 'x'], [2, 'y']], 2).toDF();
console.log(late.dtypes.map(([n, t]) => `${n}:${t}`).join(' '));
const typed = spark.createDataFrame(pairs, 'key STRING, n INT');
console.log(typed.dtypes.map(([n, t]) => `${n}:${t}`).join(' '));
await df.groupBy('key').agg(F.sum('n').alias('total')).orderBy('key').show();
