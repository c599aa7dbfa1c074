# PySpark's distinct: map((x, None)) -> reduceByKey(numPartitions) -> map(key). 4 partitions in,
# _defaultReducePartitions() = 4 out: one job, 4 map tasks, 4 reduce tasks.
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("distinct").getOrCreate()
values = spark.sparkContext.parallelize([3, 1, 3, 2, 1, 5, 5, 4], 4)
print(sorted(values.distinct().collect()))
spark.stop()
