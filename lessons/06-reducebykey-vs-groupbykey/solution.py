from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# 40,000 sales over 40 stores, generated on the executors.
sales = sc.range(0, 40000, 1, 4).map(
    lambda i: (f"store-{i % 40}", {"amount": i % 100, "method": "card" if i % 3 == 0 else "cash"})
)

# Keep only the amount, then add: each map task sums its own sales per store
# before the shuffle, so it writes one total per store, not a list of every sale.
totals = sales.mapValues(lambda sale: sale["amount"]).reduceByKey(lambda a, b: a + b)

result = sorted(totals.collect())
print("stores:", len(result))
print("first three:", result[:3])
