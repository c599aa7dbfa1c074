"""
PySpark SQL: SparkSession, the entry point of a PySpark program, and (as
Kindling's SQL engine grows) DataFrames.
"""

from pyspark.sql.session import SparkSession

__all__ = ["SparkSession"]
