"""``pyspark.sql.Window`` and ``WindowSpec``: ``Window.partitionBy("dept").orderBy(F.desc("salary"))``."""

import sys

from pyspark.sql.column import _to_col
from pyspark.sql.utils import engine_call, sql_bridge

__all__ = ["Window", "WindowSpec"]


def _to_cols(cols):
    if len(cols) == 1 and isinstance(cols[0], list):
        cols = cols[0]
    return [_to_col(c) for c in cols]


class Window:
    """Utility functions for defining windows in DataFrames."""

    _JAVA_MIN_LONG = -(1 << 63)
    _JAVA_MAX_LONG = (1 << 63) - 1
    _PRECEDING_THRESHOLD = max(-sys.maxsize, _JAVA_MIN_LONG)
    _FOLLOWING_THRESHOLD = min(sys.maxsize, _JAVA_MAX_LONG)

    unboundedPreceding = _JAVA_MIN_LONG
    unboundedFollowing = _JAVA_MAX_LONG
    currentRow = 0

    @staticmethod
    def partitionBy(*cols):
        return WindowSpec(engine_call(lambda: sql_bridge().Window.partitionBy(*_to_cols(cols))))

    @staticmethod
    def orderBy(*cols):
        return WindowSpec(engine_call(lambda: sql_bridge().Window.orderBy(*_to_cols(cols))))

    @staticmethod
    def rowsBetween(start, end):
        return WindowSpec(engine_call(lambda: sql_bridge().Window.rowsBetween(*_bounds(start, end))))

    @staticmethod
    def rangeBetween(start, end):
        return WindowSpec(engine_call(lambda: sql_bridge().Window.rangeBetween(*_bounds(start, end))))


def _bounds(start, end):
    """PySpark's clamping: anything at or beyond ±sys.maxsize is unbounded (the engine's ±2**63)."""
    start = -(2.0**63) if start <= Window._PRECEDING_THRESHOLD else start
    end = 2.0**63 if end >= Window._FOLLOWING_THRESHOLD else end
    return start, end


class WindowSpec:
    """A window specification: partitioning, ordering and frame."""

    def __init__(self, jspec):
        self._jspec = jspec

    def partitionBy(self, *cols):
        return WindowSpec(engine_call(lambda: self._jspec.partitionBy(*_to_cols(cols))))

    def orderBy(self, *cols):
        return WindowSpec(engine_call(lambda: self._jspec.orderBy(*_to_cols(cols))))

    def rowsBetween(self, start, end):
        return WindowSpec(engine_call(lambda: self._jspec.rowsBetween(*_bounds(start, end))))

    def rangeBetween(self, start, end):
        return WindowSpec(engine_call(lambda: self._jspec.rangeBetween(*_bounds(start, end))))
