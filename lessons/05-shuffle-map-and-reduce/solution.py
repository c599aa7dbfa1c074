from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# 2000 sales: (store, amount)
sales = sc.parallelize([(f"store-{i % 20}", (i * 7) % 100) for i in range(2000)], 4)
# Filter on the map side, before the shuffle: only two stores' records are written.
wanted_sales = sales.filter(lambda sale: sale[0] == "store-3" or sale[0] == "store-7")
wanted = wanted_sales.reduceByKey(lambda a, b: a + b, 3)
print(sorted(wanted.collect()))
