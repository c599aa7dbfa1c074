# A runaway loop in the Python driver program is stopped at its line too: the driver's interpreter reads its
# interrupt buffer between bytecodes, and the guard answers SIGINT once the driver's thread has had no free moment
# for kindling.task.timeout less a tenth (1.8 s of the 2 s set below). The program ends with Python's traceback of
# the KeyboardInterrupt at the loop's line, and Kindling's note saying why.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
print(sc.parallelize([1, 2, 3], 3).count())
spins = 0
while True:
    spins += 1
