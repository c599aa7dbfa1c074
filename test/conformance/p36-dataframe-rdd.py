# DataFrames and RDDs both ways, and chained Python UDFs, as PySpark 4.0 and Spark 4.0 run them. Adaptive execution
# is off; spark.sql.shuffle.partitions is 3. Local rows are parallelized into defaultParallelism = 4 slices.
# - df.rdd is PySpark's RDD(jdf.javaToPython(), ...) (pyspark/sql/classic/dataframe.py), made once per DataFrame:
#   Dataset.javaToPython maps queryExecution.toRdd, which runs no job without adaptive execution, so an action on it
#   runs the query's stages with the RDD's Python in the last: a map over 4 slices [4]; first() is take(1), one
#   partition [1]; over an aggregation, its map stage and 3 reduce tasks with the map function [4, 3]. Its elements
#   are Rows: fields by name (r.name, r["count"], which tuple's count method would hide) and by index (r[0]).
# - createDataFrame(rdd, names) types the columns by PySpark's SparkSession._inferSchema: rdd.first() [1]; when a
#   column of that row is None (_has_nulltype), take(100), which scans one partition [1] and then up to 4 times as
#   many [2], merging row types until none is null. A dict row's keys are sorted (_infer_schema). With a DDL or
#   StructType schema nothing runs until an action. rdd.toDF(names) is the same call (_monkey_patch_RDD).
# - Chained UDFs: ExtractPythonUDFs.canEvaluateInPython chains a UDF whose only argument is another UDF, so
#   shown(twice(id)) is one UDF of one BatchEvalPython, evaluated by worker.py's read_single_udf as chain(twice,
#   shown): shown gets twice's int as Python returned it ("the last returnType will be the return type of UDF"),
#   not the string twice's StringType would make. A UDF with a UDF and a column as arguments waits for a second
#   BatchEvalPython above the first, which reads twice's result as its declared type, a string. Two calls of one
#   UDF on the same arguments are one evaluation (ExtractPythonUDFs keeps an ExpressionSet of the UDFs, keyed by
#   canonicalizeDeterministic, which drops the result id), and a chain is replaced whole (transformExpressions
#   goes top down) even where its inner call also stands alone. Each query [1].
import contextlib
import io
import re

from pyspark.sql import Row, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import udf

spark = (
    SparkSession.builder.appName("dataframe rdd")
    .config("spark.sql.adaptive.enabled", "false")
    .config("spark.sql.shuffle.partitions", "3")
    .getOrCreate()
)
sc = spark.sparkContext

people = spark.createDataFrame([(1, "ada", 36), (2, "bob", 41), (3, "cy", 29), (4, "dee", 52)], ["id", "name", "age"])
rows = people.rdd
print(rows is people.rdd, rows.getNumPartitions())
print(rows.map(lambda r: (r.name, r[0], r["age"] + 1)).collect())
print(rows.first())
by_age = people.groupBy((F.col("age") > 40).alias("old")).count()
print(sorted(by_age.rdd.map(lambda r: (r.old, r["count"])).collect()))

sparse = spark.createDataFrame(sc.parallelize([(1, None), (2, "x"), (3, "y")], 3), ["n", "s"])
print(sparse.dtypes)
print(sparse.collect())
langs = sc.parallelize([{"name": "ada", "langs": 2}, {"name": "bob", "langs": 1}], 2).toDF()
print(langs.filter(F.col("langs") > 1).collect())
tagged = spark.createDataFrame(sc.parallelize([Row(id=1, tag="x"), Row(id=2, tag="y")]), "id int, tag string")
print(tagged.selectExpr("id + 1 AS next", "tag").collect())


def twice(x):
    return x * 2


def shown(v):
    return "%s:%s" % (type(v).__name__, v)


def mixed(a, b):
    return "%s/%s" % (type(a).__name__, b)


twice, shown, mixed = udf(twice, "string"), udf(shown), udf(mixed)


def batch_eval_lines(df):
    plan = io.StringIO()
    with contextlib.redirect_stdout(plan):
        df.explain()
    return [re.sub(r"#\d+L?", "", line).strip() for line in plan.getvalue().splitlines() if "BatchEvalPython" in line]


numbers = spark.range(0, 3, 1, 1)
chained = numbers.select(shown(twice("id")).alias("chained"), shown(F.col("id") + 10).alias("plain"))
print(batch_eval_lines(chained))
print(chained.collect())
stacked = numbers.select(shown(mixed(twice("id"), "id")).alias("stacked"))
print(batch_eval_lines(stacked))
print(stacked.collect())
twins = numbers.select(shown(twice("id")).alias("a"), shown(twice("id")).alias("b"), twice("id").alias("t"))
print(batch_eval_lines(twins))
print(twins.collect())
spark.stop()
