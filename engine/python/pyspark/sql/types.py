"""
Spark SQL's data types and ``Row``, as PySpark 4.0's ``pyspark/sql/types.py``
defines them: the same class names, ``simpleString``/``typeName``/``json``,
``repr`` (``StructType([StructField('id', LongType(), True)])``), and the
schema inference ``createDataFrame`` uses (ints are longs, floats doubles,
dicts give their keys sorted).
"""

import datetime
import decimal
import json

__all__ = [
    "DataType",
    "NullType",
    "StringType",
    "BinaryType",
    "BooleanType",
    "DateType",
    "TimestampType",
    "DecimalType",
    "DoubleType",
    "FloatType",
    "ByteType",
    "IntegerType",
    "LongType",
    "ShortType",
    "ArrayType",
    "MapType",
    "StructField",
    "StructType",
    "Row",
]


class DataType:
    """The base of Spark SQL's data types."""

    def __repr__(self):
        return self.__class__.__name__ + "()"

    def __hash__(self):
        return hash(str(self))

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    @classmethod
    def typeName(cls):
        return cls.__name__[:-4].lower()

    def simpleString(self):
        return self.typeName()

    def jsonValue(self):
        return self.typeName()

    def json(self):
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def needConversion(self):
        return False

    def toInternal(self, obj):
        return obj

    def fromInternal(self, obj):
        return obj


class DataTypeSingleton(type):
    """Atomic types are singletons: ``LongType() is LongType()``."""

    _instances = {}

    def __call__(cls):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__()
        return cls._instances[cls]


class NullType(DataType, metaclass=DataTypeSingleton):
    @classmethod
    def typeName(cls):
        return "void"


class AtomicType(DataType):
    pass


class NumericType(AtomicType):
    pass


class IntegralType(NumericType, metaclass=DataTypeSingleton):
    pass


class FractionalType(NumericType):
    pass


class StringType(AtomicType, metaclass=DataTypeSingleton):
    pass


class BinaryType(AtomicType, metaclass=DataTypeSingleton):
    pass


class BooleanType(AtomicType, metaclass=DataTypeSingleton):
    pass


class DateType(AtomicType, metaclass=DataTypeSingleton):
    pass


class TimestampType(AtomicType, metaclass=DataTypeSingleton):
    pass


class DecimalType(FractionalType):
    def __init__(self, precision=10, scale=0):
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)

    def jsonValue(self):
        return "decimal(%d,%d)" % (self.precision, self.scale)

    def __repr__(self):
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class DoubleType(FractionalType, metaclass=DataTypeSingleton):
    pass


class FloatType(FractionalType, metaclass=DataTypeSingleton):
    pass


class ByteType(IntegralType):
    def simpleString(self):
        return "tinyint"


class IntegerType(IntegralType):
    def simpleString(self):
        return "int"


class LongType(IntegralType):
    def simpleString(self):
        return "bigint"


class ShortType(IntegralType):
    def simpleString(self):
        return "smallint"


class ArrayType(DataType):
    def __init__(self, elementType, containsNull=True):
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self):
        return "array<%s>" % self.elementType.simpleString()

    def __repr__(self):
        return "ArrayType(%s, %s)" % (self.elementType, str(self.containsNull))

    def jsonValue(self):
        return {"type": self.typeName(), "elementType": self.elementType.jsonValue(), "containsNull": self.containsNull}

    def fromInternal(self, obj):
        if obj is None:
            return None
        return [_from_engine(self.elementType, v) for v in obj]


class MapType(DataType):
    def __init__(self, keyType, valueType, valueContainsNull=True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self):
        return "map<%s,%s>" % (self.keyType.simpleString(), self.valueType.simpleString())

    def __repr__(self):
        return "MapType(%s, %s, %s)" % (self.keyType, self.valueType, str(self.valueContainsNull))

    def jsonValue(self):
        return {
            "type": self.typeName(),
            "keyType": self.keyType.jsonValue(),
            "valueType": self.valueType.jsonValue(),
            "valueContainsNull": self.valueContainsNull,
        }


