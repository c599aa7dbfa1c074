from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()
# The plan as planned, on 8 shuffle partitions; users are joined as if they were too many to broadcast.
spark.conf.set("spark.sql.adaptive.enabled", "false")
spark.conf.set("spark.sql.shuffle.partitions", "8")
spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
spark.conf.set("spark.sql.files.maxPartitionBytes", "128k")

sessions = spark.read.csv("data/sessions.csv", header=True, inferSchema=True)
users = spark.read.parquet("data/users.parquet")
engaged = sessions.filter("pages >= 3")
per_country = (
    engaged.join(users, "user_id")
    .groupBy("country")
    .agg(F.count("*").alias("sessions"), F.round(F.avg("duration_s"), 1).alias("avg_seconds"))
)
rows = per_country.collect()
print(", ".join(sorted(f"{r.country}: {r.sessions}" for r in rows)))
