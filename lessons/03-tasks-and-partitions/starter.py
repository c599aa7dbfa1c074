# Four small books, one file each.
import re

from pyspark import SparkContext

sc = SparkContext.getOrCreate()
books = sc.textFile("data/books/*.txt")
words = books.flatMap(lambda line: re.split(r"[^a-z']+", line.lower())).filter(lambda word: len(word) > 0)
counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b)
print("distinct words:", counts.count())

numbers = sc.parallelize(range(1, 101))
print("sum:", numbers.sum())
