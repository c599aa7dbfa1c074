"""
How ``pyspark.sql`` talks to the engine's Spark SQL, as PySpark's talks to
its JVM: engine objects are held as handles (``_jdf``, ``_jc``, PySpark's
py4j JavaObjects; here Pyodide's proxies of the engine's JavaScript objects),
arguments are converted on the way in, and the engine's exceptions become
PySpark's (``AnalysisException``, ``ParseException``) as PySpark's
``capture_sql_exception`` converts the JVM's.
"""

__all__ = ["sql_bridge", "engine_call", "engine_action", "to_engine", "to_engine_literal"]


def sql_bridge():
    """The running application's SQL side (engine/python/sql-bridge.ts): PySpark's ``_jsparkSession`` and ``_jvm``."""
    from pyspark.sql.session import SparkSession

    session = SparkSession._instantiatedSession
    if session is None:
        session = SparkSession.builder.getOrCreate()
    return session._jbridge


def _captured(error):
    """PySpark's ``convert_exception``: the engine's SQL errors as pyspark.errors classes, else py4j's error."""
    from pyspark.errors.exceptions.captured import AnalysisException, ParseException, PythonException
    from pyspark.java_gateway import _to_py4j_error

    js_error = getattr(error, "js_error", None)
    name = str(getattr(js_error, "name", None) or getattr(error, "name", "") or "")
    message = getattr(js_error, "message", None)
    message = str(error) if message is None else str(message)
    if name == "ParseException":
        return ParseException(message)
    if name == "AnalysisException":
        return AnalysisException(message)
    marker = "org.apache.spark.api.python.PythonException: "
    if marker in message:
        # A Python UDF failed: PySpark raises the worker's traceback, as convert_exception words it.
        import re
        import sys

        # Spark's driver log says which task (the partition's index) failed, as log4j prints it on stderr.
        failed = re.search(r"Task (\d+) in stage (\S+) failed (\d+) times", message)
        if failed:
            print("ERROR TaskSetManager: %s; aborting job" % failed.group(0), file=sys.stderr)
        traceback_text = message.split(marker, 1)[1].split("\nDriver stacktrace:")[0]
        return PythonException(
            "\n  An exception was thrown from the Python worker. Please see the stack trace below.\n" + traceback_text
        )
    return _to_py4j_error("o0.sql", error)


def engine_call(thunk):
    """Runs ``thunk`` (a call into the engine); the engine's error becomes PySpark's."""
    from pyodide.ffi import JsException

    try:
        return thunk()
    except JsException as e:
        raise _captured(e) from None


def engine_wait(start):
    """Waits for what ``start(gateway)`` begins in the engine (a promise); the engine's error becomes PySpark's."""
    from pyodide.ffi import JsException, run_sync

    from pyspark.java_gateway import _engine

    try:
        return run_sync(start(_engine()))
    except JsException as e:
        raise _captured(e) from None


def engine_action(target, method, *args):
    """
    Runs a DataFrame action of the engine and waits for it (its jobs run
    meanwhile), under PySpark's call site. ``method`` may be a pair: the
    engine's method and the JVM method PySpark calls (``("show", "showString")``).
    """
    from pyodide.ffi import JsException, run_sync

    from pyspark.java_gateway import _engine

    method, jvm_method = method if isinstance(method, tuple) else (method, method)
    try:
        return run_sync(_engine().sqlAction(target, method, to_engine(list(args)), jvm_method))
    except JsException as e:
        raise _captured(e) from None


def print_engine_output():
    """Prints what the engine's session printed (show, explain, printSchema), as PySpark prints it from Python."""
    # The engine's text ends with a newline and print adds one: PySpark's show() leaves a blank line too.
    print(sql_bridge().takePrinted())


# The integers a JavaScript number holds exactly.
_SAFE_INTEGER = 2**53 - 1


def _json_exact(value):
    """
    True when JSON carries ``value`` to the engine exactly as ``to_engine``
    would: strings, booleans, None, integers a double holds, finite floats,
    and lists and tuples of those (the rows ``createDataFrame`` sends).
    """
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -_SAFE_INTEGER <= value <= _SAFE_INTEGER
    if kind is float:
        return value - value == 0.0
    if kind is list or kind is tuple:
        return all(_json_exact(v) for v in value)
    return False


def to_engine(value):
    """A Python argument as the engine takes it: handles unwrapped, lists as arrays, dicts as objects."""
    from pyodide.ffi import JsProxy, jsnull, to_js
    from js import Array, Object

    from pyspark.sql.types import DataType

    if value is None:
        return jsnull
    if isinstance(value, JsProxy):
        return value
    jvalue = getattr(value, "_engine_handle", None)
    if jvalue is not None:
        return jvalue()
    if isinstance(value, DataType):
        return sql_bridge().parseDataType(value.json())
    if isinstance(value, (list, tuple)):
        if len(value) > 16 and _json_exact(value):
            # Many plain values (a createDataFrame's rows) in one crossing: one per value took a second per
            # few hundred rows.
            import json

            from js import JSON

            return JSON.parse(json.dumps(value))
        return Array.of(*[to_engine(v) for v in value])
    if isinstance(value, dict):
        return Object.fromEntries(Array.of(*[Array.of(str(k), to_engine(v)) for k, v in value.items()]))
    if isinstance(value, (bytes, bytearray)):
        return to_js(bytes(value))
    return value


def to_engine_literal(value):
    """
    A value where a Column is expected, as a literal of the type py4j would
    give it: a float is a double even when whole (``2.0``), an int beyond 32
    bits a bigint; a Column is its expression.
    """
    import datetime

    from pyspark.sql.types import DateType, DecimalType, DoubleType, TimestampType, _to_engine_value

    if isinstance(value, bool) or value is None or isinstance(value, str):
        return to_engine(value)
    if isinstance(value, float):
        return sql_bridge().literal(value, DoubleType().json())
    if isinstance(value, datetime.datetime):
        return sql_bridge().literal(_to_engine_value(TimestampType(), value), TimestampType().json())
    if isinstance(value, datetime.date):
        return sql_bridge().literal(_to_engine_value(DateType(), value), DateType().json())
    if type(value).__name__ == "Decimal":
        return sql_bridge().literal(str(value), DecimalType(38, 18).json())
    return to_engine(value)
