from pyspark import SparkContext

sc = SparkContext.getOrCreate()
visits = sc.parallelize([(f"page-{i % 10}", 1) for i in range(400)], 4)
by_page = visits.partitionBy(4)
# mapValues cannot change a key, so the result keeps by_page's partitioner...
weighted = by_page.mapValues(lambda n: n * 2)
# ...and reduceByKey, finding the keys already hash-partitioned into 4, does not shuffle.
counts = weighted.reduceByKey(lambda a, b: a + b)
print(sorted(counts.collect()))
