"""
PySpark 4.0's ``pyspark/sql/functions/builtin.py``, for the functions the
engine's Spark SQL has: each builds the engine's Column for the SQL function
of that name (``F.sum("x")`` is SQL's ``sum(x)``), as PySpark's call the
JVM's ``functions`` object. ``call_function`` reaches any other function of
the engine by its SQL name.
"""

from pyspark.sql.column import Column, _to_col
from pyspark.sql.udf import udf  # noqa: F401
from pyspark.sql.utils import engine_call, sql_bridge, to_engine_literal


def _invoke_function(name, *args):
    """The engine's ``F[name](*args)``, as PySpark's ``_invoke_function`` calls the JVM's ``functions.name``."""
    return Column(engine_call(lambda: getattr(sql_bridge().functions, name)(*args)))


def _invoke_function_over_columns(name, *cols):
    return _invoke_function(name, *[_to_col(c) for c in cols])


def col(col):
    """A Column for a column name (``"*"`` and ``"t.*"`` included)."""
    return _invoke_function("col", col)


column = col


def lit(col):
    """A literal Column: ``lit(5)`` is an int, ``lit(2.0)`` a double; a Column passes through."""
    if isinstance(col, Column):
        return col
    return _invoke_function("lit", to_engine_literal(col))


def expr(str):
    """A Column from SQL text: ``expr("amount * 2")``."""
    return _invoke_function("expr", str)


def when(condition, value):
    """``when(cond, value).when(…).otherwise(…)``: SQL's CASE WHEN."""
    return _invoke_function("when", condition._jc, to_engine_literal(value))


def asc(col):
    return _invoke_function_over_columns("asc", col)


def desc(col):
    return _invoke_function_over_columns("desc", col)


def broadcast(df):
    """Marks a DataFrame as small enough to broadcast in a join."""
    from pyspark.sql.dataframe import DataFrame

    return DataFrame(engine_call(lambda: sql_bridge().functions.broadcast(df._jdf)), df.sparkSession)


def call_function(funcName, *cols):
    """Any function of the engine's SQL by its name: ``call_function("upper", "name")``."""
    return Column(engine_call(lambda: sql_bridge().callFunction(funcName, [_to_col(c) for c in cols])))


def countDistinct(col, *cols):
    return _invoke_function_over_columns("countDistinct", col, *cols)


count_distinct = countDistinct


def first(col, ignorenulls=False):
    return _invoke_function("first", _to_col(col), ignorenulls)


def last(col, ignorenulls=False):
    return _invoke_function("last", _to_col(col), ignorenulls)


def concat(*cols):
    return _invoke_function_over_columns("concat", *cols)


def concat_ws(sep, *cols):
    return _invoke_function("concat_ws", sep, *[_to_col(c) for c in cols])


def substring(str, pos, len):
    return _invoke_function("substring", _to_col(str), pos, len)


def split(str, pattern, limit=-1):
    return _invoke_function("split", _to_col(str), pattern)


def coalesce(*cols):
    return _invoke_function_over_columns("coalesce", *cols)


def log(arg1, arg2=None):
    """``log(col)``: the natural logarithm."""
    if arg2 is not None:
        return call_function("log", lit(arg1), arg2)
    return _invoke_function_over_columns("log", arg1)


def round(col, scale=0):
    return _invoke_function("round", _to_col(col), scale)


def pmod(dividend, divisor):
    return _invoke_function(
        "pmod", _to_col(dividend), divisor if isinstance(divisor, (int, float)) else _to_col(divisor)
    )


def row_number():
    return _invoke_function("row_number")


def rank():
    return _invoke_function("rank")


def dense_rank():
    return _invoke_function("dense_rank")


def lag(col, offset=1, default=None):
    return _invoke_function("lag", _to_col(col), offset, to_engine_literal(default))


def lead(col, offset=1, default=None):
    return _invoke_function("lead", _to_col(col), offset, to_engine_literal(default))


def upper(col):
    return _invoke_function_over_columns("upper", col)

def lower(col):
    return _invoke_function_over_columns("lower", col)

def trim(col):
    return _invoke_function_over_columns("trim", col)

def ltrim(col):
    return _invoke_function_over_columns("ltrim", col)

def rtrim(col):
    return _invoke_function_over_columns("rtrim", col)

def initcap(col):
    return _invoke_function_over_columns("initcap", col)

def reverse(col):
    return _invoke_function_over_columns("reverse", col)

def length(col):
    return _invoke_function_over_columns("length", col)

def isnull(col):
    return _invoke_function_over_columns("isnull", col)

def isnotnull(col):
    return _invoke_function_over_columns("isnotnull", col)

def abs(col):
    return _invoke_function_over_columns("abs", col)

def sqrt(col):
    return _invoke_function_over_columns("sqrt", col)

def exp(col):
    return _invoke_function_over_columns("exp", col)

def log10(col):
    return _invoke_function_over_columns("log10", col)

def ceil(col):
    return _invoke_function_over_columns("ceil", col)

def floor(col):
    return _invoke_function_over_columns("floor", col)

def year(col):
    return _invoke_function_over_columns("year", col)

def month(col):
    return _invoke_function_over_columns("month", col)

def dayofmonth(col):
    return _invoke_function_over_columns("dayofmonth", col)

def dayofweek(col):
    return _invoke_function_over_columns("dayofweek", col)

def hour(col):
    return _invoke_function_over_columns("hour", col)

def to_date(col):
    return _invoke_function_over_columns("to_date", col)

def count(col):
    return _invoke_function_over_columns("count", col)

def sum(col):
    return _invoke_function_over_columns("sum", col)

def avg(col):
    return _invoke_function_over_columns("avg", col)

def mean(col):
    return _invoke_function_over_columns("mean", col)

def min(col):
    return _invoke_function_over_columns("min", col)

def max(col):
    return _invoke_function_over_columns("max", col)

def any_value(col):
    return _invoke_function_over_columns("any_value", col)

def collect_list(col):
    return _invoke_function_over_columns("collect_list", col)

def collect_set(col):
    return _invoke_function_over_columns("collect_set", col)

def sum_distinct(col):
    return _invoke_function_over_columns("sum_distinct", col)


__all__ = [
    "udf",
    "abs",
    "any_value",
    "asc",
    "avg",
    "broadcast",
    "call_function",
    "ceil",
    "coalesce",
    "col",
    "collect_list",
    "collect_set",
    "column",
    "concat",
    "concat_ws",
    "count",
    "countDistinct",
    "count_distinct",
    "dayofmonth",
    "dayofweek",
    "dense_rank",
    "desc",
    "exp",
    "expr",
    "first",
    "floor",
    "hour",
    "initcap",
    "isnotnull",
    "isnull",
    "lag",
    "last",
    "lead",
    "length",
    "lit",
    "log",
    "log10",
    "lower",
    "ltrim",
    "max",
    "mean",
    "min",
    "month",
    "pmod",
    "rank",
    "reverse",
    "round",
    "row_number",
    "rtrim",
    "split",
    "sqrt",
    "substring",
    "sum",
    "sum_distinct",
    "to_date",
    "trim",
    
    "upper",
    "when",
    "year",
]
