"""
Python user-defined functions (``pyspark/sql/udf.py``): ``F.udf(f, returnType)``
and ``@udf``. Calling one on columns makes the engine's PythonUDF expression;
the planner runs it in a BatchEvalPython operator, on the executors' task
threads, in their Python, as Spark's BatchEvalPythonExec does. The function
is pickled (with what it captures) once, when the UDF is first called, as
PySpark builds its ``_judf`` once. Its results are read as the JVM reads a
pickled value of the declared type: a value of another type becomes null
(an ``int`` from a ``DoubleType`` UDF is null, as in PySpark), and
``StringType`` takes the value's text.
"""

import datetime
import functools
import json

from pyspark.sql.column import Column, _to_col
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    ByteType,
    DataType,
    DateType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    ShortType,
    StringType,
    TimestampType,
    _from_engine,
    _parse_datatype_json_value,
    _parse_datatype_string,
    _to_engine_value,
)

__all__ = ["UserDefinedFunction", "UDFRegistration", "udf"]

PythonEvalType_SQL_BATCHED_UDF = 100


def _result_converter(data_type):
    """EvaluatePython.makeFromJava for the UDF's return type: the value, or None when its type does not fit."""
    if isinstance(data_type, StringType):
        return lambda v: None if v is None else ("true" if v is True else "false" if v is False else str(v))
    if isinstance(data_type, (LongType, IntegerType, ShortType, ByteType)):
        return lambda v: v if isinstance(v, int) and not isinstance(v, bool) else None
    if isinstance(data_type, (DoubleType, FloatType)):
        return lambda v: v if isinstance(v, float) else None
    if isinstance(data_type, BooleanType):
        return lambda v: v if isinstance(v, bool) else None
    if isinstance(data_type, (DateType, TimestampType)):
        return lambda v: _to_engine_value(data_type, v) if isinstance(v, datetime.date) else None
    if isinstance(data_type, ArrayType):
        element = _result_converter(data_type.elementType)
        return lambda v: [element(x) for x in v] if isinstance(v, (list, tuple)) else None
    return lambda v: v


def _udf_command(f, return_type):
    """
    The command a task's Python runs (``worker.main``'s func, profiler,
    serializers): the partition's first record names the arguments' types,
    then each record is one row's arguments. Its ``_row_evaluator`` gives,
    for the arguments' types (Spark's DataType JSON), the function of one
    row's arguments that ``worker.main_udfs`` calls when a BatchEvalPython
    runs several UDFs in one pass; given the commands of UDFs called on this
    one's result (a chain, ``outer(inner(x))``), it runs them too, as
    PySpark's worker ``chain``s them: each gets the previous one's value as
    the function returned it, and only the last one's return type reads the
    result ("the last returnType will be the return type of UDF", worker.py's
    ``read_single_udf``).
    """
    from pyspark.serializers import NoOpSerializer

    convert = _result_converter(return_type)

    def row_evaluator(type_jsons, outer=()):
        types = [_parse_datatype_json_value(t) for t in type_jsons]
        then = [o._func for o in outer]
        last = outer[-1]._convert if outer else convert

        def run(args):
            value = f(*[_from_engine(t, v) for t, v in zip(types, args)])
            for g in then:
                value = g(value)
            return last(value)

        return run

    def evaluate(split, iterator):
        header = next(iterator, None)
        if header is None:
            return
        run = row_evaluator(json.loads(header))
        for args in iterator:
            yield run(args)

    evaluate._simplified_traceback = True
    evaluate._row_evaluator = row_evaluator
    evaluate._func = f
    evaluate._convert = convert
    return (evaluate, None, NoOpSerializer(), NoOpSerializer())


