"""
How Python objects become the records the engine moves between tasks, and back.

In PySpark the JVM holds a Python RDD's data as byte arrays (pickled batches of
objects) and streams them to Python workers through sockets. Kindling's engine
does the same with records: a Python RDD's records are ``bytes`` (one pickled
batch each), a text file's records are strings, a cartesian product's records
are pairs of batches. A serializer here turns an iterator of objects into an
iterator of such records (``dump_stream``) and back (``load_stream``), with
PySpark's names and batching, so record counts and batch sizes are PySpark's.
"""

import itertools
import marshal
import pickle
import struct
import zlib
from itertools import chain, product

from pyspark import closures

__all__ = [
    "PickleSerializer",
    "CPickleSerializer",
    "CloudPickleSerializer",
    "MarshalSerializer",
    "UTF8Deserializer",
    "BatchedSerializer",
    "AutoBatchedSerializer",
    "NoOpSerializer",
    "PairDeserializer",
    "CartesianDeserializer",
    "pack_long",
]

pickle_protocol = pickle.HIGHEST_PROTOCOL


class Serializer:
    def dump_stream(self, iterator):
        """Records (bytes) for the objects of ``iterator``."""
        raise NotImplementedError

    def load_stream(self, records):
        """The objects stored in ``records``."""
        raise NotImplementedError

    def _load_stream_without_unbatching(self, records):
        """The objects of ``records`` in their batches: one list per record."""
        return ([obj] for obj in self.load_stream(records))

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(str(self))

    def __repr__(self):
        return "%s()" % self.__class__.__name__


class FramedSerializer(Serializer):
    """One object per record."""

    def dump_stream(self, iterator):
        for obj in iterator:
            yield self.dumps(obj)

    def load_stream(self, records):
        for record in records:
            yield None if record is None else self.loads(record)

    def dumps(self, obj):
        raise NotImplementedError

    def loads(self, data):
        raise NotImplementedError


class PickleSerializer(FramedSerializer):
    """Plain pickle: the program's own functions and classes cannot travel this way."""

    def dumps(self, obj):
        return pickle.dumps(obj, pickle_protocol)

    def loads(self, data, encoding="bytes"):
        return pickle.loads(data, encoding=encoding)


class CloudPickleSerializer(FramedSerializer):
    """Pickle that sends lambdas and the program's functions and classes by value (see pyspark.closures)."""

    def dumps(self, obj):
        try:
            return closures.dumps(obj, pickle_protocol)
        except pickle.PickleError:
            raise
        except Exception as e:
            message = str(e)
            if "'i' format requires" in message:
                raise pickle.PicklingError("Object too large to serialize: %s" % message) from None
            raise pickle.PicklingError(
                "Could not serialize object: %s: %s" % (e.__class__.__name__, message)
            ) from None

    def loads(self, data, encoding="bytes"):
        return pickle.loads(data, encoding=encoding)


# PySpark 4 pickles data with cloudpickle too, so records may hold the program's own classes.
CPickleSerializer = CloudPickleSerializer


class MarshalSerializer(FramedSerializer):
    def dumps(self, obj):
        return marshal.dumps(obj)

    def loads(self, data):
        return marshal.loads(data)


class NoOpSerializer(FramedSerializer):
    """Records are the objects themselves (bytes or strings a function produced or the engine holds)."""

    def dumps(self, obj):
        return obj

    def loads(self, data):
        return data


class CompressedSerializer(FramedSerializer):
    def __init__(self, serializer):
        FramedSerializer.__init__(self)
        self.serializer = serializer

    def dumps(self, obj):
        return zlib.compress(self.serializer.dumps(obj), 1)

    def loads(self, data):
        return self.serializer.loads(zlib.decompress(data))

    def __repr__(self):
        return "CompressedSerializer(%s)" % self.serializer


