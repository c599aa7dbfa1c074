from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# 40,000 sales over 40 stores, generated on the executors.
sales = sc.range(0, 40000, 1, 4).map(
    lambda i: (f"store-{i % 40}", {"amount": i % 100, "method": "card" if i % 3 == 0 else "cash"})
)

totals = sales.groupByKey().mapValues(lambda sales: sum(sale["amount"] for sale in sales))

result = sorted(totals.collect())
print("stores:", len(result))
print("first three:", result[:3])
