# A broadcast variable is pickled once on the driver and read on executors; an accumulator's adds
# come back with each successful task. foreach = mapPartitions(...).count(): one job, one stage.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("shared variables"))
prices = sc.broadcast({"apple": 3, "pear": 5})
basket = sc.parallelize(["apple", "pear", "apple", "plum"], 2)
print(basket.map(lambda item: prices.value.get(item, 0)).sum())
unknown = sc.accumulator(0)
basket.foreach(lambda item: unknown.add(0 if item in prices.value else 1))
print(unknown.value)
sc.stop()
