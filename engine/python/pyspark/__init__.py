"""
PySpark, as Kindling runs it: the same package layout and names as PySpark
4.0 (``pyspark.core.rdd``, ``pyspark.core.context``, ``pyspark.sql``, ...),
written for Kindling's engine, which runs in the browser where PySpark's JVM
would run.

Public classes: SparkContext, SparkConf, RDD, Broadcast, Accumulator,
AccumulatorParam, StorageLevel, TaskContext.
"""

import sys

from pyspark.core.rdd import RDD
from pyspark.core.broadcast import Broadcast
from pyspark.core import rdd, broadcast

# PySpark 4 keeps the old module names working.
sys.modules["pyspark.rdd"] = rdd
sys.modules["pyspark.broadcast"] = broadcast

from pyspark.conf import SparkConf  # noqa: E402
from pyspark.storagelevel import StorageLevel  # noqa: E402
from pyspark.accumulators import Accumulator, AccumulatorParam  # noqa: E402
from pyspark.serializers import MarshalSerializer, CPickleSerializer  # noqa: E402
from pyspark.taskcontext import TaskContext  # noqa: E402
from pyspark.core.context import SparkContext  # noqa: E402
from pyspark.core import context  # noqa: E402

sys.modules["pyspark.context"] = context

from pyspark.sql import SparkSession  # noqa: E402, F401

__version__ = "4.0.0"

__all__ = [
    "SparkConf",
    "SparkContext",
    "RDD",
    "Broadcast",
    "Accumulator",
    "AccumulatorParam",
    "MarshalSerializer",
    "CPickleSerializer",
    "StorageLevel",
    "TaskContext",
]
