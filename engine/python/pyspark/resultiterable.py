"""ResultIterable: the values of one key after groupByKey or cogroup."""

from collections.abc import Iterable

__all__ = ["ResultIterable"]


class ResultIterable(Iterable):
    """A wrapper around a list of values: iterate it, take its len(), or read .data."""

    def __init__(self, data):
        self.data = data
        self.index = 0
        self.maxindex = len(data)

    def __iter__(self):
        return iter(self.data)

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        return "<pyspark.resultiterable.ResultIterable object at 0x%x>" % id(self)
