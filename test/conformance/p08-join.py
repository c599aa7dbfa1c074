# PySpark's join (pyspark/join.py): both sides tagged with mapValues, union()ed (2 + 3 = 5 partitions),
# groupByKey() with _defaultReducePartitions() = the union's 5, then flatMapValues. One shuffle map
# stage over the union (5 tasks), a reduce stage of 5 tasks. leftOuterJoin: the same layout.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("join"))
ages = sc.parallelize([("ann", 31), ("bob", 27), ("cy", 40)], 2)
towns = sc.parallelize([("ann", "Oslo"), ("cy", "Lima"), ("cy", "Rome"), ("dee", "Kyiv")], 3)
print(sorted(ages.join(towns).collect()))
print(sorted(ages.leftOuterJoin(towns).collect()))
sc.stop()
