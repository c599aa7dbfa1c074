"""
RDD: PySpark's Resilient Distributed Dataset, built as PySpark builds it.

A Python RDD is a handle to an RDD of the engine (``_jrdd``) whose records
are pickled batches, plus the serializer that reads them. Transformations
are Python functions over a partition's iterator, chained into one
``PipelinedRDD`` until something stops the chain (a shuffle, a cached RDD);
the chain becomes one ``PythonRDD`` of the engine, pickled once, when a job
first needs it. Shuffles go through ``partitionBy``: the map side computes
each key's partition with ``portable_hash`` in Python and ships
(partition, batch) pairs through a ``PairwiseRDD``; the engine only moves the
bytes. So the jobs, stages, task counts and lineage a PySpark program gets
are PySpark's, which differ from Scala's in places: ``sortByKey`` runs a
``count`` job and a ``sample`` job first, ``countByKey`` and ``countByValue``
reduce on the driver without a shuffle, ``distinct`` and joins are built
from ``reduceByKey`` and ``groupByKey``.
"""

import bisect
import copy
import heapq
import operator
import os
import random
import sys
from collections import defaultdict
from functools import reduce
from itertools import chain
from math import ceil, isinf, isnan, log, pow, sqrt

from pyspark.cpython_hash import hash64
from pyspark.errors import PySparkRuntimeError
from pyspark.join import (
    python_cogroup,
    python_full_outer_join,
    python_join,
    python_left_outer_join,
    python_right_outer_join,
)
from pyspark.rddsampler import RDDRangeSampler, RDDSampler, RDDStratifiedSampler
from pyspark.resultiterable import ResultIterable
from pyspark.serializers import (
    AutoBatchedSerializer,
    BatchedSerializer,
    CartesianDeserializer,
    CloudPickleSerializer,
    CPickleSerializer,
    NoOpSerializer,
    PairDeserializer,
    pack_long,
)
from pyspark.shuffle import Aggregator, ExternalGroupBy, ExternalMerger, ExternalSorter, get_used_memory
from pyspark.statcounter import StatCounter
from pyspark.storagelevel import StorageLevel
from pyspark.traceback_utils import SCCallSiteSync
from pyspark.util import _parse_memory, fail_on_stopiteration

__all__ = ["RDD"]


# sys.maxsize of the 64-bit CPython Spark clusters run (this Python is 32-bit WebAssembly).
_MAXSIZE_64 = (1 << 63) - 1


def portable_hash(x):
    """
    A hash that is the same in every Python interpreter (given PYTHONHASHSEED):
    it decides which partition a key goes to. Values are those of 64-bit
    CPython, so keys land where a real cluster would put them.

    >>> portable_hash(None)
    0
    >>> portable_hash("a") % 4
    3
    """
    if "PYTHONHASHSEED" not in os.environ:
        raise PySparkRuntimeError(error_class="PYTHON_HASH_SEED_NOT_SET", message_parameters={})
    if x is None:
        return 0
    if isinstance(x, tuple):
        h = 0x345678
        for item in x:
            h ^= portable_hash(item)
            h *= 1000003
            h &= _MAXSIZE_64
        h ^= len(x)
        if h == -1:
            h = -2
        return int(h)
    return hash64(x)


class BoundedFloat(float):
    def __new__(cls, mean, confidence, low, high):
        obj = float.__new__(cls, mean)
        obj.confidence = confidence
        obj.low = low
        obj.high = high
        return obj


class Partitioner:
    """How a Python RDD's keys were placed: a partition count and the function that chose."""

    def __init__(self, numPartitions, partitionFunc):
        self.numPartitions = numPartitions
        self.partitionFunc = partitionFunc

    def __eq__(self, other):
        return (
            isinstance(other, Partitioner)
            and self.numPartitions == other.numPartitions
            and self.partitionFunc == other.partitionFunc
        )

    def __call__(self, k):
        return self.partitionFunc(k) % self.numPartitions


