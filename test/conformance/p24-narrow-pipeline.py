# map, filter, flatMap, mapPartitionsWithIndex and glom are chained into one PythonRDD: one stage.
# TaskContext.get() inside a task names its partition; union and cartesian are narrow too.
from pyspark import SparkConf, SparkContext, TaskContext

sc = SparkContext(conf=SparkConf().setAppName("narrow"))
numbers = sc.parallelize(range(1, 9), 4)
odd_squares = numbers.filter(lambda x: x % 2).map(lambda x: x * x).flatMap(lambda x: [x, -x])
print(odd_squares.mapPartitionsWithIndex(lambda i, it: [(i, TaskContext.get().partitionId(), sum(1 for _ in it))]).collect())
both = numbers.union(sc.parallelize([100, 200], 2))
print(both.getNumPartitions(), both.glom().map(len).collect())
pairs = sc.parallelize(["a", "b"], 1).cartesian(sc.parallelize([1, 2], 2))
print(pairs.getNumPartitions(), sorted(pairs.collect()))
print(numbers.stats().mean(), numbers.max(), numbers.min(), numbers.sum())
sc.stop()
