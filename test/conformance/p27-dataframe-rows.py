# DataFrames from Python rows and Python's operators on Columns. createDataFrame infers the schema in Python as
# PySpark's _infer_schema does (ints are bigint, floats double, a dict's keys sorted, a Row's fields in order) and
# parallelizes the rows into sc.defaultParallelism = 4 partitions (2 executors x 2 cores), scanned as an existing
# RDD. Column's operators are PySpark's (pyspark/sql/classic/column.py): + - * / % == != < > & | ~ and the
# reflected forms (10 - col); a Column has no truth value. Every collect() here is one job of one stage over the
# 4 partitions (filters and projections are narrow): [4] x 4. show() runs limit(21) through SparkPlan.executeTake:
# partition 0 first (the 3 rows sliced into 4 partitions leave it empty: ParallelCollectionRDD.slice), then
# 4x more capped at the 3 left: [1], [3].
from pyspark.sql import Row, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

spark = SparkSession.builder.appName("dataframe rows").getOrCreate()
people = spark.createDataFrame([("ada", 36, 1.5), ("bob", 7, 2.0), ("cy", 52, None)], ["name", "age", "score"])
print(people.dtypes)
print(people.filter((people.age > 10) & ~(people.name == "cy")).collect())
print(people.select((10 - people.age).alias("a"), (people.age * 2 + 1).alias("b"), (people.age % 5).alias("c"), (people.age / 4).alias("d")).collect())
print(people.select(F.when(people.score.isNull(), "none").otherwise(people.score.cast("string")).alias("s"), people.age.isin(7, 52).alias("in"), people.age.between(30, 40).alias("mid")).collect())
try:
    people.filter(people.age > 10 and people.age < 50)
except ValueError as e:
    print(type(e).__name__, e)
Person = Row("name", "age")
rows = [Person("eve", 20), Person("fay", 31)]
schema = StructType([StructField("name", StringType(), True), StructField("age", LongType(), True)])
print(spark.createDataFrame(rows, schema).schema)
print(spark.createDataFrame([{"name": "gus", "age": 4}]).collect())
spark.createDataFrame([Row(city="Oslo", pop=700000), Row(city="Bergen", pop=290000), Row(city="Troms\u00f8", pop=77000)]).show()
spark.stop()
