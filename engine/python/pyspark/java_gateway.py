"""
The driver's link to Kindling's engine, which stands where PySpark's JVM
stands: the DAG and task schedulers, the executors, the shuffle. PySpark
reaches its JVM through py4j; here the engine runs in the same Web Worker as
the driver's Python and is reached through a JavaScript object the runner
registers as the module ``kindling_engine``.

Calls that build RDDs return at once. Calls that run a job return when the
job has ended: ``run_sync`` suspends this Python stack (WebAssembly JavaScript
Promise Integration) while the scheduler, in the same worker, runs the job.
An error the engine throws becomes py4j's ``Py4JJavaError``, with the Spark
class name and message PySpark shows.
"""

from py4j.protocol import JavaException, Py4JJavaError

__all__ = ["launch_gateway", "JavaRDD"]

_JAVA_CLASSES = {
    "SparkException": "org.apache.spark.SparkException",
    "RangeError": "java.lang.IllegalArgumentException",
    "TypeError": "java.lang.IllegalArgumentException",
    "TaskKilledException": "org.apache.spark.TaskKilledException",
}


def _java_class(name, message):
    if message.startswith("Input path does not exist"):
        return "org.apache.hadoop.mapred.InvalidInputException"
    if "." in name:
        return name
    return _JAVA_CLASSES.get(name, "java.lang.RuntimeException")


def _engine():
    import kindling_engine

    return kindling_engine.gateway


def _to_py4j_error(target, error):
    js_error = getattr(error, "js_error", None)
    name = getattr(js_error, "name", None) or getattr(error, "name", None) or "Error"
    message = getattr(js_error, "message", None)
    if message is None:
        message = str(error)
    return Py4JJavaError(
        "An error occurred while calling %s.\n" % target,
        JavaException(_java_class(str(name), str(message)), str(message)),
    )


def call(target, method, *args):
    """Calls the engine's ``method``; an engine error becomes Py4JJavaError naming ``target``."""
    from pyodide.ffi import JsException

    try:
        return getattr(_engine(), method)(*args)
    except JsException as e:
        raise _to_py4j_error(target, e) from None


def call_and_wait(target, method, *args):
    """Calls the engine's asynchronous ``method`` and blocks this Python stack until it settles."""
    from pyodide.ffi import JsException, run_sync

    try:
        return run_sync(getattr(_engine(), method)(*args))
    except JsException as e:
        raise _to_py4j_error(target, e) from None


def to_js(value):
    from pyodide.ffi import to_js as convert
    from js import Object

    return convert(value, dict_converter=Object.fromEntries)


def records_to_py(records):
    """The engine's records as Python values: bytes for pickled batches, str for lines, tuples for pairs."""
    out = []
    for record in records:
        out.append(_record_to_py(record))
    return out


def _record_to_py(record):
    if isinstance(record, str) or record is None:
        return record
    if type(record).__name__ == "JsNull":
        return None
    type_name = getattr(record, "constructor", None)
    type_name = getattr(type_name, "name", "")
    if type_name == "Uint8Array":
        return record.to_bytes()
    if type_name == "Array":
        return tuple(_record_to_py(part) for part in record)
    return record


class JavaRDD:
    """A handle to one of the engine's RDDs (PySpark's ``_jrdd``)."""

    def __init__(self, rdd_id):
        self._rdd_id = rdd_id

    def id(self):
        return self._rdd_id

    def rdd(self):
        return self

    def getNumPartitions(self):
        return call("o%d.partitions" % self._rdd_id, "numPartitions", self._rdd_id)

    def toString(self):
        return call("o%d.toString" % self._rdd_id, "rddToString", self._rdd_id)

    def toDebugString(self):
        return call("o%d.toDebugString" % self._rdd_id, "toDebugString", self._rdd_id)

    def name(self):
        return call("o%d.name" % self._rdd_id, "rddName", self._rdd_id)

    def setName(self, name):
        call("o%d.setName" % self._rdd_id, "setName", self._rdd_id, name)
        return self

    def persist(self, level):
        call(
            "o%d.persist" % self._rdd_id,
            "persist",
            self._rdd_id,
            level.useDisk,
            level.useMemory,
            level.deserialized,
            level.replication,
        )
        return self

    def unpersist(self, blocking=False):
        call("o%d.unpersist" % self._rdd_id, "unpersist", self._rdd_id)
        return self

    def getStorageLevel(self):
        flags = call("o%d.getStorageLevel" % self._rdd_id, "storageLevel", self._rdd_id)
        return list(flags)

    def union(self, other):
        return JavaRDD(call("o%d.union" % self._rdd_id, "union", to_js([self._rdd_id, other._rdd_id])))

    def coalesce(self, numPartitions, shuffle):
        return JavaRDD(call("o%d.coalesce" % self._rdd_id, "coalesce", self._rdd_id, numPartitions, bool(shuffle)))

    def cartesian(self, other):
        return JavaRDD(call("o%d.cartesian" % self._rdd_id, "cartesian", self._rdd_id, other._rdd_id))

    def zip(self, other):
        return JavaRDD(call("o%d.zip" % self._rdd_id, "zip", self._rdd_id, other._rdd_id))

    def checkpoint(self):
        call("o%d.checkpoint" % self._rdd_id, "checkpoint", self._rdd_id)

    def isCheckpointed(self):
        return bool(call("o%d.isCheckpointed" % self._rdd_id, "isCheckpointed", self._rdd_id))

    def __eq__(self, other):
        return isinstance(other, JavaRDD) and other._rdd_id == self._rdd_id

    def __hash__(self):
        return hash(self._rdd_id)


