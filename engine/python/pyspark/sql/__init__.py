"""
PySpark SQL: SparkSession, the entry point of a PySpark program, and
DataFrames, Columns, Rows and windows over Kindling's Spark SQL engine
(engine/sql), laid out as PySpark 4.0's ``pyspark/sql``.
"""

from pyspark.sql.types import Row
from pyspark.sql.session import SparkSession
from pyspark.sql.column import Column
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.group import GroupedData
from pyspark.sql.window import Window, WindowSpec
from pyspark.sql.readwriter import DataFrameReader, DataFrameWriter

__all__ = ["SparkSession", "DataFrame", "Column", "Row", "GroupedData", "Window", "WindowSpec", "DataFrameReader", "DataFrameWriter"]
