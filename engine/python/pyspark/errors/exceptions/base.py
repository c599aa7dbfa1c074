"""
PySpark's exception classes. A message is ``[ERROR_CLASS] text``, the text
filled in from the error class's template, as PySpark prints them; the
templates below are the ones Kindling's pyspark raises.
"""

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

# PySpark's message templates for the error classes raised here (python/pyspark/errors/error-conditions.json).
ERROR_MESSAGES = {
    "APPLICATION_NAME_NOT_SET": "An application name must be set in your configuration.",
    "BROADCAST_VARIABLE_NOT_LOADED": "Broadcast variable `<variable>` not loaded.",
    "CANNOT_ACCESS_TO_DUNDER": "Dunder(double underscore) attribute is for internal use only.",
    "CONTEXT_ONLY_VALID_ON_DRIVER": (
        "It appears that you are attempting to reference SparkContext from a broadcast variable, action, "
        "or transformation. SparkContext can only be used on the driver, not in code that it run on workers. "
        "For more information, see SPARK-5063."
    ),
    "INVALID_BROADCAST_OPERATION": "Broadcast can only be <operation> in driver.",
    "KEY_VALUE_PAIR_REQUIRED": "Key-value pair or a list of pairs is required.",
    "NOT_IMPLEMENTED": "<feature> is not implemented.",
    "PYTHON_HASH_SEED_NOT_SET": "Randomness of hash of string should be disabled via PYTHONHASHSEED.",
    "RDD_TRANSFORM_ONLY_VALID_ON_DRIVER": (
        "It appears that you are attempting to broadcast an RDD or reference an RDD from an action or "
        "transformation. RDD transformations and actions can only be invoked by the driver, not inside of other "
        "transformations; for example, rdd1.map(lambda x: rdd2.values.count() * x) is invalid because the values "
        "transformation and count action cannot be performed inside of the rdd1.map transformation. For more "
        "information, see SPARK-5063."
    ),
    "SESSION_OR_CONTEXT_NOT_EXISTS": (
        "SparkContext or SparkSession should be created first."
    ),
    "STOP_ITERATION_OCCURRED": "Caught StopIteration thrown from user's code; failing the task: <exc>",
    "VALUE_NOT_ACCESSIBLE": "Value `<value>` cannot be accessed inside tasks.",
}


def _message(error_class, message_parameters):
    template = ERROR_MESSAGES.get(error_class, error_class)
    for key, value in (message_parameters or {}).items():
        template = template.replace("<%s>" % key, str(value))
    return template


class PySparkException(Exception):
    """The base of PySpark's own errors: an error class and its message."""

    def __init__(self, message=None, error_class=None, message_parameters=None, errorClass=None, messageParameters=None):
        error_class = error_class or errorClass
        message_parameters = message_parameters if message_parameters is not None else messageParameters
        if message is None and error_class is not None:
            message = _message(error_class, message_parameters)
        self._message = message
        self._error_class = error_class
        self._message_parameters = message_parameters or {}
        super().__init__(message)

    def getErrorClass(self):
        return self._error_class

    def getCondition(self):
        return self._error_class

    def getMessageParameters(self):
        return self._message_parameters

    def getMessage(self):
        return self.__str__()

    def __str__(self):
        if self._error_class is not None:
            return "[%s] %s" % (self._error_class, self._message)
        return str(self._message)


class PySparkRuntimeError(PySparkException, RuntimeError):
    pass


class PySparkTypeError(PySparkException, TypeError):
    pass


class PySparkValueError(PySparkException, ValueError):
    pass


class PySparkAttributeError(PySparkException, AttributeError):
    pass


class PySparkNotImplementedError(PySparkException, NotImplementedError):
    pass


class AnalysisException(PySparkException):
    """Failed to analyze a SQL query plan (an unknown column or table, a type mismatch)."""


class ParseException(AnalysisException):
    """Failed to parse a SQL command."""


class PythonException(PySparkException):
    """An exception raised in Python code that ran in a task (a UDF), with its Python traceback."""
