# PySpark's zipWithIndex counts every partition in a job of its own (collect of per-partition counts;
# Scala's counts all but the last), then numbers each partition from its start. Two jobs.
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("zipWithIndex").getOrCreate()
letters = spark.sparkContext.parallelize(["a", "b", "c", "d", "e"], 3)
print(letters.zipWithIndex().collect())
spark.stop()
