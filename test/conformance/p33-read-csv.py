# spark.read.csv from Python: PySpark's DataFrameReader passes its keyword options to the JVM's reader, so the
# jobs are those of s10-sql-read-csv (Spark 4.0 DataSource.resolveRelation -> CSVFileFormat.inferSchema ->
# TextInputCSVDataSource.infer): the first line by take(1) on the files read as text (a SQL execution whose
# CollectLimit scans one partition first: SparkPlan.executeTake), then with inferSchema one aggregate job over
# every partition (CSVInferSchema.infer: tokenRDD.aggregate). Without inferSchema only the first-line job runs;
# with a schema (a StructType here) no job runs. The file is one partition (FilePartition.getFilePartitions with
# the default maxPartitionBytes), so count() needs no Exchange (one partition satisfies AllTuples:
# Partitioning.satisfies) and is one job of one task, as first() is: [1], [1], [1], [1], [1].
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DateType, DoubleType, IntegerType, StringType, StructField, StructType

spark = SparkSession.builder.appName("read csv").getOrCreate()
orders = spark.read.csv("sql-data/orders.csv", header=True, inferSchema=True)
orders.printSchema()
print(spark.read.option("header", True).csv("sql-data/orders.csv").dtypes)
schema = StructType([StructField("id", IntegerType()), StructField("product", StringType()), StructField("qty", IntegerType()),
                     StructField("price", DoubleType()), StructField("day", DateType())])
given = spark.read.schema(schema).csv("sql-data/orders.csv", header=True)
print(given.columns)
print(orders.count())
print(given.filter(F.col("qty") > 2).orderBy("id").select("product", "day").first())
spark.stop()
