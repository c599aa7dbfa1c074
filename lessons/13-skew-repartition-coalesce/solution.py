from pyspark import SparkContext

sc = SparkContext.getOrCreate()
# 400 log lines in 8 partitions; the 100 errors all sit in the first two.
lines = sc.parallelize([f"ERROR {i}" if i < 100 else f"INFO {i}" for i in range(400)], 8)
errors = lines.filter(lambda line: line.startswith("ERROR"))

# repartition shuffles: every map task deals its records out in turn over the
# 2 new partitions (PySpark in batches of 10 pickled lines), so each gets about
# half of the errors, wherever they started.
fewer = errors.repartition(2)
sizes = fewer.glom().map(len).collect()
print("errors per partition:", sizes)
print("errors:", fewer.count())
