from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# A large table of orders, (customer_id, amount), and a small table of customers, (customer_id, tier).
orders = sc.parallelize([(i % 50, (i * 13) % 200) for i in range(1000)], 4)
customers = sc.parallelize([(id, "gold" if id % 5 == 0 else "basic") for id in range(50)], 2)

joined = orders.join(customers)
by_tier = joined.map(lambda row: (row[1][1], row[1][0])).reduceByKey(lambda a, b: a + b)
print(sorted(by_tier.collect()))
