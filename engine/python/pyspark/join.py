"""
Joins and cogroup as PySpark builds them: both sides tagged by mapValues,
their union grouped by key (one shuffle through partitionBy), then each key's
group split back by tag.
"""

from functools import reduce

from pyspark.resultiterable import ResultIterable


def _split_by_side(tagged):
    left, right = [], []
    for side, value in tagged:
        if side == 1:
            left.append(value)
        elif side == 2:
            right.append(value)
    return left, right


def _do_python_join(rdd, other, numPartitions, dispatch):
    vs = rdd.mapValues(lambda v: (1, v))
    ws = other.mapValues(lambda v: (2, v))
    return vs.union(ws).groupByKey(numPartitions).flatMapValues(lambda group: dispatch(iter(group)))


def python_join(rdd, other, numPartitions):
    def dispatch(tagged):
        left, right = _split_by_side(tagged)
        return ((v, w) for v in left for w in right)

    return _do_python_join(rdd, other, numPartitions, dispatch)


def python_left_outer_join(rdd, other, numPartitions):
    def dispatch(tagged):
        left, right = _split_by_side(tagged)
        return ((v, w) for v in left for w in (right or [None]))

    return _do_python_join(rdd, other, numPartitions, dispatch)


def python_right_outer_join(rdd, other, numPartitions):
    def dispatch(tagged):
        left, right = _split_by_side(tagged)
        return ((v, w) for v in (left or [None]) for w in right)

    return _do_python_join(rdd, other, numPartitions, dispatch)


def python_full_outer_join(rdd, other, numPartitions):
    def dispatch(tagged):
        left, right = _split_by_side(tagged)
        return ((v, w) for v in (left or [None]) for w in (right or [None]))

    return _do_python_join(rdd, other, numPartitions, dispatch)


def python_cogroup(rdds, numPartitions):
    def tag_with(index):
        return lambda v: (index, v)

    tagged = [rdd.mapValues(tag_with(i)) for i, rdd in enumerate(rdds)]
    together = reduce(lambda acc, other: acc.union(other), tagged)
    sides = len(tagged)

    def dispatch(group):
        buffers = [[] for _ in range(sides)]
        for side, value in group:
            buffers[side].append(value)
        return tuple(ResultIterable(values) for values in buffers)

    return together.groupByKey(numPartitions).mapValues(dispatch)
