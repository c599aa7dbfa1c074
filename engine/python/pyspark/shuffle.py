"""
Combining values by key inside a Python task: PySpark's Aggregator and its
mergers, kept in memory. (PySpark's mergers spill to local disk past
spark.python.worker.memory; a browser task holds far less data than that.)
"""

__all__ = ["Aggregator", "SimpleAggregator", "ExternalMerger", "ExternalGroupBy", "ExternalSorter", "get_used_memory"]

MemoryBytesSpilled = 0
DiskBytesSpilled = 0


def get_used_memory():
    """Megabytes this interpreter uses; Kindling's tasks never grow near PySpark's limits, so 0."""
    return 0


class Aggregator:
    def __init__(self, createCombiner, mergeValue, mergeCombiners):
        self.createCombiner = createCombiner
        self.mergeValue = mergeValue
        self.mergeCombiners = mergeCombiners


class SimpleAggregator(Aggregator):
    def __init__(self, combiner):
        Aggregator.__init__(self, lambda x: x, combiner, combiner)


class Merger:
    def __init__(self, aggregator):
        self.agg = aggregator

    def mergeValues(self, iterator):
        raise NotImplementedError

    def mergeCombiners(self, iterator):
        raise NotImplementedError

    def items(self):
        raise NotImplementedError


class ExternalMerger(Merger):
    """Combines (key, value) pairs into one combiner per key, keeping keys in first-seen order."""

    def __init__(self, aggregator, memory_limit=512, serializer=None, localdirs=None, scale=1, partitions=59, batch=1000):
        Merger.__init__(self, aggregator)
        self.memory_limit = memory_limit
        self.data = {}

    def mergeValues(self, iterator):
        create, merge = self.agg.createCombiner, self.agg.mergeValue
        data = self.data
        for key, value in iterator:
            data[key] = merge(data[key], value) if key in data else create(value)

    def mergeCombiners(self, iterator, limit=None):
        merge = self.agg.mergeCombiners
        data = self.data
        for key, combiner in iterator:
            data[key] = merge(data[key], combiner) if key in data else combiner

    def items(self):
        return iter(self.data.items())


class ExternalGroupBy(ExternalMerger):
    """groupByKey's merger: combiners are lists of values."""


class ExternalSorter:
    def __init__(self, memory_limit, serializer=None):
        self.memory_limit = memory_limit

    def sorted(self, iterator, key=None, reverse=False):
        return iter(sorted(iterator, key=key, reverse=reverse))
