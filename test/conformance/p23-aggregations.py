# groupByKey, aggregateByKey, foldByKey and combineByKey are combineByKey -> partitionBy -> merge in
# PySpark: each action is one job of a map stage and a reduce stage, 3 tasks each (the parent's 3).
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("aggregations").getOrCreate()
sales = spark.sparkContext.parallelize([("tea", 3), ("milk", 2), ("tea", 5), ("bread", 1), ("milk", 4)], 3)
print(sorted(sales.groupByKey().mapValues(sorted).collect()))
print(sorted(sales.aggregateByKey((0, 0), lambda acc, v: (acc[0] + v, acc[1] + 1), lambda a, b: (a[0] + b[0], a[1] + b[1])).collect()))
print(sorted(sales.foldByKey(0, max).collect()))
print(sorted(sales.combineByKey(lambda v: [v], lambda c, v: c + [v], lambda a, b: a + b).mapValues(len).collect()))
spark.stop()
