# spark.sql over a temporary view made from Python rows: a CTE, GROUP BY with HAVING, CASE, ORDER BY, as
# s05-sql-text. show() takes 21 rows of a sorted query: TakeOrderedAndProject over the final aggregate, one job
# [4, 200] (SparkStrategies.SpecialLimits); PySpark prints the table from Python (DataFrame.show calls
# _jdf.showString). A misspelt column is the JVM's AnalysisException, which PySpark's capture_sql_exception raises
# as pyspark.errors.AnalysisException when the query is made, with Spark's suggestion.
from pyspark.sql import SparkSession
from pyspark.errors import AnalysisException

spark = SparkSession.builder.appName("sql text").getOrCreate()
spark.conf.set("spark.sql.adaptive.enabled", False)
spark.createDataFrame([(1, "a", 10.5), (2, "b", 3.0), (3, "a", 7.25)], ["id", "pid", "amount"]).createOrReplaceTempView("orders")
top = spark.sql("""
  WITH big AS (SELECT * FROM orders WHERE amount > 2)
  SELECT pid, count(*) AS n, sum(amount) AS total,
         CASE WHEN sum(amount) > 10 THEN 'high' ELSE 'low' END AS band
  FROM big GROUP BY pid HAVING count(*) >= 1 ORDER BY total DESC""")
top.show()
try:
    spark.sql("SELECT amout FROM orders")
except AnalysisException as e:
    print(type(e).__name__, str(e).split("\n")[0])
spark.stop()
