"""
Broadcast variables: a read-only value pickled once on the driver and fetched
once per executor, not shipped with every task.
"""

import pickle

from pyspark.errors import PySparkRuntimeError
from pyspark.serializers import pickle_protocol

__all__ = ["Broadcast"]

# The broadcasts this interpreter can read, by id (on executors, those the running task's functions use).
_broadcastRegistry = {}


def _from_id(bid):
    if bid not in _broadcastRegistry:
        raise PySparkRuntimeError(error_class="BROADCAST_VARIABLE_NOT_LOADED", message_parameters={"variable": str(bid)})
    return _broadcastRegistry[bid]


class Broadcast:
    """
    >>> b = sc.broadcast([1, 2, 3, 4, 5])
    >>> b.value
    [1, 2, 3, 4, 5]
    >>> sc.parallelize([0, 0]).flatMap(lambda x: b.value).collect()  # doctest: +SKIP
    [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
    """

    def __init__(self, sc=None, value=None, pickle_registry=None, _data=None, _bid=None):
        if sc is not None:
            # The value is pickled now, with plain pickle as PySpark's: what it holds must be importable.
            data = self.dump(value)
            self._value = value
            self._sc = sc
            self._jbroadcast = sc._jsc.broadcast(data)
            self._pickle_registry = pickle_registry
        else:
            self._sc = None
            self._jbroadcast = None
            self._pickle_registry = None
            self._data = _data
            self._bid = _bid

    @staticmethod
    def dump(value):
        try:
            return pickle.dumps(value, pickle_protocol)
        except pickle.PickleError:
            raise
        except Exception as e:
            raise pickle.PicklingError("Could not serialize broadcast: %s: %s" % (e.__class__.__name__, str(e))) from None

    def load(self, data):
        return pickle.loads(data)

    @property
    def value(self):
        if not hasattr(self, "_value"):
            self._value = self.load(self._data)
        return self._value

    def unpersist(self, blocking=False):
        if self._jbroadcast is None:
            raise PySparkRuntimeError(error_class="INVALID_BROADCAST_OPERATION", message_parameters={"operation": "unpersisted"})
        self._jbroadcast.unpersist(blocking)

    def destroy(self, blocking=False):
        if self._jbroadcast is None:
            raise PySparkRuntimeError(error_class="INVALID_BROADCAST_OPERATION", message_parameters={"operation": "destroyed"})
        self._jbroadcast.destroy(blocking)

    def __reduce__(self):
        if self._jbroadcast is None:
            raise PySparkRuntimeError(error_class="INVALID_BROADCAST_OPERATION", message_parameters={"operation": "serialized"})
        self._pickle_registry.add(self)
        return _from_id, (self._jbroadcast.id(),)


class BroadcastPickleRegistry:
    """The broadcasts pickled into a task's functions, so the task can ask its executor for them."""

    def __init__(self):
        self._registry = set()

    def __iter__(self):
        return iter(self._registry)

    def add(self, bcast):
        self._registry.add(bcast)

    def clear(self):
        self._registry.clear()

