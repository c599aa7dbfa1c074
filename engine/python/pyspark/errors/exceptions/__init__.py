"""PySpark's exceptions: ``base`` (PySpark's own errors) and ``captured`` (the engine's, converted), as in PySpark 4.0."""

from pyspark.errors.exceptions.base import *  # noqa: F401,F403
from pyspark.errors.exceptions.base import __all__  # noqa: F401