class BatchedSerializer(Serializer):
    """Groups objects into lists of ``batchSize`` and stores each list as one record."""

    UNLIMITED_BATCH_SIZE = -1
    UNKNOWN_BATCH_SIZE = 0

    def __init__(self, serializer, batchSize=UNLIMITED_BATCH_SIZE):
        self.serializer = serializer
        self.batchSize = batchSize

    def _batched(self, iterator):
        if self.batchSize == self.UNLIMITED_BATCH_SIZE:
            yield list(iterator)
            return
        if isinstance(iterator, (list, tuple, range)):
            for start in range(0, len(iterator), self.batchSize):
                yield list(iterator[start : start + self.batchSize])
            return
        iterator = iter(iterator)
        while True:
            batch = list(itertools.islice(iterator, self.batchSize))
            if not batch:
                return
            yield batch

    def dump_stream(self, iterator):
        return self.serializer.dump_stream(self._batched(iterator))

    def load_stream(self, records):
        return chain.from_iterable(self._load_stream_without_unbatching(records))

    def _load_stream_without_unbatching(self, records):
        return self.serializer.load_stream(records)

    def __repr__(self):
        return "BatchedSerializer(%s, %d)" % (str(self.serializer), self.batchSize)


class AutoBatchedSerializer(BatchedSerializer):
    """Batches that grow (doubling from one object) until a record reaches ``bestSize`` bytes, as PySpark's."""

    def __init__(self, serializer, bestSize=1 << 16):
        BatchedSerializer.__init__(self, serializer, self.UNKNOWN_BATCH_SIZE)
        self.bestSize = bestSize

    def dump_stream(self, iterator):
        batch, best = 1, self.bestSize
        iterator = iter(iterator)
        while True:
            objects = list(itertools.islice(iterator, batch))
            if not objects:
                return
            data = self.serializer.dumps(objects)
            yield data
            size = len(data)
            if size < best:
                batch *= 2
            elif size > best * 10 and batch > 1:
                batch //= 2

    def __repr__(self):
        return "AutoBatchedSerializer(%s)" % self.serializer


class UTF8Deserializer(Serializer):
    """Records that are strings already (a text file's lines)."""

    def __init__(self, use_unicode=True):
        self.use_unicode = use_unicode

    def dump_stream(self, iterator):
        for obj in iterator:
            yield obj if isinstance(obj, str) else str(obj)

    def load_stream(self, records):
        if self.use_unicode:
            return iter(records)
        return (None if line is None else line.encode("utf-8") for line in records)

    def __repr__(self):
        return "UTF8Deserializer(%s)" % self.use_unicode


class EngineRowDeserializer(Serializer):
    """
    Records that are a DataFrame's rows as the engine holds them (``df.rdd``):
    each one's values, read as a ``Row`` of ``schema``, as PySpark reads the
    rows ``javaToPython`` pickles.
    """

    def __init__(self, schema):
        self.schema = schema

    def load_stream(self, records):
        return (self.schema.fromInternal(values) for values in records)

    def __repr__(self):
        return "EngineRowDeserializer(%s)" % self.schema.simpleString()


class PairDeserializer(Serializer):
    """Records that are pairs of batches of equal length (``zip``): pairs of their objects."""

    def __init__(self, key_ser, val_ser):
        self.key_ser = key_ser
        self.val_ser = val_ser

    def _load_stream_without_unbatching(self, records):
        for key_record, val_record in records:
            keys = _batch_of(self.key_ser, key_record)
            values = _batch_of(self.val_ser, val_record)
            if len(keys) != len(values):
                raise ValueError(
                    "Can not deserialize PairRDD with different number of items in batches: (%d, %d)"
                    % (len(keys), len(values))
                )
            yield zip(keys, values)

    def load_stream(self, records):
        return chain.from_iterable(self._load_stream_without_unbatching(records))

    def __repr__(self):
        return "PairDeserializer(%s, %s)" % (str(self.key_ser), str(self.val_ser))


class CartesianDeserializer(Serializer):
    """Records that are pairs of batches (``cartesian``): every pair of their objects."""

    def __init__(self, key_ser, val_ser):
        self.key_ser = key_ser
        self.val_ser = val_ser

    def _load_stream_without_unbatching(self, records):
        for key_record, val_record in records:
            yield product(_batch_of(self.key_ser, key_record), _batch_of(self.val_ser, val_record))

    def load_stream(self, records):
        return chain.from_iterable(self._load_stream_without_unbatching(records))

    def __repr__(self):
        return "CartesianDeserializer(%s, %s)" % (str(self.key_ser), str(self.val_ser))


def _batch_of(serializer, record):
    """The objects one record holds, as a list."""
    return list(chain.from_iterable(serializer._load_stream_without_unbatching([record])))


def pack_long(value):
    """A shuffle key as PySpark's PairwiseRDD reads it: 8 bytes, big-endian."""
    return struct.pack("!q", value)


def unpack_long(data):
    return struct.unpack("!q", data)[0]
