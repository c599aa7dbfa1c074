from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# The first attempt of one map task fails, as a flaky disk would make it.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    sc.faults.inject(kind="failTask", stageId=0, partition=1, attempt=0, message="disk read error")

words = sc.parallelize(["spark", "task", "stage", "job", "spark", "shuffle", "task", "spark"], 4)
counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b, 2)
print(sorted(counts.collect()))
