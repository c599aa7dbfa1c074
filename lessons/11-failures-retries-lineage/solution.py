from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# Instead of a flaky disk, a whole machine is lost: once the map stage has
# finished, executor 1 dies, and its shuffle files die with it.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    sc.faults.inject(kind="killExecutor", executorId="1", afterStage=0)

words = sc.parallelize(["spark", "task", "stage", "job", "spark", "shuffle", "task", "spark"], 4)
counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b, 2)
print(sorted(counts.collect()))
