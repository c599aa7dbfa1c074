# DataFrame aggregates, sorts and limits from Python, adaptive execution off. PySpark's DataFrame methods build
# the JVM's plan (pyspark/sql/classic/dataframe.py), so the layouts are those of s01-sql-aggregates-static and no
# Python runs on executors:
# - groupBy(id % 10).count(): partial HashAggregate in the 4 Range tasks, Exchange hashpartitioning(_, 200), final
#   HashAggregate in 200 tasks (AggUtils.planAggregateWithoutDistinct, spark.sql.shuffle.partitions): [4, 200].
# - count() is Dataset.count: groupBy().count(), gathered by Exchange SinglePartition (AllTuples): [4, 1].
# - orderBy: Exchange rangepartitioning needs its RangePartitioner first, a sampling job over the 4 input tasks;
#   7 keys give 7 bounds, so 8 partitions (ShuffleExchangeExec.prepareShuffleDependency,
#   RangePartitioner.determineBounds): [4], [4, 8].
# - take(5) is limit(5).collect(), CollectLimitExec run by SparkPlan.executeTake: 1 partition first ([1]); when a
#   filter leaves too few rows there, 4x more, capped at the 3 left ([1], [3]).
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("dataframe aggregates").config("spark.sql.adaptive.enabled", "false").getOrCreate()
counts = spark.range(0, 100, 1, 4).groupBy((F.col("id") % 10).alias("k")).count()
print(sorted((row.k, row["count"]) for row in counts.collect()))
print(spark.range(0, 100, 1, 4).count())
ordered = spark.range(0, 1000, 1, 4).select((F.col("id") % 7).alias("m")).orderBy(F.desc("m")).collect()
print(len(ordered), ordered[0], ordered[999].m)
print([row.id for row in spark.range(0, 100, 1, 4).take(5)])
print(spark.range(0, 100, 1, 4).filter("id > 90").take(5))
spark.stop()