class JavaBroadcast:
    def __init__(self, bid):
        self._bid = bid

    def id(self):
        return self._bid

    def unpersist(self, blocking=False):
        call("o%d.unpersist" % self._bid, "unpersistBroadcast", self._bid)

    def destroy(self, blocking=False):
        call("o%d.destroy" % self._bid, "destroyBroadcast", self._bid)


class JavaSparkContext:
    """The engine's SparkContext as the driver's Python sees it (PySpark's ``_jsc``)."""

    def __init__(self, conf_pairs):
        self._conf = dict(call("z:org.apache.spark.api.java.JavaSparkContext", "startContext", to_js(conf_pairs)).to_py())

    def conf(self):
        return self._conf

    def stop(self):
        call_and_wait("o0.stop", "stopContext")

    def applicationId(self):
        return call("o0.applicationId", "applicationId")

    def startTime(self):
        return call("o0.startTime", "startTime")

    def defaultParallelism(self):
        return call("o0.defaultParallelism", "defaultParallelism")

    def setCallSite(self, site):
        call("o0.setCallSite", "setCallSite", site)

    def setLocalProperty(self, key, value):
        call("o0.setLocalProperty", "setLocalProperty", key, value)

    def getLocalProperty(self, key):
        return call("o0.getLocalProperty", "getLocalProperty", key)

    def setJobGroup(self, groupId, description, interruptOnCancel=False):
        call("o0.setJobGroup", "setJobGroup", groupId, description)

    def setJobDescription(self, value):
        call("o0.setJobDescription", "setJobDescription", value)

    def cancelAllJobs(self):
        call("o0.cancelAllJobs", "cancelAllJobs")

    def setLogLevel(self, level):
        call("o0.setLogLevel", "setLogLevel", level)

    def textFile(self, path, minPartitions):
        return JavaRDD(call("o0.textFile", "textFile", path, minPartitions))

    def emptyRDD(self):
        return JavaRDD(call("o0.emptyRDD", "emptyRDD"))

    def readRDDFromBatches(self, batches, numSlices):
        return JavaRDD(
            call(
                "z:org.apache.spark.api.python.PythonRDD.readRDDFromFile",
                "readRDDFromBatches",
                to_js(batches),
                numSlices,
            )
        )

    def union(self, jrdds):
        return JavaRDD(call("o0.union", "union", to_js([j.id() for j in jrdds])))

    def pythonRDD(self, parent, command, preservesPartitioning, broadcastIds):
        return JavaRDD(
            call(
                "None.org.apache.spark.api.python.PythonRDD",
                "pythonRDD",
                parent.id(),
                to_js(command),
                bool(preservesPartitioning),
                to_js(list(broadcastIds)),
            )
        )

    def pairwiseRDD(self, jrdd):
        return JavaRDD(call("None.org.apache.spark.api.python.PairwiseRDD", "pairwiseRDD", jrdd.id()))

    def partitionBy(self, pair_jrdd, numPartitions, partitionFuncId):
        return JavaRDD(call("o%d.partitionBy" % pair_jrdd.id(), "partitionBy", pair_jrdd.id(), numPartitions, partitionFuncId))

    def valueOfPair(self, jrdd):
        return JavaRDD(call("z:org.apache.spark.api.python.PythonRDD.valueOfPair", "valueOfPair", jrdd.id()))

    def collectAndServe(self, jrdd):
        return records_to_py(
            call_and_wait("z:org.apache.spark.api.python.PythonRDD.collectAndServe", "runJob", jrdd.id(), None)
        )

    def runJob(self, jrdd, partitions):
        return records_to_py(
            call_and_wait("z:org.apache.spark.api.python.PythonRDD.runJob", "runJob", jrdd.id(), to_js(list(partitions)))
        )

    def countApproxDistinct(self, jrdd, relativeSD):
        """The JVM's RDD.countApproxDistinct (HyperLogLog++) over an RDD of plain values."""
        return call_and_wait("o%d.countApproxDistinct" % jrdd.id(), "countApproxDistinct", jrdd.id(), relativeSD)

    def saveAsTextFile(self, jrdd, path):
        call_and_wait("o%d.saveAsTextFile" % jrdd.id(), "saveAsTextFile", jrdd.id(), path)

    def broadcast(self, data):
        return JavaBroadcast(call("o0.broadcast", "broadcast", to_js(data)))

    def accumulatorUpdates(self):
        return [update.to_bytes() for update in call("o0.accumulatorUpdates", "accumulatorUpdates")]

    def killExecutor(self, executorId):
        return bool(call_and_wait("o0.killExecutor", "killExecutor", str(executorId)))

    def injectFault(self, spec):
        call("o0.faults", "injectFault", to_js(spec))

    def executorIds(self):
        return list(call("o0.executorIds", "executorIds"))

    def uiWebUrl(self):
        return None


def launch_gateway(conf=None):
    """The engine, once per driver: there is nothing to launch, it already runs in this worker."""
    return _engine()
