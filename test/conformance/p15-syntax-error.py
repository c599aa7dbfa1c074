# A syntax error stops the program before anything runs, with Python's line and caret.
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate(
print("never")
