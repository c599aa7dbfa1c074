# PySpark's take scans partitions as Spark's does: one partition first, then more estimated from what
# was found (int(1.5 * num * scanned / found) - scanned, at least 1, at most 4x scanned). 100 numbers
# in 4 partitions of 25: take(5) and first() read partition 0 only; take(30) reads partition 0, then
# int(1.5*30*1/25) - 1 = 0 -> 1 more partition. Each scan is a job of its own (runJob).
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("take").getOrCreate()
numbers = spark.sparkContext.parallelize(range(100), 4)
print(numbers.take(5), numbers.first(), len(numbers.take(30)))
spark.stop()
