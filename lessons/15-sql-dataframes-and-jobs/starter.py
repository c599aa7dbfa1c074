from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()
# 100,000 sales in 4 partitions: each row's store and amount come from its id.
sales = spark.range(0, 100000, 1, 4).withColumn("store", F.col("id") % 10).withColumn("amount", F.col("id") % 97)
totals = sales.groupBy("store").agg(F.sum("amount").alias("total"))
counts = sales.groupBy("store").count()
totals.orderBy("store").show(3)
counts.orderBy("store").show(3)
