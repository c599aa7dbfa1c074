"""PySpark's core API: SparkContext, RDD, Broadcast."""
