"""PySpark's exceptions, with its error classes and messages."""

from pyspark.errors.exceptions.base import *  # noqa: F401,F403
from pyspark.errors.exceptions.base import __all__  # noqa: F401
