from pyspark import SparkContext

sc = SparkContext.getOrCreate()

# Now the slowness follows the data: every attempt of partition 3 takes 1.5 s longer,
# wherever it runs, as if partition 3 held far more records than the others.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    sc.faults.inject(kind="slowPartition", partition=3, delayMs=1500)

numbers = list(range(100))
squares = sc.parallelize(numbers, 10).map(lambda x: x * x)
print("sum:", squares.sum())
