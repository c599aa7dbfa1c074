# A Python exception in a task fails the attempt with Spark's PythonException carrying the Python
# traceback; after spark.task.maxFailures (4) attempts the job aborts, and the driver raises py4j's
# Py4JJavaError with Spark's "Job aborted due to stage failure" message.
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("failure"))


def invert(x):
    return 10 // (x - 3)


print(sc.parallelize(range(6), 2).map(invert).collect())
