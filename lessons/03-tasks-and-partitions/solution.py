# Four small books, one file each.
import re

from pyspark import SparkContext

sc = SparkContext.getOrCreate()
books = sc.textFile("data/books/*.txt")
words = books.flatMap(lambda line: re.split(r"[^a-z']+", line.lower())).filter(lambda word: len(word) > 0)
# numPartitions sets the number of reduce partitions, so of reduce tasks.
counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b, numPartitions=3)
print("distinct words:", counts.count())

# numSlices sets the number of partitions, so of tasks.
numbers = sc.parallelize(range(1, 101), 8)
print("sum:", numbers.sum())