class UserDefinedFunction:
    """A Python function usable on columns: ``UserDefinedFunction(f, IntegerType())(df.x)``."""

    def __init__(self, func, returnType=StringType(), name=None, evalType=PythonEvalType_SQL_BATCHED_UDF, deterministic=True):
        if not callable(func):
            from pyspark.errors import PySparkTypeError

            raise PySparkTypeError(
                error_class="NOT_CALLABLE",
                message_parameters={"arg_name": "func", "arg_type": type(func).__name__},
                message="Argument `func` should be a callable, got %s." % type(func).__name__,
            )
        if not isinstance(returnType, (DataType, str)):
            from pyspark.errors import PySparkTypeError

            raise PySparkTypeError(
                error_class="NOT_DATATYPE_OR_STR",
                message_parameters={"arg_name": "returnType", "arg_type": type(returnType).__name__},
                message="Argument `returnType` should be a DataType or str, got %s." % type(returnType).__name__,
            )
        self.func = func
        self._returnType = returnType
        self._returnType_placeholder = None
        self._name = name or getattr(func, "__name__", func.__class__.__name__)
        self.evalType = evalType
        self.deterministic = deterministic
        self._judf_placeholder = None

    @property
    def returnType(self):
        if self._returnType_placeholder is None:
            rt = self._returnType
            self._returnType_placeholder = _parse_datatype_string(rt) if isinstance(rt, str) else rt
        return self._returnType_placeholder

    @property
    def _judf(self):
        """The pickled function, made on the first call (PySpark's ``_create_judf``)."""
        if self._judf_placeholder is None:
            from pyspark.core.context import SparkContext
            from pyspark.core.rdd import _prepare_for_python_RDD
            from pyspark.java_gateway import call, to_js

            sc = SparkContext._active_spark_context or SparkContext.getOrCreate()
            command, broadcast_ids = _prepare_for_python_RDD(sc, _udf_command(self.func, self.returnType))
            self._judf_placeholder = call("o0.pythonFunction", "pythonFunction", to_js(command), to_js(broadcast_ids))
        return self._judf_placeholder

    def __call__(self, *cols):
        from pyspark.sql.utils import engine_call, sql_bridge

        judf = self._judf
        jcols = [_to_col(c) for c in cols]
        bridge = sql_bridge()
        return Column(
            engine_call(lambda: bridge.pythonUDF(self._name, judf, self.returnType.json(), jcols, self.deterministic))
        )

    def asNondeterministic(self):
        self.deterministic = False
        return self

    def _wrapped(self):
        """A function that calls this UDF, keeping ``f``'s name and docstring (what ``@udf`` gives)."""

        @functools.wraps(self.func)
        def wrapper(*args):
            return self(*args)

        wrapper.func = self.func
        wrapper.returnType = self.returnType if not isinstance(self._returnType, str) else self._returnType
        wrapper.evalType = self.evalType
        wrapper.deterministic = self.deterministic
        wrapper.asNondeterministic = functools.wraps(self.asNondeterministic)(
            lambda: self.asNondeterministic()._wrapped()
        )
        wrapper._unwrapped = self
        return wrapper


def _create_udf(f, returnType, name=None, deterministic=True):
    return UserDefinedFunction(f, returnType, name, deterministic=deterministic)._wrapped()


class UDFRegistration:
    """
    ``spark.udf``: Python functions SQL text can call by name.

    >>> spark.udf.register("slen", lambda s: len(s), "int")  # doctest: +SKIP
    >>> spark.sql("SELECT slen(name) FROM people")  # doctest: +SKIP
    """

    def __init__(self, sparkSession):
        self.sparkSession = sparkSession

    def register(self, name, f, returnType=None):
        """
        Registers ``f`` (a Python function, or a UDF made with ``udf``, whose
        return type it keeps) as the temporary function ``name``; returns the
        UDF, which works on columns too.
        """
        from pyspark.sql.utils import engine_call

        if hasattr(f, "asNondeterministic"):
            if returnType is not None:
                from pyspark.errors import PySparkTypeError

                raise PySparkTypeError(
                    error_class="CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF",
                    message_parameters={"arg_name": "returnType", "return_type": str(returnType)},
                    message="Argument `returnType` cannot be specified when `f` is a user-defined function, but got %s."
                    % returnType,
                )
            register_udf = _create_udf(f.func, f.returnType, name, f.deterministic)._unwrapped
            return_udf = register_udf
        else:
            return_udf = _create_udf(f, StringType() if returnType is None else returnType, name)
            register_udf = return_udf._unwrapped
        judf = register_udf._judf
        bridge = self.sparkSession._jbridge
        engine_call(
            lambda: bridge.registerPythonUDF(name, judf, register_udf.returnType.json(), register_udf.deterministic)
        )
        return return_udf


def udf(f=None, returnType=StringType(), *, useArrow=None):
    """
    A Python UDF: ``udf(lambda s: s.upper())``, ``udf(f, IntegerType())``,
    ``udf(f, "int")``, or as a decorator ``@udf`` / ``@udf(returnType=IntegerType())``
    / ``@udf("int")``. The default return type is string.

    >>> slen = udf(lambda s: len(s), IntegerType())  # doctest: +SKIP
    >>> df.select(slen("name")).collect()  # doctest: +SKIP
    """
    if f is None or isinstance(f, (str, DataType)):
        return_type = f or returnType
        return functools.partial(_create_udf, returnType=return_type)
    return _create_udf(f, returnType)
