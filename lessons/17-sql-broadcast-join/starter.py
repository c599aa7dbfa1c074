from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()
# The plan as planned, on 8 shuffle partitions (200 by default: lesson 16); no automatic broadcasts.
spark.conf.set("spark.sql.adaptive.enabled", "false")
spark.conf.set("spark.sql.shuffle.partitions", "8")
spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")

orders = spark.read.parquet("data/orders.parquet")
products = spark.read.parquet("data/products.parquet")
revenue = (
    orders.filter("status = 'completed'")
    .join(products, "product_id")
    .withColumn("revenue", F.col("quantity") * F.col("price"))
    .groupBy("category")
    .agg(F.round(F.sum("revenue"), 2).alias("revenue"))
)
ranked = revenue.orderBy(F.desc("revenue")).collect()
print("\n".join(f"{r.category}: {r.revenue}" for r in ranked))