class RDD:
    """
    A distributed collection of Python objects: transformations build new
    RDDs lazily, actions run jobs on the executors and return their results.
    """

    def __init__(self, jrdd, ctx, jrdd_deserializer=AutoBatchedSerializer(CPickleSerializer())):
        self._jrdd = jrdd
        self.is_cached = False
        self.is_checkpointed = False
        self.has_resource_profile = False
        self.ctx = ctx
        self._jrdd_deserializer = jrdd_deserializer
        self._id = jrdd.id()
        self.partitioner = None

    def _pickled(self):
        return self._reserialize(AutoBatchedSerializer(CPickleSerializer()))

    def id(self):
        """This RDD's id within its SparkContext (the engine RDD's id)."""
        return self._id

    def __repr__(self):
        return self._jrdd.toString()

    def __getnewargs__(self):
        raise PySparkRuntimeError(error_class="RDD_TRANSFORM_ONLY_VALID_ON_DRIVER", message_parameters={})

    def __reduce__(self):
        raise PySparkRuntimeError(error_class="RDD_TRANSFORM_ONLY_VALID_ON_DRIVER", message_parameters={})

    @property
    def context(self):
        return self.ctx

    # ------------------------------------------------------------------ persistence

    def cache(self):
        """Keeps this RDD's partitions in memory (``StorageLevel.MEMORY_ONLY``) once computed."""
        self.is_cached = True
        self.persist(StorageLevel.MEMORY_ONLY)
        return self

    def persist(self, storageLevel=StorageLevel.MEMORY_ONLY):
        self.is_cached = True
        self._jrdd.persist(self.ctx._getJavaStorageLevel(storageLevel))
        return self

    def unpersist(self, blocking=False):
        self.is_cached = False
        self._jrdd.unpersist(blocking)
        return self

    def checkpoint(self):
        self.is_checkpointed = True
        self._jrdd.rdd().checkpoint()

    def isCheckpointed(self):
        return self._jrdd.rdd().isCheckpointed()

    def getStorageLevel(self):
        useDisk, useMemory, useOffHeap, deserialized, replication = self._jrdd.getStorageLevel()
        return StorageLevel(useDisk, useMemory, useOffHeap, deserialized, replication)

    # ------------------------------------------------------------------ narrow transformations

    def map(self, f, preservesPartitioning=False):
        """
        >>> sorted(sc.parallelize(["b", "a", "c"]).map(lambda x: (x, 1)).collect())  # doctest: +SKIP
        [('a', 1), ('b', 1), ('c', 1)]
        """

        def func(_, iterator):
            return map(fail_on_stopiteration(f), iterator)

        return self.mapPartitionsWithIndex(func, preservesPartitioning)

    def flatMap(self, f, preservesPartitioning=False):
        def func(_, iterator):
            return chain.from_iterable(map(fail_on_stopiteration(f), iterator))

        return self.mapPartitionsWithIndex(func, preservesPartitioning)

    def mapPartitions(self, f, preservesPartitioning=False):
        def func(_, iterator):
            return f(iterator)

        return self.mapPartitionsWithIndex(func, preservesPartitioning)

    def mapPartitionsWithIndex(self, f, preservesPartitioning=False):
        return PipelinedRDD(self, f, preservesPartitioning)

    def mapPartitionsWithSplit(self, f, preservesPartitioning=False):
        import warnings

        warnings.warn(
            "mapPartitionsWithSplit is deprecated; use mapPartitionsWithIndex instead", FutureWarning, stacklevel=2
        )
        return self.mapPartitionsWithIndex(f, preservesPartitioning)

    def getNumPartitions(self):
        return self._jrdd.getNumPartitions()

    def filter(self, f):
        def func(iterator):
            return filter(fail_on_stopiteration(f), iterator)

        return self.mapPartitions(func, True)

    def distinct(self, numPartitions=None):
        return self.map(lambda x: (x, None)).reduceByKey(lambda x, _: x, numPartitions).map(lambda x: x[0])

    def sample(self, withReplacement, fraction, seed=None):
        if not fraction >= 0:
            raise ValueError("Fraction must be nonnegative.")
        return self.mapPartitionsWithIndex(RDDSampler(withReplacement, fraction, seed).func, True)

    def randomSplit(self, weights, seed=None):
        if not all(w >= 0 for w in weights):
            raise ValueError("Weights must be nonnegative")
        total = float(sum(weights))
        if not total > 0:
            raise ValueError("Sum of weights must be positive")
        bounds = [0.0]
        for w in weights:
            bounds.append(bounds[-1] + w / total)
        if seed is None:
            seed = random.randint(0, 2**32 - 1)
        return [
            self.mapPartitionsWithIndex(RDDRangeSampler(lower, upper, seed).func, True)
            for lower, upper in zip(bounds, bounds[1:])
        ]

    def takeSample(self, withReplacement, num, seed=None):
        numStDev = 10.0
        maxSampleSize = sys.maxsize - int(numStDev * sqrt(sys.maxsize))
        if num < 0:
            raise ValueError("Sample size cannot be negative.")
        if num > maxSampleSize:
            raise ValueError("Sample size cannot be greater than %d." % maxSampleSize)
        if num == 0 or self.getNumPartitions() == 0:
            return []
        initialCount = self.count()
        if initialCount == 0:
            return []
        rand = random.Random(seed)
        if not withReplacement and num >= initialCount:
            samples = self.collect()
            rand.shuffle(samples)
            return samples
        fraction = RDD._computeFractionForSampleSize(num, initialCount, withReplacement)
        samples = self.sample(withReplacement, fraction, seed).collect()
        while len(samples) < num:
            seed = rand.randint(0, sys.maxsize)
            samples = self.sample(withReplacement, fraction, seed).collect()
        rand.shuffle(samples)
        return samples[0:num]

    @staticmethod
    def _computeFractionForSampleSize(sampleSizeLowerBound, total, withReplacement):
        fraction = float(sampleSizeLowerBound) / total
        if withReplacement:
            numStDev = 9 if sampleSizeLowerBound < 12 else 5
            return fraction + numStDev * sqrt(fraction / total)
        delta = 0.00005
        gamma = -log(delta) / total
        return min(1, fraction + gamma + sqrt(gamma * gamma + 2 * gamma * fraction))

    def union(self, other):
        if self._jrdd_deserializer == other._jrdd_deserializer:
            rdd = RDD(self._jrdd.union(other._jrdd), self.ctx, self._jrdd_deserializer)
        else:
            # Batches of different shapes cannot share one deserializer: re-pickle both sides alike.
            self_copy = self._reserialize()
            other_copy = other._reserialize()
            rdd = RDD(self_copy._jrdd.union(other_copy._jrdd), self.ctx, self.ctx.serializer)
        if self.partitioner == other.partitioner and self.getNumPartitions() == rdd.getNumPartitions():
            rdd.partitioner = self.partitioner
        return rdd

    def intersection(self, other):
        return (
            self.map(lambda v: (v, None))
            .cogroup(other.map(lambda v: (v, None)))
            .filter(lambda k_vs: all(k_vs[1]))
            .keys()
        )

    def _reserialize(self, serializer=None):
        serializer = serializer or self.ctx.serializer
        if self._jrdd_deserializer != serializer:
            self = self.map(lambda x: x, preservesPartitioning=True)
            self._jrdd_deserializer = serializer
        return self

    def __add__(self, other):
        if not isinstance(other, RDD):
            raise TypeError
        return self.union(other)

    def repartitionAndSortWithinPartitions(
        self, numPartitions=None, partitionFunc=portable_hash, ascending=True, keyfunc=lambda x: x
    ):
        if numPartitions is None:
            numPartitions = self._defaultReducePartitions()
        memory = self._memory_limit()
        serializer = self._jrdd_deserializer

        def sortPartition(iterator):
            sort = ExternalSorter(memory * 0.9, serializer).sorted
            return iter(sort(iterator, key=lambda k_v: keyfunc(k_v[0]), reverse=not ascending))

        return self.partitionBy(numPartitions, partitionFunc).mapPartitions(sortPartition, True)

    def sortByKey(self, ascending=True, numPartitions=None, keyfunc=lambda x: x):
        """
        Sorts by key. Like PySpark's (and unlike Scala's), it first counts the
        RDD in a job, then samples its keys in a second job to pick range
        bounds, and always gives exactly ``numPartitions`` partitions.
        """
        if numPartitions is None:
            numPartitions = self._defaultReducePartitions()
        memory = self._memory_limit()
        serializer = self._jrdd_deserializer

        def sortPartition(iterator):
            sort = ExternalSorter(memory * 0.9, serializer).sorted
            return iter(sort(iterator, key=lambda kv: keyfunc(kv[0]), reverse=not ascending))

        if numPartitions == 1:
            if self.getNumPartitions() > 1:
                self = self.coalesce(1)
            return self.mapPartitions(sortPartition, True)

        rddSize = self.count()
        if not rddSize:
            return self
        maxSampleSize = numPartitions * 20.0
        fraction = min(maxSampleSize / max(rddSize, 1), 1.0)
        samples = self.sample(False, fraction, 1).map(lambda kv: kv[0]).collect()
        samples = sorted(samples, key=keyfunc)
        bounds = [samples[int(len(samples) * (i + 1) / numPartitions)] for i in range(0, numPartitions - 1)]

        def rangePartitioner(k):
            p = bisect.bisect_left(bounds, keyfunc(k))
            return p if ascending else numPartitions - 1 - p

        return self.partitionBy(numPartitions, rangePartitioner).mapPartitions(sortPartition, True)

    def sortBy(self, keyfunc, ascending=True, numPartitions=None):
        return self.keyBy(keyfunc).sortByKey(ascending, numPartitions).values()

    def glom(self):
        def func(iterator):
            yield list(iterator)

        return self.mapPartitions(func)

    def cartesian(self, other):
        deserializer = CartesianDeserializer(self._jrdd_deserializer, other._jrdd_deserializer)
        return RDD(self._jrdd.cartesian(other._jrdd), self.ctx, deserializer)

    def groupBy(self, f, numPartitions=None, partitionFunc=portable_hash):
        return self.map(lambda x: (f(x), x)).groupByKey(numPartitions, partitionFunc)

    def pipe(self, command, env=None, checkCode=False):
        raise NotImplementedError("pipe() needs external processes, which a browser cannot start")

    def foreach(self, f):
        """Runs ``f`` on every element, on the executors: what it prints goes to their logs."""
        f = fail_on_stopiteration(f)

        def processPartition(iterator):
            for x in iterator:
                f(x)
            return iter([])

        self.mapPartitions(processPartition).count()

    def foreachPartition(self, f):
        def func(it):
            r = f(it)
            try:
                return iter(r)
            except TypeError:
                return iter([])

        self.mapPartitions(func).count()

    # ------------------------------------------------------------------ actions

    def collect(self):
        """All elements, in partition order, as a list on the driver."""
        with SCCallSiteSync(self.context):
            records = self.ctx._jsc.collectAndServe(self._jrdd.rdd())
        return list(self._jrdd_deserializer.load_stream(records))

    def collectWithJobGroup(self, groupId, description, interruptOnCancel=False):
        self.ctx.setJobGroup(groupId, description, interruptOnCancel)
        return self.collect()

    def reduce(self, f):
        f = fail_on_stopiteration(f)

        def func(iterator):
            iterator = iter(iterator)
            try:
                initial = next(iterator)
            except StopIteration:
                return
            yield reduce(f, iterator, initial)

        vals = self.mapPartitions(func).collect()
        if vals:
            return reduce(f, vals)
        raise ValueError("Can not reduce() empty RDD")

    def treeReduce(self, f, depth=2):
        if depth < 1:
            raise ValueError("Depth cannot be smaller than 1 but got %d." % depth)
        zeroValue = (None, True)

        def op(x, y):
            if x[1]:
                return y
            if y[1]:
                return x
            return (f(x[0], y[0]), False)

        reduced = self.map(lambda x: (x, False)).treeAggregate(zeroValue, op, op, depth)
        if reduced[1]:
            raise ValueError("Cannot reduce empty RDD.")
        return reduced[0]

    def fold(self, zeroValue, op):
        # PySpark's fold is aggregate's code with one function for both steps; its call site stays "fold at …".
        return self.aggregate(zeroValue, op, op)

    def aggregate(self, zeroValue, seqOp, combOp):
        seqOp = fail_on_stopiteration(seqOp)
        combOp = fail_on_stopiteration(combOp)

        def func(iterator):
            acc = zeroValue
            for obj in iterator:
                acc = seqOp(acc, obj)
            yield acc

        vals = self.mapPartitions(func).collect()
        return reduce(combOp, vals, zeroValue)

    def treeAggregate(self, zeroValue, seqOp, combOp, depth=2):
        if depth < 1:
            raise ValueError("Depth cannot be smaller than 1 but got %d." % depth)
        if self.getNumPartitions() == 0:
            return zeroValue

        def aggregatePartition(iterator):
            acc = zeroValue
            for obj in iterator:
                acc = seqOp(acc, obj)
            yield acc

        partiallyAggregated = self.mapPartitions(aggregatePartition)
        numPartitions = partiallyAggregated.getNumPartitions()
        scale = max(int(ceil(pow(numPartitions, 1.0 / depth))), 2)
        while numPartitions > scale + numPartitions / scale:
            numPartitions /= scale
            curNumPartitions = int(numPartitions)

            def mapPartition(i, iterator):
                for obj in iterator:
                    yield (i % curNumPartitions, obj)

            partiallyAggregated = (
                partiallyAggregated.mapPartitionsWithIndex(mapPartition).reduceByKey(combOp, curNumPartitions).values()
            )
        return partiallyAggregated.reduce(combOp)

    def max(self, key=None):
        if key is None:
            return self.reduce(max)
        return self.reduce(lambda a, b: max(a, b, key=key))

    def min(self, key=None):
        if key is None:
            return self.reduce(min)
        return self.reduce(lambda a, b: min(a, b, key=key))

    def sum(self):
        return self.mapPartitions(lambda x: [sum(x)]).fold(0, operator.add)

    def count(self):
        """The number of elements: each task counts its partition, the driver adds the counts."""
        return self.mapPartitions(lambda i: [sum(1 for _ in i)]).sum()

    def stats(self):
        def redFunc(left_counter, right_counter):
            return left_counter.mergeStats(right_counter)

        return self.mapPartitions(lambda i: [StatCounter(i)]).reduce(redFunc)

    def histogram(self, buckets):
        if isinstance(buckets, int):
            if buckets < 1:
                raise ValueError("number of buckets must be >= 1")

            def comparable(x):
                if x is None:
                    return False
                if type(x) is float and isnan(x):
                    return False
                return True

            filtered = self.filter(comparable)

            def minmax(a, b):
                return min(a[0], b[0]), max(a[1], b[1])

            try:
                minv, maxv = filtered.map(lambda x: (x, x)).reduce(minmax)
            except TypeError as e:
                if " empty " in str(e):
                    raise ValueError("can not generate buckets from empty RDD")
                raise
            if minv == maxv or buckets == 1:
                return [minv, maxv], [filtered.count()]
            try:
                inc = (maxv - minv) / buckets
            except TypeError:
                raise TypeError("Can not generate buckets with non-number in RDD")
            if isinf(inc):
                raise ValueError("Can not generate buckets with infinite value")
            inc = int(inc)
            if inc * buckets != maxv - minv:
                inc = (maxv - minv) * 1.0 / buckets
            buckets = [i * inc + minv for i in range(buckets)]
            buckets.append(maxv)
            even = True
        elif isinstance(buckets, (list, tuple)):
            if len(buckets) < 2:
                raise ValueError("buckets should have more than one value")
            if any(i is None or (isinstance(i, float) and isnan(i)) for i in buckets):
                raise ValueError("can not have None or NaN in buckets")
            if sorted(buckets) != list(buckets):
                raise ValueError("buckets should be sorted")
            if len(set(buckets)) != len(buckets):
                raise ValueError("buckets should not contain duplicated values")
            minv, maxv = buckets[0], buckets[-1]
            even = False
            inc = None
            try:
                steps = [buckets[i + 1] - buckets[i] for i in range(len(buckets) - 1)]
            except TypeError:
                pass
            else:
                if max(steps) - min(steps) < 1e-10:
                    even = True
                    inc = (maxv - minv) / (len(buckets) - 1)
        else:
            raise TypeError("buckets should be a list or tuple or number(int or long)")

        def histogram(iterator):
            counters = [0] * len(buckets)
            for i in iterator:
                if i is None or (isinstance(i, float) and isnan(i)) or i > maxv or i < minv:
                    continue
                t = int((i - minv) / inc) if even else bisect.bisect_right(buckets, i) - 1
                counters[t] += 1
            last = counters.pop()
            counters[-1] += last
            return [counters]

        def mergeCounters(a, b):
            return [i + j for i, j in zip(a, b)]

        return buckets, self.mapPartitions(histogram).reduce(mergeCounters)

    def mean(self):
        return self.stats().mean()

    def variance(self):
        return self.stats().variance()

    def stdev(self):
        return self.stats().stdev()

    def sampleStdev(self):
        return self.stats().sampleStdev()

    def sampleVariance(self):
        return self.stats().sampleVariance()

    def countByValue(self):
        """
        How many times each element occurs, as a dict. Like PySpark's (and
        unlike Scala's), it counts within each partition and merges the counts
        on the driver: one job, one stage, no shuffle.
        """

        def countPartition(iterator):
            counts = defaultdict(int)
            for obj in iterator:
                counts[obj] += 1
            yield counts

        def mergeMaps(m1, m2):
            for k, v in m2.items():
                m1[k] += v
            return m1

        return self.mapPartitions(countPartition).reduce(mergeMaps)

    def top(self, num, key=None):
        def topIterator(iterator):
            yield heapq.nlargest(num, iterator, key=key)

        def merge(a, b):
            return heapq.nlargest(num, a + b, key=key)

        return self.mapPartitions(topIterator).reduce(merge)

    def takeOrdered(self, num, key=None):
        if num < 0:
            raise ValueError("top N cannot be negative.")
        if num == 0 or self.getNumPartitions() == 0:
            return []

        def merge(a, b):
            return heapq.nsmallest(num, a + b, key)

        return self.mapPartitions(lambda it: [heapq.nsmallest(num, it, key)]).reduce(merge)

    def take(self, num):
        """
        The first ``num`` elements: one partition first, then more partitions
        per job (estimated from what was found), as PySpark's take scans.
        """
        items = []
        totalParts = self.getNumPartitions()
        partsScanned = 0
        while len(items) < num and partsScanned < totalParts:
            numPartsToTry = 1
            if partsScanned > 0:
                if len(items) == 0:
                    numPartsToTry = partsScanned * 4
                else:
                    numPartsToTry = int(1.5 * num * partsScanned / len(items)) - partsScanned
                    numPartsToTry = min(max(numPartsToTry, 1), partsScanned * 4)
            left = num - len(items)

            def takeUpToNumLeft(iterator):
                iterator = iter(iterator)
                taken = 0
                while taken < left:
                    try:
                        yield next(iterator)
                    except StopIteration:
                        return
                    taken += 1

            p = range(partsScanned, min(partsScanned + numPartsToTry, totalParts))
            res = self.context.runJob(self, takeUpToNumLeft, p)
            items += res
            partsScanned += numPartsToTry
        return items[:num]

    def first(self):
        rs = self.take(1)
        if rs:
            return rs[0]
        raise ValueError("RDD is empty")

    def isEmpty(self):
        return self.getNumPartitions() == 0 or len(self.take(1)) == 0

    def saveAsTextFile(self, path, compressionCodecClass=None):
        """One ``part-NNNNN`` text file per partition under ``path`` (which must not exist), lines as str(x)."""

        def func(split, iterator):
            for x in iterator:
                if isinstance(x, bytes):
                    yield x
                elif isinstance(x, str):
                    yield x.encode("utf-8")
                else:
                    yield str(x).encode("utf-8")

        keyed = self.mapPartitionsWithIndex(func)
        keyed._bypass_serializer = True
        self.ctx._jsc.saveAsTextFile(keyed._jrdd, path)

    def saveAsPickleFile(self, path, batchSize=10):
        raise NotImplementedError("saveAsPickleFile is not available in Kindling; use saveAsTextFile")

    # ------------------------------------------------------------------ pairs

    def collectAsMap(self):
        return dict(self.collect())

    def keys(self):
        return self.map(lambda x: x[0])

    def values(self):
        return self.map(lambda x: x[1])

    def reduceByKey(self, func, numPartitions=None, partitionFunc=portable_hash):
        """
        Merges each key's values with ``func``: combined within each map task,
        shuffled by ``partitionBy``, merged again on the reduce side.
        """
        return self.combineByKey(lambda x: x, func, func, numPartitions, partitionFunc)

    def reduceByKeyLocally(self, func):
        func = fail_on_stopiteration(func)

        def reducePartition(iterator):
            m = {}
            for k, v in iterator:
                m[k] = func(m[k], v) if k in m else v
            yield m

        def mergeMaps(m1, m2):
            for k, v in m2.items():
                m1[k] = func(m1[k], v) if k in m1 else v
            return m1

        return self.mapPartitions(reducePartition).reduce(mergeMaps)

    def countByKey(self):
        """How many elements each key has, as a dict: ``countByValue`` of the keys (no shuffle)."""
        return self.map(lambda x: x[0]).countByValue()

    def join(self, other, numPartitions=None):
        return python_join(self, other, numPartitions)

    def leftOuterJoin(self, other, numPartitions=None):
        return python_left_outer_join(self, other, numPartitions)

    def rightOuterJoin(self, other, numPartitions=None):
        return python_right_outer_join(self, other, numPartitions)

    def fullOuterJoin(self, other, numPartitions=None):
        return python_full_outer_join(self, other, numPartitions)

    def partitionBy(self, numPartitions, partitionFunc=portable_hash):
        """
        Shuffles the pairs so that key ``k`` lands in partition
        ``partitionFunc(k) % numPartitions``. The map side groups pairs by
        target partition in Python and writes (partition, pickled batch) pairs;
        an RDD already partitioned the same way is returned as it is.
        """
        if numPartitions is None:
            numPartitions = self._defaultReducePartitions()
        partitioner = Partitioner(numPartitions, partitionFunc)
        if self.partitioner == partitioner:
            return self

        outputSerializer = self.ctx._unbatched_serializer
        limit = self._memory_limit() / 2

        def add_shuffle_key(split, iterator):
            buckets = defaultdict(list)
            c, batch = 0, min(10 * numPartitions, 1000)
            for k, v in iterator:
                buckets[partitionFunc(k) % numPartitions].append((k, v))
                c += 1
                # Flush the buckets every `batch` pairs (adapted to the batches' size), as PySpark does.
                if (c % 1000 == 0 and get_used_memory() > limit) or c > batch:
                    n, size = len(buckets), 0
                    for split in list(buckets.keys()):
                        yield pack_long(split)
                        d = outputSerializer.dumps(buckets[split])
                        del buckets[split]
                        yield d
                        size += len(d)
                    avg = int(size / n) >> 20
                    if avg < 1:
                        batch = min(sys.maxsize, batch * 1.5)
                    elif avg > 10:
                        batch = max(int(batch / 1.5), 1)
                    c = 0
            for split, items in buckets.items():
                yield pack_long(split)
                yield outputSerializer.dumps(items)

        keyed = self.mapPartitionsWithIndex(add_shuffle_key, preservesPartitioning=True)
        keyed._bypass_serializer = True
        with SCCallSiteSync(self.context):
            pairRDD = self.ctx._jsc.pairwiseRDD(keyed._jrdd.rdd())
        jrdd = self.ctx._jsc.valueOfPair(self.ctx._jsc.partitionBy(pairRDD, numPartitions, id(partitionFunc)))
        rdd = RDD(jrdd, self.ctx, BatchedSerializer(outputSerializer))
        rdd.partitioner = partitioner
        return rdd

    def combineByKey(
        self, createCombiner, mergeValue, mergeCombiners, numPartitions=None, partitionFunc=portable_hash
    ):
        if numPartitions is None:
            numPartitions = self._defaultReducePartitions()
        serializer = self.ctx.serializer
        memory = self._memory_limit()
        agg = Aggregator(createCombiner, mergeValue, mergeCombiners)
        shuffled = self._combineLocallyAndShuffle(agg, memory, serializer, numPartitions, partitionFunc)

        def _mergeCombiners(iterator):
            merger = ExternalMerger(agg, memory, serializer)
            merger.mergeCombiners(iterator)
            return merger.items()

        return shuffled.mapPartitions(_mergeCombiners, preservesPartitioning=True)

    def _combineLocallyAndShuffle(self, agg, memory, serializer, numPartitions, partitionFunc):
        """
        The map side of combineByKey and groupByKey: each partition's values merged
        by key (spilling past 90% of ``memory``), then shuffled by ``partitionFunc``.
        """

        def combineLocally(iterator):
            merger = ExternalMerger(agg, memory * 0.9, serializer)
            merger.mergeValues(iterator)
            return merger.items()

        locally_combined = self.mapPartitions(combineLocally, preservesPartitioning=True)
        return locally_combined.partitionBy(numPartitions, partitionFunc)

    def aggregateByKey(self, zeroValue, seqFunc, combFunc, numPartitions=None, partitionFunc=portable_hash):
        def createZero():
            return copy.deepcopy(zeroValue)

        return self.combineByKey(lambda v: seqFunc(createZero(), v), seqFunc, combFunc, numPartitions, partitionFunc)

    def foldByKey(self, zeroValue, func, numPartitions=None, partitionFunc=portable_hash):
        def createZero():
            return copy.deepcopy(zeroValue)

        return self.combineByKey(lambda v: func(createZero(), v), func, func, numPartitions, partitionFunc)

    def _memory_limit(self):
        return _parse_memory(self.ctx._conf.get("spark.python.worker.memory", "512m"))

    def groupByKey(self, numPartitions=None, partitionFunc=portable_hash):
        def createCombiner(x):
            return [x]

        def mergeValue(xs, x):
            xs.append(x)
            return xs

        def mergeCombiners(a, b):
            a.extend(b)
            return a

        memory = self._memory_limit()
        serializer = self._jrdd_deserializer
        agg = Aggregator(createCombiner, mergeValue, mergeCombiners)
        shuffled = self._combineLocallyAndShuffle(agg, memory, serializer, numPartitions, partitionFunc)

        def groupByKey(it):
            merger = ExternalGroupBy(agg, memory, serializer)
            merger.mergeCombiners(it)
            return merger.items()

        return shuffled.mapPartitions(groupByKey, True).mapValues(ResultIterable)

    def flatMapValues(self, f):
        def flat_map_fn(kv):
            return ((kv[0], x) for x in f(kv[1]))

        return self.flatMap(flat_map_fn, preservesPartitioning=True)

    def mapValues(self, f):
        def map_values_fn(kv):
            return kv[0], f(kv[1])

        return self.map(map_values_fn, preservesPartitioning=True)

    def groupWith(self, other, *others):
        return python_cogroup((self, other) + others, numPartitions=None)

    def cogroup(self, other, numPartitions=None):
        return python_cogroup((self, other), numPartitions)

    def sampleByKey(self, withReplacement, fractions, seed=None):
        for fraction in fractions.values():
            assert fraction >= 0.0, "Negative fraction value: %s" % fraction
        return self.mapPartitionsWithIndex(RDDStratifiedSampler(withReplacement, fractions, seed).func, True)

    def subtractByKey(self, other, numPartitions=None):
        def filter_func(pair):
            key, (val1, val2) = pair
            return val1 and not val2

        return self.cogroup(other, numPartitions).filter(filter_func).flatMapValues(lambda x: x[0])

    def subtract(self, other, numPartitions=None):
        rdd = other.map(lambda x: (x, True))
        return self.map(lambda x: (x, True)).subtractByKey(rdd, numPartitions).keys()

    def keyBy(self, f):
        return self.map(lambda x: (f(x), x))

    def repartition(self, numPartitions):
        """A shuffle into ``numPartitions`` partitions: ``coalesce(numPartitions, shuffle=True)``."""
        return self.coalesce(numPartitions, shuffle=True)

    def coalesce(self, numPartitions, shuffle=False):
        """
        Fewer partitions without a shuffle (neighbouring partitions merged), or
        any number with one: then PySpark re-pickles the elements in batches of
        10 and the engine deals the batches out round-robin.
        """
        if not numPartitions > 0:
            raise ValueError("Number of partitions must be positive.")
        if shuffle:
            batchSize = min(10, self.ctx._batchSize or 1024)
            ser = BatchedSerializer(CPickleSerializer(), batchSize)
            selfCopy = self._reserialize(ser)
            jrdd_deserializer = selfCopy._jrdd_deserializer
            jrdd = selfCopy._jrdd.coalesce(numPartitions, shuffle)
        else:
            jrdd_deserializer = self._jrdd_deserializer
            jrdd = self._jrdd.coalesce(numPartitions, shuffle)
        return RDD(jrdd, self.ctx, jrdd_deserializer)

    def zip(self, other):
        def get_batch_size(ser):
            return ser.batchSize if isinstance(ser, BatchedSerializer) else 1

        def batch_as(rdd, batchSize):
            return rdd._reserialize(BatchedSerializer(CPickleSerializer(), batchSize))

        my_batch = get_batch_size(self._jrdd_deserializer)
        other_batch = get_batch_size(other._jrdd_deserializer)
        if my_batch != other_batch or not my_batch:
            batchSize = min(my_batch, other_batch)
            if batchSize <= 0:
                batchSize = 100
            other = batch_as(other, batchSize)
            self = batch_as(self, batchSize)
        if self.getNumPartitions() != other.getNumPartitions():
            raise ValueError("Can only zip with RDD which has the same number of partitions")
        pairRDD = self._jrdd.zip(other._jrdd)
        deserializer = PairDeserializer(self._jrdd_deserializer, other._jrdd_deserializer)
        return RDD(pairRDD, self.ctx, deserializer)

    def zipWithIndex(self):
        """
        Pairs each element with its index. With more than one partition it
        first runs a job that counts every partition, as PySpark's does.
        """
        starts = [0]
        if self.getNumPartitions() > 1:
            nums = self.mapPartitions(lambda it: [sum(1 for i in it)]).collect()
            for i in range(len(nums) - 1):
                starts.append(starts[-1] + nums[i])

        def func(k, it):
            for i, v in enumerate(it, starts[k]):
                yield v, i

        return self.mapPartitionsWithIndex(func)

    def zipWithUniqueId(self):
        n = self.getNumPartitions()

        def func(k, it):
            for i, v in enumerate(it):
                yield v, i * n + k

        return self.mapPartitionsWithIndex(func)

    def name(self):
        n = self._jrdd.name()
        return n if n else None

    def setName(self, name):
        self._jrdd.setName(name)
        return self

    def toDebugString(self):
        """The engine lineage behind this RDD, as bytes, as PySpark returns it."""
        debug_string = self._jrdd.toDebugString()
        return debug_string.encode("utf-8") if debug_string else None

    def _defaultReducePartitions(self):
        if self.ctx._conf.contains("spark.default.parallelism"):
            return self.ctx.defaultParallelism
        return self.getNumPartitions()

    def lookup(self, key):
        values = self.filter(lambda kv: kv[0] == key).values()
        if self.partitioner is not None:
            return self.ctx.runJob(values, lambda x: x, [self.partitioner(key)])
        return values.collect()

    def countApprox(self, timeout, confidence=0.95):
        return self.count()

    def sumApprox(self, timeout, confidence=0.95):
        total = float(self.sum())
        return BoundedFloat(total, 1.0, total, total)

    def meanApprox(self, timeout, confidence=0.95):
        mean = float(self.mean())
        return BoundedFloat(mean, 1.0, mean, mean)

    def countApproxDistinct(self, relativeSD=0.05):
        """
        About how many distinct elements there are, as PySpark counts them: the
        elements' 32-bit ``portable_hash``es go to the JVM as numbers
        (``_to_java_object_rdd``), whose ``countApproxDistinct`` feeds each
        one's text to stream-lib's HyperLogLog++ (so two elements with one hash
        count once).
        """
        if relativeSD < 0.000017:
            raise ValueError("relativeSD should be greater than 0.000017")
        # the hash space in Java is 2^32
        hashRDD = self.map(lambda x: portable_hash(x) & 0xFFFFFFFF)
        # The engine takes the hashes as numbers, as the JVM takes them unpickled (Integer or Long: the same text).
        hashRDD._bypass_serializer = True
        with SCCallSiteSync(self.context):
            return int(self.ctx._jsc.countApproxDistinct(hashRDD._jrdd, relativeSD))

    def toLocalIterator(self, prefetchPartitions=False):
        """The elements, one partition per job as the iterator reaches it."""
        for partition in range(self.getNumPartitions()):
            with SCCallSiteSync(self.context):
                records = self.ctx._jsc.runJob(self._jrdd, [partition])
            for item in self._jrdd_deserializer.load_stream(records):
                yield item

    def barrier(self):
        raise NotImplementedError("barrier execution is not available in Kindling")

    def _is_barrier(self):
        return False

    def toDF(self, schema=None, sampleRatio=None):
        from pyspark.sql.session import SparkSession

        return SparkSession._instantiatedSession_or_create(self.ctx).createDataFrame(self, schema, sampleRatio)


