# An AccumulatorParam of the program's own (zero and addInPlace) sums vectors; the class travels by
# value with the accumulator. sc.accumulator(1.5) adds floats with no param.
from pyspark import AccumulatorParam, SparkConf, SparkContext


class VectorParam(AccumulatorParam):
    def zero(self, value):
        return [0] * len(value)

    def addInPlace(self, a, b):
        return [x + y for x, y in zip(a, b)]


sc = SparkContext(conf=SparkConf().setAppName("accumulator param"))
totals = sc.accumulator([0, 0], VectorParam())
weight = sc.accumulator(1.5)
points = sc.parallelize([(1, 2), (3, 4), (5, 6)], 3)
points.foreach(lambda p: totals.add(list(p)))
points.foreach(lambda p: weight.add(0.5))
print(totals.value, weight.value)
sc.stop()
