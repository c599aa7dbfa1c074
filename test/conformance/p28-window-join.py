# Windows and joins from Python, adaptive execution off (the plans of s04-sql-window-repartition and
# s03-sql-joins-static):
# - A window is clustered by its partition keys: Exchange hashpartitioning(region, 200), then sorted: [4, 200]
#   (WindowExec.requiredChildDistribution); rank ties, row_number does not.
# - Two DataFrames of unknown size (createDataFrame scans an existing RDD) join by sort-merge: both sides shuffled
#   into 200 partitions, then merged: [4, 4, 200] (JoinSelection, SortMergeJoinExec).
# - F.broadcast makes a broadcast hash join: a job collects the small side first ([4]), then the other side runs
#   without a shuffle ([4]) (BroadcastExchangeExec).
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("window and join").config("spark.sql.adaptive.enabled", "false").getOrCreate()
sales = spark.createDataFrame(
    [("east", "ann", 30), ("east", "bob", 50), ("west", "cy", 20), ("west", "di", 20), ("west", "ed", 10)],
    ["region", "rep", "amount"],
)
w = Window.partitionBy("region").orderBy(F.desc("amount"))
ranked = sales.withColumn("rank", F.rank().over(w)).withColumn("rn", F.row_number().over(w)).collect()
print(sorted("%s:%d/%d" % (r.rep, r["rank"], r.rn) for r in ranked))
regions = spark.createDataFrame([("east", "Boston"), ("west", "Denver")], ["region", "office"])
print(sorted(sales.join(regions, "region").select("rep", "office").collect()))
print(sorted(sales.join(F.broadcast(regions), sales.region == regions.region, "left").select(sales.rep, regions.office).collect()))
spark.stop()
