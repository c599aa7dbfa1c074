from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()
# Adaptive execution would merge 200 nearly empty shuffle partitions into one task, hiding the setting
# this lesson is about; turn it off first.
spark.conf.set("spark.sql.adaptive.enabled", "false")
# 20,000 page views of 50 pages, in 4 partitions.
views = spark.range(0, 20000, 1, 4).withColumn("page", F.col("id") % 50)
per_page = views.groupBy("page").count()
rows = per_page.collect()
print(len(rows), "pages")
