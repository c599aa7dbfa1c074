"""Helpers PySpark's modules share."""

import sys
import traceback

from pyspark.errors import PySparkRuntimeError

__all__ = []


def fail_on_stopiteration(f):
    """Wraps a user function so a StopIteration it raises fails the task instead of ending a loop silently."""

    # Positional only: every caller passes the records positionally, and a call without **kwargs is
    # markedly cheaper per record in CPython (a word count calls three of these per word).
    def wrapper(*args):
        try:
            return f(*args)
        except StopIteration as exc:
            raise PySparkRuntimeError(
                error_class="STOP_ITERATION_OCCURRED", message_parameters={"exc": str(exc)}
            ) from exc

    return wrapper


def _parse_memory(s):
    """Megabytes in a JVM memory string such as '512m' or '2g'."""
    units = {"g": 1024, "m": 1, "t": 1 << 20, "k": 1.0 / 1024}
    if s[-1].lower() not in units:
        raise ValueError("invalid format: " + s)
    return int(float(s[:-1]) * units[s[-1].lower()])


def print_exec(stream):
    exc_type, exc_value, tb = sys.exc_info()
    traceback.print_exception(exc_type, exc_value, tb, file=stream)


class PythonEvalType:
    NON_UDF = 0
    SQL_BATCHED_UDF = 100
