from pyspark import SparkContext

sc = SparkContext.getOrCreate()
lines = sc.parallelize(["the fox and the kettle", "the river runs", "a fox by the river", "the lighthouse"], 2)
words = lines.flatMap(lambda line: line.split(" "))
pairs = words.map(lambda word: (word, 1))
counts = pairs.reduceByKey(lambda a, b: a + b)
common = counts.filter(lambda pair: pair[1] > 1)
print(common.collect())
print(common.toDebugString().decode())
