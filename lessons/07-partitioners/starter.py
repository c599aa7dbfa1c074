from pyspark import SparkContext

sc = SparkContext.getOrCreate()
visits = sc.parallelize([(f"page-{i % 10}", 1) for i in range(400)], 4)
by_page = visits.partitionBy(4)
weighted = by_page.map(lambda visit: (visit[0], visit[1] * 2))
counts = weighted.reduceByKey(lambda a, b: a + b)
print(sorted(counts.collect()))
