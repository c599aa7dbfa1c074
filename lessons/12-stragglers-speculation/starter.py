from pyspark import SparkContext

sc = SparkContext.getOrCreate()

# The first attempt of partition 3 lands on a slow machine: it takes 4 s longer.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    sc.faults.inject(kind="slowPartition", partition=3, attempt=0, delayMs=4000)

numbers = list(range(100))
squares = sc.parallelize(numbers, 10).map(lambda x: x * x)
print("sum:", squares.sum())
