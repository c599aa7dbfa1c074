# countByValue: per-partition dicts merged by reduce() on the driver. One job, one stage of 2 tasks.
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("countByValue").getOrCreate()
colours = spark.sparkContext.parallelize(["red", "blue", "red", "green", "red", "blue"], 2)
print(sorted(colours.countByValue().items()))
spark.stop()
