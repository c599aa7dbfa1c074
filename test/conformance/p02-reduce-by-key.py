# PySpark's reduceByKey: combineLocally (mapPartitions) -> partitionBy(portable_hash) through a
# PairwiseRDD and ShuffledRDD -> mergeCombiners (mapPartitions). One job, 3 map tasks, 3 reduce tasks.
# Keys land in portable_hash(k) % 3 (64-bit CPython hashes, PYTHONHASHSEED=0): spark, stage and task
# in partition 0, shuffle in partition 2, partition 1 empty.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("reduceByKey"))
words = ["spark", "stage", "task", "spark", "shuffle", "stage", "spark"]
counts = sc.parallelize(words, 3).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
print(counts.glom().map(sorted).collect())
sc.stop()
