# print() inside a task goes to that executor's log (the runner's stderr), never the driver's output.
# One partition, so its three lines come in order.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("executor log"))
sc.parallelize(["first", "second", "third"], 1).foreach(lambda word: print("executor saw", word))
print("driver done")
sc.stop()
