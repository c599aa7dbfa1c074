import re

from pyspark import SparkContext

sc = SparkContext.getOrCreate()
lines = sc.textFile("data/books/*.txt")
counts = (
    lines.flatMap(lambda line: re.split(r"[^a-z']+", line.lower()))
    .filter(lambda word: len(word) > 0)
    .map(lambda word: (word, 1))
    .reduceByKey(lambda a, b: a + b)
)

print("distinct words:", counts.count())
print("words seen 5 times or more:", counts.filter(lambda pair: pair[1] >= 5).count())