def _prepare_for_python_RDD(sc, command):
    """Pickles a task's command once, with the broadcasts it uses."""
    pickled_command = CloudPickleSerializer().dumps(command)
    broadcast_ids = [b._jbroadcast.id() for b in sc._pickled_broadcast_vars]
    sc._pickled_broadcast_vars.clear()
    return pickled_command, broadcast_ids


class PipelinedRDD(RDD):
    """
    A chain of Python functions over a parent's partitions, run by one
    PythonRDD of the engine. Functions join the chain until an RDD is cached
    or checkpointed; the chain is pickled when a job (or toDebugString) first
    asks for the engine RDD, so it captures variables as they are then.
    """

    def __init__(self, prev, func, preservesPartitioning=False, isFromBarrier=False):
        if not isinstance(prev, PipelinedRDD) or not prev._is_pipelinable():
            self.func = func
            self.preservesPartitioning = preservesPartitioning
            self._prev_jrdd = prev._jrdd
            self._prev_jrdd_deserializer = prev._jrdd_deserializer
        else:
            prev_func = prev.func

            def pipeline_func(split, iterator):
                return func(split, prev_func(split, iterator))

            self.func = pipeline_func
            self.preservesPartitioning = prev.preservesPartitioning and preservesPartitioning
            self._prev_jrdd = prev._prev_jrdd
            self._prev_jrdd_deserializer = prev._prev_jrdd_deserializer
        self.is_cached = False
        self.has_resource_profile = False
        self.is_checkpointed = False
        self.ctx = prev.ctx
        self.prev = prev
        self._jrdd_val = None
        self._id = None
        self._jrdd_deserializer = self.ctx.serializer
        self._bypass_serializer = False
        self.partitioner = prev.partitioner if self.preservesPartitioning else None
        self.is_barrier = False

    def getNumPartitions(self):
        return self._prev_jrdd.getNumPartitions()

    @property
    def _jrdd(self):
        if self._jrdd_val is not None:
            return self._jrdd_val
        if self._bypass_serializer:
            self._jrdd_deserializer = NoOpSerializer()
        command = (self.func, None, self._prev_jrdd_deserializer, self._jrdd_deserializer)
        pickled_command, broadcast_ids = _prepare_for_python_RDD(self.ctx, command)
        self._jrdd_val = self.ctx._jsc.pythonRDD(
            self._prev_jrdd, pickled_command, self.preservesPartitioning, broadcast_ids
        )
        return self._jrdd_val

    def id(self):
        if self._id is None:
            self._id = self._jrdd.id()
        return self._id

    def _is_pipelinable(self):
        return not (self.is_cached or self.is_checkpointed or self.has_resource_profile)

    def _is_barrier(self):
        return self.is_barrier
