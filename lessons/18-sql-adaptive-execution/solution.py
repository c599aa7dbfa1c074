from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()
# Keep the sort-merge join (no broadcast at run time), and call a partition skewed at data this small.
spark.conf.set("spark.sql.adaptive.autoBroadcastJoinThreshold", "-1")
spark.conf.set("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "1k")
spark.conf.set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "1k")
# 6,000 orders of 120 products (a third of them of product 7) and the 120 products: rows made in the program,
# so the planner knows nothing of their size until they have been shuffled.
orders = spark.createDataFrame(
    [(i, 7 if i % 3 == 0 else i % 120, (i * 13) % 50) for i in range(6000)],
    ["order_id", "product_id", "amount"],
)
products = spark.createDataFrame([(i, f"category-{i % 5}") for i in range(120)], ["product_id", "category"])
revenue = orders.join(products, "product_id").groupBy("category").agg(F.sum("amount").alias("revenue"))
rows = revenue.collect()
print("\n".join(sorted(f"{r.category}: {r.revenue}" for r in rows)))
revenue.explain()
