from pyspark import SparkContext

sc = SparkContext.getOrCreate()
lines = sc.parallelize(["the fox and the kettle", "the river runs", "a fox by the river", "the lighthouse"], 2)
words = lines.flatMap(lambda line: line.split(" "))
pairs = words.map(lambda word: (word, 1))
counts = pairs.reduceByKey(lambda a, b: a + b)

# A second wide operation: the key changes (word -> first letter), so the
# counts must be shuffled again to bring each letter's words together.
by_letter = counts.map(lambda pair: (pair[0][0], pair[1])).reduceByKey(lambda a, b: a + b)
print(sorted(by_letter.collect()))
print(by_letter.toDebugString().decode())
