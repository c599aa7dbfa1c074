# sortByKey(numPartitions=1) in PySpark: no sampling jobs and no shuffle; coalesce(1) (narrow) and a
# sort inside the one partition. sortBy(keyfunc, ascending=False) = keyBy -> sortByKey -> values:
# 3 partitions asked for -> count job, sample job, then the shuffle.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("sort"))
pairs = sc.parallelize([("b", 2), ("c", 3), ("a", 1)], 3)
print(pairs.sortByKey(numPartitions=1).collect())
print(sc.parallelize(["kiwi", "fig", "banana"], 3).sortBy(len, ascending=False, numPartitions=3).collect())
sc.stop()
