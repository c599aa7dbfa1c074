"""
SparkContext: the driver's entry point. It starts the application on
Kindling's engine (executors, schedulers), and creates RDDs, broadcast
variables and accumulators.
"""

import os
import sys
import threading

from pyspark import accumulators
from pyspark.accumulators import Accumulator
from pyspark.conf import SparkConf
from pyspark.core.broadcast import Broadcast, BroadcastPickleRegistry
from pyspark.core.rdd import RDD
from pyspark.errors import PySparkRuntimeError
from pyspark.java_gateway import JavaSparkContext, launch_gateway
from pyspark.serializers import (
    AutoBatchedSerializer,
    BatchedSerializer,
    CPickleSerializer,
    NoOpSerializer,
    UTF8Deserializer,
)
from pyspark.storagelevel import StorageLevel
from pyspark.taskcontext import TaskContext
from pyspark.traceback_utils import CallSite, first_spark_call

__all__ = ["SparkContext"]

DEFAULT_CONFIGS = {"spark.serializer.objectStreamReset": 100, "spark.rdd.compress": True}


class SparkContext:
    """
    The entry point to Spark: a connection to the cluster (here, Kindling's
    executors in this browser), used to create RDDs, accumulators and
    broadcast variables. Only one may be active at a time.

    >>> from pyspark import SparkConf, SparkContext
    >>> sc = SparkContext.getOrCreate(SparkConf().setAppName("example"))  # doctest: +SKIP
    >>> sc.parallelize(range(10), 2).map(lambda x: x * x).sum()  # doctest: +SKIP
    285
    """

    _gateway = None
    _jvm = None
    _next_accum_id = 0
    _active_spark_context = None
    _lock = threading.RLock()
    _python_includes = None

    PACKAGE_EXTENSIONS = (".zip", ".egg", ".jar")

    def __init__(
        self,
        master=None,
        appName=None,
        sparkHome=None,
        pyFiles=None,
        environment=None,
        batchSize=0,
        serializer=CPickleSerializer(),
        conf=None,
        gateway=None,
        jsc=None,
        profiler_cls=None,
        udf_profiler_cls=None,
        memory_profiler_cls=None,
    ):
        SparkContext._assert_on_driver()
        self._callsite = first_spark_call() or CallSite(None, None, None)
        SparkContext._ensure_initialized(self, gateway=gateway, conf=conf)
        try:
            self._do_init(master, appName, sparkHome, pyFiles, environment, batchSize, serializer, conf)
        except BaseException:
            self.stop()
            raise

    def _do_init(self, master, appName, sparkHome, pyFiles, environment, batchSize, serializer, conf):
        self.environment = dict(environment or {})
        requested = SparkConf()
        if conf is not None:
            requested.setAll(conf.getAll())
        self._batchSize = batchSize
        self._unbatched_serializer = serializer
        if batchSize == 0:
            self.serializer = AutoBatchedSerializer(self._unbatched_serializer)
        else:
            self.serializer = BatchedSerializer(self._unbatched_serializer, batchSize)
        if master:
            requested.setMaster(master)
        if appName:
            requested.setAppName(appName)
        if sparkHome:
            requested.setSparkHome(sparkHome)
        for key, value in self.environment.items():
            requested.setExecutorEnv(key, value)
        for key, value in DEFAULT_CONFIGS.items():
            requested.setIfMissing(key, value)

        # The engine starts the application with the cluster it was given, these keys over it.
        self._jsc = JavaSparkContext(requested.getAll())
        self._conf = SparkConf(_jconf=self._jsc.conf())
        self.master = self._conf.get("spark.master", "kindling")
        self.appName = self._conf.get("spark.app.name")
        self.sparkHome = self._conf.get("spark.home", None)
        for key, value in self._conf.getAll():
            if key.startswith("spark.executorEnv."):
                self.environment[key[len("spark.executorEnv.") :]] = value
        self.environment["PYTHONHASHSEED"] = os.environ.get("PYTHONHASHSEED", "0")
        self.pythonExec = "python3"
        self.pythonVer = "%d.%d" % sys.version_info[:2]
        self._pickled_broadcast_vars = BroadcastPickleRegistry()
        self._python_includes = []
        self._temp_dir = "/tmp"
        self.profiler_collector = None
        accumulators._pending_updates = self._jsc.accumulatorUpdates

    def __repr__(self):
        return "<SparkContext master={master} appName={appName}>".format(master=self.master, appName=self.appName)

    @classmethod
    def _ensure_initialized(cls, instance=None, gateway=None, conf=None):
        with SparkContext._lock:
            if not SparkContext._gateway:
                SparkContext._gateway = gateway or launch_gateway(conf)
                SparkContext._jvm = SparkContext._gateway
            if instance:
                active = SparkContext._active_spark_context
                if active and active != instance:
                    callsite = active._callsite
                    raise ValueError(
                        "Cannot run multiple SparkContexts at once; existing SparkContext(app=%s, master=%s)"
                        " created by %s at %s:%s "
                        % (active.appName, active.master, callsite.function, callsite.file, callsite.linenum)
                    )
                SparkContext._active_spark_context = instance

    def __getnewargs__(self):
        raise PySparkRuntimeError(error_class="CONTEXT_ONLY_VALID_ON_DRIVER", message_parameters={})

    def __reduce__(self):
        raise PySparkRuntimeError(error_class="CONTEXT_ONLY_VALID_ON_DRIVER", message_parameters={})

    def __enter__(self):
        return self

    def __exit__(self, type, value, trace):
        self.stop()

    @classmethod
    def getOrCreate(cls, conf=None):
        """The active SparkContext, or a new one with ``conf``."""
        with SparkContext._lock:
            if SparkContext._active_spark_context is None:
                SparkContext(conf=conf or SparkConf())
            return SparkContext._active_spark_context

    def setLogLevel(self, logLevel):
        self._jsc.setLogLevel(logLevel)

    @classmethod
    def setSystemProperty(cls, key, value):
        os.environ[key] = value

    @property
    def version(self):
        return "4.0.0"

    @property
    def applicationId(self):
        return self._jsc.applicationId()

    @property
    def uiWebUrl(self):
        return None

    @property
    def startTime(self):
        return self._jsc.startTime()

    @property
    def defaultParallelism(self):
        return self._jsc.defaultParallelism()

    @property
    def defaultMinPartitions(self):
        return min(self.defaultParallelism, 2)

    def stop(self):
        """Ends the application: running jobs finish, executors stop. A new SparkContext may start after it."""
        if getattr(self, "_jsc", None):
            try:
                self._jsc.stop()
            finally:
                self._jsc = None
        with SparkContext._lock:
            if SparkContext._active_spark_context is self:
                SparkContext._active_spark_context = None
        try:
            from pyspark.sql.session import SparkSession

            SparkSession._forget_context(self)
        except ImportError:
            pass

    def emptyRDD(self):
        return RDD(self._jsc.emptyRDD(), self, NoOpSerializer())

    def range(self, start, end=None, step=1, numSlices=None):
        """An RDD of ints from ``start`` to ``end`` (exclusive); with one argument, from 0 to ``start``."""
        if end is None:
            start, end = 0, start
        return self.parallelize(range(start, end, step), numSlices)

    def parallelize(self, c, numSlices=None):
        """
        Distributes a local collection as an RDD of ``numSlices`` partitions
        (``defaultParallelism`` by default). Elements are pickled in batches,
        as PySpark sends them to its JVM.

        >>> sc.parallelize([0, 2, 3, 4, 6], 5).glom().collect()  # doctest: +SKIP
        [[0], [2], [3], [4], [6]]
        """
        numSlices = int(numSlices) if numSlices is not None else self.defaultParallelism
        if isinstance(c, range):
            size = len(c)
            if size == 0:
                return self.parallelize([], numSlices)
            step = c[1] - c[0] if size > 1 else 1
            first = c[0]

            def getStart(split):
                return first + int(split * size / numSlices) * step

            def f(split, iterator):
                # The partitions are empty; each builds its own slice of the range.
                return range(getStart(split), getStart(split + 1), step)

            return self.parallelize([], numSlices).mapPartitionsWithIndex(f)
        if "__len__" not in dir(c):
            c = list(c)
        batchSize = max(1, min(len(c) // numSlices, self._batchSize or 1024))
        serializer = BatchedSerializer(self._unbatched_serializer, batchSize)
        batches = list(serializer.dump_stream(c))
        return RDD(self._jsc.readRDDFromBatches(batches, numSlices), self, serializer)

    def textFile(self, name, minPartitions=None, use_unicode=True):
        """
        The lines of the text files at ``name`` (a file, a folder or a glob),
        split as Hadoop splits them into at least ``minPartitions`` partitions.
        """
        minPartitions = minPartitions or min(self.defaultParallelism, 2)
        return RDD(self._jsc.textFile(name, minPartitions), self, UTF8Deserializer(use_unicode))

    def wholeTextFiles(self, path, minPartitions=None, use_unicode=True):
        raise NotImplementedError("wholeTextFiles is not available in Kindling; read files with textFile")

    def union(self, rdds):
        first = rdds[0]._jrdd_deserializer
        if any(rdd._jrdd_deserializer != first for rdd in rdds):
            rdds = [rdd._reserialize() for rdd in rdds]
        return RDD(self._jsc.union([rdd._jrdd for rdd in rdds]), self, rdds[0]._jrdd_deserializer)

    def broadcast(self, value):
        """A read-only value sent once to each executor: use ``b.value`` in functions."""
        return Broadcast(self, value, self._pickled_broadcast_vars)

    def accumulator(self, value, accum_param=None):
        """
        An accumulator starting at ``value``; ints, floats and complex numbers
        add by themselves, other types need an AccumulatorParam.
        """
        if accum_param is None:
            if isinstance(value, bool):
                raise TypeError("No default accumulator param for type %s" % type(value))
            if isinstance(value, int):
                accum_param = accumulators.INT_ACCUMULATOR_PARAM
            elif isinstance(value, float):
                accum_param = accumulators.FLOAT_ACCUMULATOR_PARAM
            elif isinstance(value, complex):
                accum_param = accumulators.COMPLEX_ACCUMULATOR_PARAM
            else:
                raise TypeError("No default accumulator param for type %s" % type(value))
        SparkContext._next_accum_id += 1
        return Accumulator(SparkContext._next_accum_id - 1, value, accum_param)

    def addFile(self, path, recursive=False):
        raise NotImplementedError("addFile is not available in Kindling: executors read files with textFile")

    def addPyFile(self, path):
        raise NotImplementedError("addPyFile is not available in Kindling: put the code in the program itself")

    def setCheckpointDir(self, dirName):
        self._checkpoint_dir = dirName

    def getCheckpointDir(self):
        return getattr(self, "_checkpoint_dir", None)

    def _getJavaStorageLevel(self, storageLevel):
        if not isinstance(storageLevel, StorageLevel):
            raise TypeError("storageLevel must be of type pyspark.StorageLevel")
        return storageLevel

    def setJobGroup(self, groupId, description, interruptOnCancel=False):
        self._jsc.setJobGroup(groupId, description, interruptOnCancel)

    def setLocalProperty(self, key, value):
        self._jsc.setLocalProperty(key, value)

    def getLocalProperty(self, key):
        return self._jsc.getLocalProperty(key)

    def setJobDescription(self, value):
        self._jsc.setJobDescription(value)

    def sparkUser(self):
        return "kindling"

    def cancelAllJobs(self):
        self._jsc.cancelAllJobs()

    def runJob(self, rdd, partitionFunc, partitions=None, allowLocal=False):
        """
        Runs ``partitionFunc`` on the given partitions of ``rdd`` (all by
        default) in one job, and returns the elements it produced, in order.
        """
        if partitions is None:
            partitions = list(range(rdd.getNumPartitions()))
        mappedRDD = rdd.mapPartitions(partitionFunc)
        records = self._jsc.runJob(mappedRDD._jrdd, partitions)
        return list(mappedRDD._jrdd_deserializer.load_stream(records))

    def getConf(self):
        conf = SparkConf()
        conf.setAll(self._conf.getAll())
        return conf

    @property
    def resources(self):
        return {}

    # ------------------------------------------------------------------ Kindling's cluster

    def killExecutor(self, executorId):
        """Kills an executor as a cluster manager would: its cached blocks and shuffle files are lost."""
        return self._jsc.killExecutor(executorId)

    @property
    def executorIds(self):
        """The ids of the executors alive now ("0", "1", ...)."""
        return self._jsc.executorIds()

    @property
    def faults(self):
        """Deterministic fault injection (Kindling only): ``sc.faults.inject(kind="failTask", stageId=1, partition=0)``."""
        return _Faults(self)

    @staticmethod
    def _assert_on_driver():
        if TaskContext.get() is not None:
            raise PySparkRuntimeError(error_class="CONTEXT_ONLY_VALID_ON_DRIVER", message_parameters={})


class _Faults:
    def __init__(self, sc):
        self._sc = sc

    def inject(self, spec=None, **kwargs):
        """The same faults as JavaScript programs' ``sc.faults.inject({...})``, as a dict or keyword arguments."""
        merged = dict(spec or {})
        merged.update(kwargs)
        self._sc._jsc.injectFault(merged)

