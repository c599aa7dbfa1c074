from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# 2000 sales: (store, amount)
sales = sc.parallelize([(f"store-{i % 20}", (i * 7) % 100) for i in range(2000)], 4)
totals = sales.reduceByKey(lambda a, b: a + b, 3)
wanted = totals.filter(lambda sale: sale[0] == "store-3" or sale[0] == "store-7")
print(sorted(wanted.collect()))
