# Word count as spark-submit runs it. textFile("data/*.txt"): 60 bytes, minPartitions 2, goal 30
# -> 3 splits (Hadoop's FileInputFormat). reduceByKey = combineByKey -> partitionBy -> mapPartitions
# (pyspark/core/rdd.py): one shuffle, reduce side with _defaultReducePartitions() = the parent's 3.
from operator import add

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("word count").getOrCreate()
sc = spark.sparkContext
lines = sc.textFile("data/*.txt")
counts = lines.flatMap(lambda line: line.split(" ")).map(lambda word: (word, 1)).reduceByKey(add)
print(lines.getNumPartitions(), counts.getNumPartitions())
print(sorted(kv for kv in counts.collect() if kv[1] > 1))
spark.stop()
