# PySpark's countByKey = map(key).countByValue(), and countByValue counts each partition into a dict
# (mapPartitions) and merges the dicts with reduce() on the driver: one job, one stage, no shuffle
# (Scala's countByKey shuffles: mapValues(1).reduceByKey).
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("countByKey"))
pairs = sc.parallelize([("a", 1), ("b", 1), ("a", 2), ("c", 5), ("a", 0)], 3)
print(sorted(pairs.countByKey().items()))
sc.stop()
