# Python UDFs run where Spark runs them. ExtractPythonUDFs (org.apache.spark.sql.execution.python) moves each UDF
# call out of its Project or Filter into a BatchEvalPython operator, planned as BatchEvalPythonExec, which takes no
# part in whole-stage codegen (the plan has *(1) below it and *(2) above) and is narrow (it runs as
# child.execute().mapPartitionsInternal), so it adds no stage: each task of the stage calls its executor thread's
# Python over its partition. Adaptive execution is off.
# - select with two UDFs over range(0, 8, 1, 4): one BatchEvalPython computes both: one job [4].
# - filter on a UDF: a BatchEvalPython below the Filter, a Project above it keeps the columns: [4].
# - groupBy a UDF's result: PullOutGroupingExpressions projects it below the Aggregate, so the UDF runs in the map
#   stage before the exchange: [4, 200].
# - A result that does not fit the declared type is null, as the JVM reads the pickled value
#   (EvaluatePython.makeFromJava): an int from a DoubleType UDF.
import contextlib
import io
import re

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import udf
from pyspark.sql.types import DoubleType, IntegerType

spark = SparkSession.builder.appName("python udf").config("spark.sql.adaptive.enabled", "false").getOrCreate()


@udf(returnType=IntegerType())
def square(x):
    return x * x


parity = udf(lambda x: "even" if x % 2 == 0 else "odd")
halves = udf(lambda x: x / 2 if x % 2 else x // 2, DoubleType())
numbers = spark.range(0, 8, 1, 4)
query = numbers.select("id", square("id").alias("sq"), parity(numbers.id).alias("p"))
plan = io.StringIO()
with contextlib.redirect_stdout(plan):
    query.explain()
print(re.sub(r"#\d+L?", "", plan.getvalue()).strip())
print(query.collect()[:3])
print([row.id for row in numbers.filter(square(numbers.id) > 10).collect()])
print(sorted((row.p, row["count"]) for row in numbers.groupBy(parity("id").alias("p")).count().collect()))
print(numbers.select(halves("id").alias("h")).collect()[:4])
spark.stop()
