# A PipelinedRDD's functions are pickled once, when a job first needs its PythonRDD (PipelinedRDD._jrdd),
# with the values their free variables have then. scaled's second collect reuses that pickle (factor
# was 2); an RDD made after the change pickles factor = 10. Three jobs of one stage, 2 tasks each.
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("closures").getOrCreate()
sc = spark.sparkContext
factor = 2
scaled = sc.parallelize([1, 2, 3], 2).map(lambda x: x * factor)
print(scaled.collect())
factor = 10
print(scaled.collect())
print(sc.parallelize([1, 2, 3], 2).map(lambda x: x * factor).collect())
spark.stop()
