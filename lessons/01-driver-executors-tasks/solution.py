# The numbers 1 to 100 in 5 partitions: every job over them runs 5 tasks.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
numbers = sc.parallelize(range(1, 101), 5)
squares = numbers.map(lambda n: n * n)

# Two actions, so two jobs.
print("count:", numbers.count())
print("sum of squares:", squares.reduce(lambda a, b: a + b))
