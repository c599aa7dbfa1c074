# groupByKey, aggregateByKey, foldByKey and combineByKey are combineByKey -> partitionBy -> merge in
# PySpark: each action is one job of a map stage and a reduce stage, 3 tasks each (the parent's 3).
# countApproxDistinct hands the JVM the elements' 32-bit portable_hash values (pyspark/rdd.py, through
# _to_java_object_rdd), whose RDD.countApproxDistinct offers each one's text to stream-lib's HyperLogLog++
# (p = 9 at relativeSD 0.05). Small ints hash to themselves, so 0 ... 1499 count as Scala's countApproxDistinct
# of those ints does: 1580 (stream-lib 2.9.8), not 1500. One job of 4 tasks.
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("aggregations").getOrCreate()
sales = spark.sparkContext.parallelize([("tea", 3), ("milk", 2), ("tea", 5), ("bread", 1), ("milk", 4)], 3)
print(sorted(sales.groupByKey().mapValues(sorted).collect()))
print(sorted(sales.aggregateByKey((0, 0), lambda acc, v: (acc[0] + v, acc[1] + 1), lambda a, b: (a[0] + b[0], a[1] + b[1])).collect()))
print(sorted(sales.foldByKey(0, max).collect()))
print(sorted(sales.combineByKey(lambda v: [v], lambda c, v: c + [v], lambda a, b: a + b).mapValues(len).collect()))
print(spark.sparkContext.parallelize(range(1500), 4).countApproxDistinct())
spark.stop()
