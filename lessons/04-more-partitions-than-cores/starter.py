from pyspark import SparkContext

sc = SparkContext.getOrCreate()

# Pretend every partition holds a big file: each task takes 300 ms longer.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    for partition in range(12):
        sc.faults.inject(kind="slowPartition", partition=partition, delayMs=300)

numbers = sc.parallelize(range(1000), 10)
print("sum:", numbers.sum())
