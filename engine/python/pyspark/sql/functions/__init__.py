"""``pyspark.sql.functions``: in PySpark 4.0 a package whose functions live in ``builtin``."""

from pyspark.sql.functions.builtin import *  # noqa: F401,F403
from pyspark.sql.functions.builtin import __all__  # noqa: F401
