# PySpark's sortByKey (pyspark/core/rdd.py), unlike Scala's RangePartitioner, runs two jobs of its own
# before the shuffle: count() (1 stage, 3 tasks) and sample(False, fraction, 1).map(key).collect()
# (1 stage, 3 tasks); it picks bounds from the sorted sample and partitionBy()s with bisect, so the
# result has exactly numPartitions partitions. Then collect: map stage 3 tasks, result stage 3 tasks.
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("sortByKey").getOrCreate()
sc = spark.sparkContext
pairs = sc.parallelize([(5, "e"), (1, "a"), (4, "d"), (2, "b"), (3, "c"), (6, "f")], 3)
ordered = pairs.sortByKey()
print(ordered.getNumPartitions())
print(ordered.collect())
spark.stop()