class StructField(DataType):
    def __init__(self, name, dataType, nullable=True, metadata=None):
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self):
        return "%s:%s" % (self.name, self.dataType.simpleString())

    def __repr__(self):
        return "StructField('%s', %s, %s)" % (self.name, self.dataType, str(self.nullable))

    def jsonValue(self):
        return {"name": self.name, "type": self.dataType.jsonValue(), "nullable": self.nullable, "metadata": self.metadata}

    def typeName(self):
        from pyspark.errors import PySparkTypeError

        raise PySparkTypeError(
            error_class="INVALID_TYPENAME_CALL",
            message_parameters={},
            message="StructField does not have typeName. Use typeName on its type explicitly instead.",
        )


class StructType(DataType):
    """
    >>> StructType([StructField("id", LongType(), True)]).simpleString()
    'struct<id:bigint>'
    """

    def __init__(self, fields=None):
        self.fields = list(fields or [])
        self.names = [f.name for f in self.fields]

    def add(self, field, data_type=None, nullable=True, metadata=None):
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if isinstance(data_type, str):
                data_type = _parse_datatype_string(data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
        self.names.append(self.fields[-1].name)
        return self

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for field in self.fields:
                if field.name == key:
                    return field
            raise KeyError("No StructField named {0}".format(key))
        if isinstance(key, int):
            return self.fields[key]
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise TypeError("StructType keys should be strings, integers or slices")

    def fieldNames(self):
        return list(self.names)

    def simpleString(self):
        return "struct<%s>" % (",".join(f.simpleString() for f in self))

    def __repr__(self):
        return "StructType([%s])" % ", ".join(str(field) for field in self)

    def jsonValue(self):
        return {"type": self.typeName(), "fields": [f.jsonValue() for f in self]}

    def treeString(self, level=None):
        lines = ["root"]

        def walk(fields, indent):
            for f in fields:
                lines.append("%s|-- %s: %s (nullable = %s)" % (indent, f.name, f.dataType.typeName(), str(f.nullable).lower()))
                if isinstance(f.dataType, StructType):
                    walk(f.dataType.fields, indent + "|    ")

        walk(self.fields, " ")
        return "\n".join(lines) + "\n"

    def fromInternal(self, values):
        if values is None:
            return None
        return _create_row(self.names, [_from_engine(f.dataType, v) for f, v in zip(self.fields, values)])


_atomic_types = [
    StringType,
    BinaryType,
    BooleanType,
    DecimalType,
    FloatType,
    DoubleType,
    ByteType,
    ShortType,
    IntegerType,
    LongType,
    DateType,
    TimestampType,
    NullType,
]
_all_atomic_types = {t.typeName(): t for t in _atomic_types}
_all_atomic_types.update({"int": IntegerType, "bigint": LongType, "smallint": ShortType, "tinyint": ByteType})


def _parse_datatype_json_value(value):
    if not isinstance(value, dict):
        if value in _all_atomic_types:
            return _all_atomic_types[value]()
        if value.startswith("decimal("):
            precision, scale = value[len("decimal(") : -1].split(",")
            return DecimalType(int(precision), int(scale))
        if value == "null":
            return NullType()
        raise ValueError("Could not parse datatype: %s" % value)
    kind = value["type"]
    if kind == "struct":
        return StructType(
            [
                StructField(f["name"], _parse_datatype_json_value(f["type"]), f["nullable"], f.get("metadata"))
                for f in value["fields"]
            ]
        )
    if kind == "array":
        return ArrayType(_parse_datatype_json_value(value["elementType"]), value["containsNull"])
    if kind == "map":
        return MapType(
            _parse_datatype_json_value(value["keyType"]),
            _parse_datatype_json_value(value["valueType"]),
            value["valueContainsNull"],
        )
    raise ValueError("Could not parse datatype: %s" % value)


def _parse_datatype_json_string(json_string):
    return _parse_datatype_json_value(json.loads(json_string))


def _parse_datatype_string(s):
    """A type from DDL text, by the engine's parser as PySpark's: ``"int"``, ``"a int, b string"``."""
    from pyspark.sql.utils import engine_call, sql_bridge

    return _parse_datatype_json_string(engine_call(lambda: sql_bridge().parseDDL(s)))


# ------------------------------------------------------------------ values between Python and the engine


def _from_engine(data_type, value):
    """An engine value (as Pyodide converted it) as PySpark gives it: ints, floats, datetimes, Rows."""
    if value is None or type(value).__name__ == "JsNull":
        return None
    if isinstance(data_type, (LongType, IntegerType, ShortType, ByteType)):
        return int(value)
    if isinstance(data_type, (DoubleType, FloatType)):
        return float(value)
    if isinstance(data_type, DecimalType):
        return decimal.Decimal(str(value)).quantize(decimal.Decimal(1).scaleb(-data_type.scale))
    if isinstance(data_type, (TimestampType, DateType)):
        if hasattr(value, "getTime"):
            value = datetime.datetime.fromtimestamp(value.getTime() / 1000.0, tz=datetime.timezone.utc)
        moment = value.astimezone(datetime.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
        return moment.date() if isinstance(data_type, DateType) else moment
    if isinstance(data_type, (StructType, ArrayType)):
        return data_type.fromInternal(value)
    if isinstance(data_type, MapType):
        return dict(value)
    return value


def _to_engine_value(data_type, value):
    """A Python value for a column of ``data_type``, as the engine holds it."""
    if value is None:
        return None
    if isinstance(data_type, (DoubleType, FloatType)):
        return float(value)
    if isinstance(data_type, DecimalType):
        return float(value)
    if isinstance(data_type, (TimestampType, DateType)):
        from js import Date

        if isinstance(value, datetime.datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
        else:
            moment = datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
        return Date.new(moment.timestamp() * 1000)
    if isinstance(data_type, ArrayType):
        return [_to_engine_value(data_type.elementType, v) for v in value]
    if isinstance(data_type, StructType):
        return _struct_values(data_type, value)
    return value


def _struct_values(struct, row):
    """A row (tuple, Row, dict, object) as the list of ``struct``'s values."""
    if isinstance(row, dict):
        values = [row.get(name) for name in struct.names]
    elif isinstance(row, Row) and hasattr(row, "__fields__"):
        values = [row[name] for name in struct.names]
    elif isinstance(row, (tuple, list)):
        values = list(row)
    elif hasattr(row, "__dict__"):
        values = [row.__dict__.get(name) for name in struct.names]
    else:
        values = [row]
    if len(values) != len(struct.fields):
        from pyspark.errors import PySparkValueError

        raise PySparkValueError(
            error_class="LENGTH_SHOULD_BE_THE_SAME",
            message_parameters={},
            message="obj and fields should be of the same length, got %d and %d." % (len(values), len(struct.fields)),
        )
    return [_to_engine_value(f.dataType, v) for f, v in zip(struct.fields, values)]


_type_mappings = {
    type(None): NullType,
    bool: BooleanType,
    int: LongType,
    float: DoubleType,
    str: StringType,
    bytearray: BinaryType,
    bytes: BinaryType,
    decimal.Decimal: DecimalType,
    datetime.date: DateType,
    datetime.datetime: TimestampType,
}


def _infer_type(obj):
    """PySpark's ``_infer_type``: a Python value's Spark type."""
    if obj is None:
        return NullType()
    data_type = _type_mappings.get(type(obj))
    if data_type is DecimalType:
        return DecimalType(38, 18)
    if data_type is not None:
        return data_type()
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key is not None and value is not None:
                return MapType(_infer_type(key), _infer_type(value), True)
        return MapType(NullType(), NullType(), True)
    if isinstance(obj, list):
        for v in obj:
            if v is not None:
                return ArrayType(_infer_type(v), True)
        return ArrayType(NullType(), True)
    if isinstance(obj, (Row, tuple)) or hasattr(obj, "__dict__"):
        return _infer_schema(obj)
    from pyspark.errors import PySparkTypeError

    raise PySparkTypeError(
        error_class="UNSUPPORTED_DATA_TYPE",
        message_parameters={"data_type": type(obj).__name__},
        message="Unsupported DataType `%s`." % type(obj).__name__,
    )


def _infer_schema(row, names=None):
    """PySpark's ``_infer_schema``: a dict's keys sorted, a Row's fields, a tuple's ``_1, _2`` (or ``names``)."""
    if isinstance(row, dict):
        items = sorted(row.items())
    elif isinstance(row, (tuple, list)):
        if hasattr(row, "__fields__"):
            items = zip(row.__fields__, tuple(row))
        elif hasattr(row, "_fields"):
            items = zip(row._fields, tuple(row))
        else:
            if names is None:
                names = ["_%d" % i for i in range(1, len(row) + 1)]
            elif len(names) < len(row):
                names = list(names) + ["_%d" % i for i in range(len(names) + 1, len(row) + 1)]
            items = zip(names, row)
    elif hasattr(row, "__dict__"):
        items = sorted(row.__dict__.items())
    else:
        from pyspark.errors import PySparkTypeError

        raise PySparkTypeError(
            error_class="CANNOT_INFER_SCHEMA_FOR_TYPE",
            message_parameters={"data_type": type(row).__name__},
            message="Can not infer schema for type: `%s`." % type(row).__name__,
        )
    return StructType([StructField(k, _infer_type(v), True) for k, v in items])


def _merge_type(a, b, name=None):
    """PySpark's ``_merge_type``: nulls give way; other differing types cannot merge."""
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if type(a) is not type(b):
        from pyspark.errors import PySparkTypeError

        raise PySparkTypeError(
            error_class="CANNOT_MERGE_TYPE",
            message_parameters={"data_type1": type(a).__name__, "data_type2": type(b).__name__},
            message="Can not merge type `%s` and `%s`." % (type(a).__name__, type(b).__name__),
        )
    if isinstance(a, StructType):
        fields = {f.name: f.dataType for f in b.fields}
        merged = [StructField(f.name, _merge_type(f.dataType, fields.get(f.name, NullType()), f.name)) for f in a.fields]
        names = set(f.name for f in a.fields)
        merged.extend(f for f in b.fields if f.name not in names)
        return StructType(merged)
    if isinstance(a, ArrayType):
        return ArrayType(_merge_type(a.elementType, b.elementType), True)
    if isinstance(a, MapType):
        return MapType(_merge_type(a.keyType, b.keyType), _merge_type(a.valueType, b.valueType), True)
    return a


def _has_nulltype(dt):
    if isinstance(dt, StructType):
        return any(_has_nulltype(f.dataType) for f in dt.fields)
    if isinstance(dt, ArrayType):
        return _has_nulltype(dt.elementType)
    if isinstance(dt, MapType):
        return _has_nulltype(dt.keyType) or _has_nulltype(dt.valueType)
    return isinstance(dt, NullType)


# ------------------------------------------------------------------ Row


def _create_row(fields, values):
    row = Row(*values)
    row.__fields__ = list(fields)
    return row


class Row(tuple):
    """
    A row of a DataFrame: a tuple whose items are also named.

    >>> row = Row(name="Alice", age=11)
    >>> row
    Row(name='Alice', age=11)
    >>> row['name'], row.age
    ('Alice', 11)
    """

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            from pyspark.errors import PySparkValueError

            raise PySparkValueError(
                error_class="CANNOT_SET_TOGETHER",
                message_parameters={"arg_list": "args and kwargs"},
                message="Can not use both args and kwargs to create Row",
            )
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive=False):
        if not hasattr(self, "__fields__"):
            from pyspark.errors import PySparkTypeError

            raise PySparkTypeError(error_class="CANNOT_CONVERT_TYPE", message_parameters={}, message="Cannot convert a Row class into dict")
        if recursive:

            def conv(obj):
                if isinstance(obj, Row):
                    return obj.asDict(True)
                if isinstance(obj, list):
                    return [conv(o) for o in obj]
                if isinstance(obj, dict):
                    return dict((k, conv(v)) for k, v in obj.items())
                return obj

            return dict(zip(self.__fields__, (conv(o) for o in self)))
        return dict(zip(self.__fields__, self))

    def __contains__(self, item):
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args):
        """A Row class made with field names (``Person = Row("name", "age")``) makes rows: ``Person("Ann", 3)``."""
        if len(args) > len(self):
            from pyspark.errors import PySparkValueError

            raise PySparkValueError(
                error_class="TOO_MANY_VALUES",
                message_parameters={},
                message="Can not create Row with fields %s, expected %d values but got %s" % (self, len(self), args),
            )
        return _create_row(self, args)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            idx = self.__fields__.index(item)
            return super().__getitem__(idx)
        except IndexError:
            raise KeyError(item)
        except ValueError:
            raise ValueError(item)

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            idx = self.__fields__.index(item)
            return self[idx]
        except IndexError:
            raise AttributeError(item)
        except ValueError:
            raise AttributeError(item)

    def __setattr__(self, key, value):
        if key != "__fields__":
            raise RuntimeError("Row is read-only")
        self.__dict__[key] = value

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self):
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join("%s=%r" % (k, v) for k, v in zip(self.__fields__, tuple(self)))
        return "<Row(%s)>" % ", ".join(repr(field) for field in self)
