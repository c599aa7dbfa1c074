# toDebugString shows the engine lineage PySpark builds, with the JVM's own call sites where PySpark
# sets none: parallelize -> ParallelCollectionRDD "readRDDFromFile at PythonRDD.scala" ; reduceByKey's
# map side (PythonRDD, PairwiseRDD) created under SCCallSiteSync at the program's line; the shuffle
# "partitionBy at NativeMethodAccessorImpl.java:0" (py4j reflection); valueOfPair's mapPartitions;
# and the reduce side's PythonRDD made lazily when toDebugString asks (Spark 4.0 line numbers:
# PythonRDD.scala as of the 4.0.0 development line).
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("lineage"))
counts = sc.parallelize(["a", "b", "a"], 2).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
print(counts.toDebugString().decode())
print(counts.id(), counts.getNumPartitions())
sc.stop()
