# A Python UDF that raises fails its task with the worker's Python traceback; after spark.task.maxFailures (4)
# attempts the job aborts. PySpark's capture_sql_exception raises it on the driver as
# pyspark.errors.exceptions.captured.PythonException, worded as convert_exception words it, with the UDF's
# traceback simplified to the program's own frames (spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled);
# the driver's log names the failed task, which is the partition's index (TaskSetManager's "aborting job" line).
from pyspark.sql import SparkSession
from pyspark.sql.functions import udf

spark = SparkSession.builder.appName("failing udf").getOrCreate()
inverse = udf(lambda x: 10 // (x - 5), "int")
spark.range(0, 8, 1, 4).select(inverse("id")).collect()
