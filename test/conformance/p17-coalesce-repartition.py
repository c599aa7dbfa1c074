# coalesce(2) without a shuffle merges neighbouring partitions: 2 tasks, no shuffle. repartition(3) =
# coalesce(3, shuffle=True): PySpark re-pickles the elements in batches of 10 and the engine deals the
# batches out through a shuffle: 6 map tasks, 3 reduce tasks.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("coalesce"))
numbers = sc.parallelize(range(60), 6)
narrow = numbers.coalesce(2)
print(narrow.getNumPartitions(), narrow.glom().map(len).collect())
wide = numbers.repartition(3)
print(wide.getNumPartitions(), sum(wide.glom().map(len).collect()), sorted(wide.collect()) == list(range(60)))
sc.stop()
