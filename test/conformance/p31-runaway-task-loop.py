# A Python task that loops for ever loses only its attempt, not its task thread's Python: the interpreter reads its
# interrupt buffer between bytecodes, and Kindling's guard answers SIGINT once the thread has had no free moment
# for kindling.task.timeout less a tenth (2.7 s of the 3 s set below), so the loop raises KeyboardInterrupt at
# its line. The attempt fails with Spark's PythonException and that traceback; with spark.task.maxFailures set
# to 1 the job aborts at once with Spark's "failed 1 times" message (TaskSetManager). The executor's one task
# thread keeps its interpreter: the counter kept in it counts the earlier tasks' calls (a fresh thread would
# start again from 1).
import inspect

from pyspark import SparkConf, SparkContext
from py4j.protocol import Py4JJavaError

sc = SparkContext(conf=SparkConf().setAppName("runaway task"))


def count_call(x):
    import builtins

    builtins.kindling_calls = getattr(builtins, "kindling_calls", 0) + 1
    return builtins.kindling_calls


def spin(x):
    count_call(x)
    while True:
        x += 1


print(sc.parallelize([1], 1).map(count_call).collect())
try:
    sc.parallelize([1], 1).map(spin).collect()
except Py4JJavaError as e:
    print(str(e.java_exception).split("\n")[0])
    first = inspect.getsourcelines(spin)[1]
    loop_lines = ["line %d, in spin" % (first + n) for n in (2, 3)]
    print("KeyboardInterrupt" in str(e), any(line in str(e) for line in loop_lines))
print(sc.parallelize([1], 1).map(count_call).collect())
