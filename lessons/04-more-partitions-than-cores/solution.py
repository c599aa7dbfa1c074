from pyspark import SparkContext

sc = SparkContext.getOrCreate()

# Pretend every partition holds a big file: each task takes 300 ms longer.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    for partition in range(12):
        sc.faults.inject(kind="slowPartition", partition=partition, delayMs=300)

# 4 task slots (2 executors x 2 cores): 8 tasks fill them exactly twice.
numbers = sc.parallelize(range(1000), 8)
print("sum:", numbers.sum())
