from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# A large table of orders, (customer_id, amount), and a small table of customers, (customer_id, tier).
orders = sc.parallelize([(i % 50, (i * 13) % 200) for i in range(1000)], 4)
customers = sc.parallelize([(id, "gold" if id % 5 == 0 else "basic") for id in range(50)], 2)

# Broadcast join: bring the small table to the driver once, send it to every
# executor once, and look customers up inside the map. The orders never move.
tier_of = sc.broadcast(customers.collectAsMap())
by_tier = orders.map(lambda order: (tier_of.value[order[0]], order[1])).reduceByKey(lambda a, b: a + b)
print(sorted(by_tier.collect()))
