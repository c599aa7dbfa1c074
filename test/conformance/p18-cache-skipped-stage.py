# counts is cached; its second action needs the shuffle again, whose map output still exists: the
# map stage is listed and skipped, the result stage reads the cached partitions.
from pyspark import SparkConf, SparkContext, StorageLevel

sc = SparkContext(conf=SparkConf().setAppName("cache"))
pairs = sc.parallelize([("x", 1), ("y", 2), ("x", 3), ("z", 4)], 2)
counts = pairs.reduceByKey(lambda a, b: a + b).persist(StorageLevel.MEMORY_ONLY)
print(counts.count())
print(sorted(counts.collect()), counts.getStorageLevel())
sc.stop()
