# df.write from Python: PySpark's DataFrameWriter hands its mode, format and options to the JVM's writer
# (DataFrameWriter.scala), which checks the save mode on the driver before any job
# (InsertIntoHadoopFsRelationCommand.run: an existing path fails with PATH_ALREADY_EXISTS under the default
# errorifexists, "ignore" writes nothing, "overwrite" deletes the folder first), then runs one write job with a
# task per partition of the query (FileFormatWriter.write: sparkContext.runJob over the query's RDD), each task
# writing a part file; the driver commits the job with _SUCCESS, which readers skip (a name starting with "_" is
# hidden: PartitioningAwareFileIndex). Adaptive execution is off.
# - PySpark's createDataFrame of local rows parallelizes them (SparkSession._createFromLocal), so the 3 rows are
#   defaultParallelism = 4 slices of a LogicalRDD.
# - coalesce(1).write (overwrite, so a second run finds the same): one write job of one task: [1].
# - read back with header and inferSchema: the first-line job and the inference job (s10-sql-read-csv), one
#   part file so one task each: [1], [1]; collect: [1].
# - write.csv without a mode fails with PATH_ALREADY_EXISTS and "ignore" skips it: no job.
# - format("json").save over the 4 slices: [4]. The 3 rows leave slice 0 empty, which still writes its file
#   (FileFormatWriter writes partition 0 even when empty). read.json folds the schema in one job over the other
#   3 files, each a split of its own (PartitionedFileUtil.splitFiles gives an empty file none;
#   FilePartition.getFilePartitions: a file's size plus openCostInBytes, 4 MB, reaches maxSplitBytes =
#   max(openCostInBytes, total / 4) after one file): [3]; count(): [3, 1].
from pyspark.sql import SparkSession
from pyspark.errors import AnalysisException

spark = SparkSession.builder.appName("write").config("spark.sql.adaptive.enabled", "false").getOrCreate()
people = spark.createDataFrame([(1, "Ada", 36.5), (2, "Grace", None), (3, "Linus, Jr", 28.0)], ["id", "name", "score"])
people.coalesce(1).write.mode("overwrite").csv("out/people", header=True)
back = spark.read.csv("out/people", header=True, inferSchema=True)
print(back.dtypes)
print(sorted(back.collect()))
try:
    people.write.csv("out/people")
except AnalysisException as e:
    print("refused:", e.getCondition())
people.write.mode("ignore").csv("out/people")
people.write.mode("overwrite").format("json").save("out/people-json")
again = spark.read.json("out/people-json")
print(again.columns, again.count())
spark.stop()
