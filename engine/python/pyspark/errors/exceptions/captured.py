"""
The engine's exceptions as PySpark's ``capture_sql_exception`` converts the
JVM's (``pyspark/errors/exceptions/captured.py``): the engine's message is the
exception's text, and each class is also the base class of its name, so
``except AnalysisException`` catches both.
"""

from pyspark.errors.exceptions.base import AnalysisException as BaseAnalysisException
from pyspark.errors.exceptions.base import ParseException as BaseParseException
from pyspark.errors.exceptions.base import PySparkException
from pyspark.errors.exceptions.base import PythonException as BasePythonException

__all__ = ["CapturedException", "AnalysisException", "ParseException", "PythonException"]


class CapturedException(PySparkException):
    def __init__(self, desc=None, stackTrace=None, cause=None, origin=None):
        self._desc = desc
        self._stackTrace = stackTrace
        self._cause = cause
        self._origin = origin
        super().__init__(message=desc)

    def __str__(self):
        return str(self._desc)

    def getMessage(self):
        return str(self._desc)

    def getCondition(self):
        """The error class the engine's message starts with (``PATH_ALREADY_EXISTS``), as the JVM's getCondition."""
        import re

        found = re.match(r"\[([A-Z0-9_.]+)\]", str(self._desc))
        return found.group(1) if found else None

    def getErrorClass(self):
        return self.getCondition()


class AnalysisException(CapturedException, BaseAnalysisException):
    """Failed to analyze a SQL query plan."""


class ParseException(AnalysisException, BaseParseException):
    """Failed to parse a SQL command."""


class PythonException(CapturedException, BasePythonException):
    """An exception thrown from a Python UDF on an executor."""
