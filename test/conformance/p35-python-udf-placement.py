# Python UDFs beyond select and filter, placed as Spark 4.0's SparkOptimizer places them in its "Extract Python
# UDFs" batch (org.apache.spark.sql.execution.python.ExtractPythonUDFs.scala). Adaptive execution is off.
# PySpark's createDataFrame of local rows parallelizes them (SparkSession._createFromLocal): defaultParallelism
# = 4 slices of a LogicalRDD, whose size Spark does not know (no broadcast by size).
# - spark.udf.register adds a builder of the UDF to the session's function registry (UDFRegistration's
#   registerPython), so SQL text calls it by name: one job [4]. The UDF it returns works on columns too; first()
#   scans one partition first (SparkPlan.executeTake) and finds a row there: [1].
# - A UDF in an aggregate's argument, sum(udf(x)), runs below the Aggregate in its map stage (ExtractPythonUDFs
#   puts the BatchEvalPython under the child that has the UDF's input); one over an aggregate's result,
#   udf(sum(x)), runs after it, in a Project above (ExtractPythonUDFFromAggregate): [4, 200] each.
# - A UDF in an inner join's condition that reads both sides becomes a Filter over the join without that
#   condition (ExtractPythonUDFFromJoinCondition); with no other condition and no side small enough to
#   broadcast, JoinSelection plans a CartesianProduct: 4 x 4 = 16 tasks. In an outer join such a condition
#   fails with UNSUPPORTED_FEATURE.PYTHON_UDF_IN_ON_CLAUSE while the query is optimized, before any job.
# - A BatchEvalPython's UDFs run in one pass, row by row (PySpark's worker.py read_udfs maps each row through
#   every UDF), so of two UDFs failing on different rows the earlier row's error aborts the job: row 1's
#   ValueError, not row 3's ZeroDivisionError. One partition of 4 rows, 4 attempts: [1].
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import udf

spark = SparkSession.builder.appName("udf placement").config("spark.sql.adaptive.enabled", "false").getOrCreate()
staff = spark.createDataFrame([(i, "ab"[i % 2], i * 10) for i in range(8)], ["id", "dept", "pay"])
staff.createOrReplaceTempView("staff")

initial = spark.udf.register("initial", lambda s: s.upper(), "string")
print(spark.sql("SELECT id, initial(dept) AS d FROM staff WHERE id < 3").collect())
print(staff.select(initial("dept")).first())

bonus = udf(lambda pay: pay // 10, "bigint")
band = udf(lambda total: "high" if total > 150 else "low")
print(sorted(staff.groupBy("dept").agg(F.sum(bonus("pay")).alias("b")).collect()))
print(sorted(staff.groupBy("dept").agg(band(F.sum("pay")).alias("band")).collect()))

teams = spark.createDataFrame([("a", 3), ("b", 5)], ["team", "size"])
fits = udf(lambda dept, team, id, size: dept == team and id < size, "boolean")
pairs = staff.join(teams, fits(staff.dept, teams.team, staff.id, teams.size))
print(sorted((r.id, r.team) for r in pairs.collect()))
try:
    staff.join(teams, fits(staff.dept, teams.team, staff.id, teams.size), "left").collect()
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])

late = udf(lambda x: 1 // (x - 3), "int")
early = udf(lambda x: int("one") if x == 1 else x, "int")
try:
    spark.range(0, 4, 1, 1).select(late("id"), early("id")).collect()
except Exception as e:
    print(type(e).__name__, str(e).strip().splitlines()[-1])
spark.stop()
