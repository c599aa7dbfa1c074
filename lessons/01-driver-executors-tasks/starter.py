# The driver runs this whole program. RDD methods only describe work;
# an action (here: reduce) sends that work to the executors as tasks.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4)
squares = numbers.map(lambda n: n * n)
print("squares is defined; nothing has run yet")

total = squares.reduce(lambda a, b: a + b)
print("sum of squares:", total)
