"""
Accumulators: variables tasks can only add to; the driver reads the total.

A task's additions go to its own copy; when the task succeeds, its copy's
value travels back with the task's result and is added on the driver, as
PySpark's accumulator server does. Additions of a failed attempt are dropped.
"""

import pickle

from pyspark.errors import PySparkRuntimeError

__all__ = ["Accumulator", "AccumulatorParam"]

# Accumulators this interpreter knows, by id: the driver's, or those a task's functions brought along.
_accumulatorRegistry = {}


def _deserialize_accumulator(aid, zero_value, accum_param):
    existing = _accumulatorRegistry.get(aid)
    if existing is not None:
        return existing
    accum = Accumulator(aid, zero_value, accum_param)
    accum._deserialized = True
    _accumulatorRegistry[aid] = accum
    return accum


class Accumulator:
    """
    >>> counter = sc.accumulator(0)
    >>> sc.parallelize([1, 2, 3]).foreach(lambda x: counter.add(x))  # doctest: +SKIP
    >>> counter.value  # doctest: +SKIP
    6
    """

    def __init__(self, aid, value, accum_param):
        self.aid = aid
        self.accum_param = accum_param
        self._value = value
        self._deserialized = False
        _accumulatorRegistry[aid] = self

    def __reduce__(self):
        # A task starts from zero; only its additions come back.
        return _deserialize_accumulator, (self.aid, self.accum_param.zero(self._value), self.accum_param)

    @property
    def value(self):
        if self._deserialized:
            raise PySparkRuntimeError(error_class="VALUE_NOT_ACCESSIBLE", message_parameters={"value": "Accumulator.value"})
        _apply_pending_updates()
        return self._value

    @value.setter
    def value(self, value):
        if self._deserialized:
            raise PySparkRuntimeError(error_class="VALUE_NOT_ACCESSIBLE", message_parameters={"value": "Accumulator.value"})
        self._value = value

    def add(self, term):
        self._value = self.accum_param.addInPlace(self._value, term)

    def __iadd__(self, term):
        self.add(term)
        return self

    def __str__(self):
        return str(self._value)

    def __repr__(self):
        return "Accumulator<id=%i, value=%s>" % (self.aid, self._value)


class AccumulatorParam:
    """How to add values of a custom type: ``zero(value)`` and ``addInPlace(value1, value2)``."""

    def zero(self, value):
        raise NotImplementedError

    def addInPlace(self, value1, value2):
        raise NotImplementedError


class AddingAccumulatorParam(AccumulatorParam):
    def __init__(self, zero_value):
        self.zero_value = zero_value

    def zero(self, value):
        return self.zero_value

    def addInPlace(self, value1, value2):
        value1 += value2
        return value1


INT_ACCUMULATOR_PARAM = AddingAccumulatorParam(0)
FLOAT_ACCUMULATOR_PARAM = AddingAccumulatorParam(0.0)
COMPLEX_ACCUMULATOR_PARAM = AddingAccumulatorParam(0j)

# Set by the driver's SparkContext: drains the updates successful tasks sent back.
_pending_updates = None


def _apply_pending_updates():
    if _pending_updates is None:
        return
    for data in _pending_updates():
        aid, update = pickle.loads(data)
        accum = _accumulatorRegistry.get(aid)
        if accum is not None:
            accum._value = accum.accum_param.addInPlace(accum._value, update)


def _task_updates():
    """The (id, value) of every accumulator this task used, pickled, for the driver to add."""
    from pyspark.serializers import CPickleSerializer

    serializer = CPickleSerializer()
    return [serializer.dumps((aid, accum._value)) for aid, accum in _accumulatorRegistry.items()]
