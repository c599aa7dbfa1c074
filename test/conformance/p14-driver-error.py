# An exception on the driver ends the program with Python's own traceback, pointing at the program's line.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("driver error"))
totals = dict(sc.parallelize([("a", 1)], 1).collect())
print(totals["b"])
