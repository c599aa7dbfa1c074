from pyspark import SparkContext

sc = SparkContext.getOrCreate()

# Each book is one file, and each file is one block stored on one of the 4 hosts.
books = sc.textFile("data/books/*.txt").cache()
print("lines:", books.count())

# Executor 1 holds the cached partitions 0, 2 and 3. Slowing partition 0 (stage 1
# is the second job's stage) keeps executor 1's only core busy for 5 s. The tasks
# for partitions 2 and 3 wait 1 s at PROCESS_LOCAL, 1 s at NODE_LOCAL and 1 s at
# RACK_LOCAL, then run ANY on executor 0, which has nothing cached for them.
# (sc.faults is Kindling's own: on a real cluster this part is skipped.)
if hasattr(sc, "faults"):
    sc.faults.inject(kind="slowPartition", stageId=1, partition=0, delayMs=5000)

words = books.flatMap(lambda line: line.split(" "))
print("words:", words.count())
