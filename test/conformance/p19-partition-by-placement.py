# partitionBy(3) places each key in portable_hash(key) % 3, with 64-bit CPython's hashes
# (PYTHONHASHSEED=0): computed with CPython 3.11, whose str/int/float/tuple hashes 3.14 shares.
# A second partitionBy with the same count and function is a no-op (same Partitioner): no new shuffle.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("placement"))
keys = ["spark", "stage", "task", "shuffle", "driver", "executor", "partition", ("a", 1), 7, 2.5]
placed = sc.parallelize([(k, 0) for k in keys], 2).partitionBy(3)
print(placed.partitionBy(3) is placed)
print(placed.keys().glom().map(lambda ks: sorted(ks, key=repr)).collect())
sc.stop()
