"""PySpark's exceptions, with its error classes and messages."""

from pyspark.errors.exceptions import (
    PySparkException,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
    PySparkAttributeError,
    PySparkNotImplementedError,
    AnalysisException,
    ParseException,
    PythonException,
)

__all__ = [
    "PySparkException",
    "PySparkRuntimeError",
    "PySparkTypeError",
    "PySparkValueError",
    "PySparkAttributeError",
    "PySparkNotImplementedError",
    "AnalysisException",
    "ParseException",
    "PythonException",
]
