from pyspark import SparkContext

sc = SparkContext.getOrCreate()

# Each book is one file, and each file is one block stored on one of the 4 hosts.
books = sc.textFile("data/books/*.txt").cache()
print("lines:", books.count())

# The second job reads the cached partitions.
words = books.flatMap(lambda line: line.split(" "))
print("words:", words.count())
