"""
``pyspark.sql.DataFrameReader`` (``spark.read``), as PySpark 4.0's
``pyspark/sql/readwriter.py``: options collected in Python, the read done by
the engine's reader (engine/sql/DataFrameReader.ts), which runs the jobs
Spark runs to learn a schema (a CSV's first line, ``inferSchema``'s pass, a
JSON fold, a Parquet footer) while this Python waits. Their call site is the
JVM's (``csv at NativeMethodAccessorImpl.java:0``): PySpark calls
``_jreader.csv`` without setting one.

``pyspark.sql.DataFrameWriter`` (``df.write``) likewise collects its mode,
format and options in the engine's writer (engine/sql/DataFrameWriter.ts),
which checks the save mode and runs the query and one write job.
"""

from pyspark.sql.types import StructType
from pyspark.sql.utils import engine_action, engine_call, sql_bridge, to_engine

__all__ = ["DataFrameReader", "DataFrameWriter"]


def _options(**kwargs):
    """PySpark's keyword options, without the ones left as None: ``header=True`` is the option ``header``."""
    return {k: v for k, v in kwargs.items() if v is not None}


class DataFrameReader:
    """
    >>> spark.read.csv("data/orders.csv", header=True, inferSchema=True)  # doctest: +SKIP
    >>> spark.read.format("json").option("multiLine", True).load("data/people.json")  # doctest: +SKIP
    """

    def __init__(self, spark):
        self._spark = spark
        self._jreader = engine_call(lambda: sql_bridge().session.read)

    def _df(self, method, *args):
        from pyspark.sql.dataframe import DataFrame

        return DataFrame(engine_action(self._jreader, method, *args), self._spark)

    def format(self, source):
        engine_call(lambda: self._jreader.format(source))
        return self

    def option(self, key, value):
        engine_call(lambda: self._jreader.option(key, to_engine(value)))
        return self

    def options(self, **options):
        engine_call(lambda: self._jreader.options(to_engine(options)))
        return self

    def schema(self, schema):
        """A StructType or a DDL string (``"id INT, name STRING"``): no job runs to infer one."""
        jschema = to_engine(schema) if isinstance(schema, StructType) else schema
        engine_call(lambda: self._jreader.schema(jschema))
        return self

    def _with_schema(self, schema):
        if schema is not None:
            self.schema(schema)

    def load(self, path=None, format=None, schema=None, **options):
        if format is not None:
            self.format(format)
        self._with_schema(schema)
        if options:
            self.options(**options)
        if path is None:
            return self._df("load")
        return self._df("load", to_engine(path) if isinstance(path, (list, tuple)) else path)

    def csv(self, path, schema=None, sep=None, header=None, inferSchema=None, **options):
        self._with_schema(schema)
        opts = _options(sep=sep, header=header, inferSchema=inferSchema, **options)
        return self._df("csv", to_engine(path) if isinstance(path, (list, tuple)) else path, to_engine(opts))

    def json(self, path, schema=None, multiLine=None, **options):
        self._with_schema(schema)
        opts = _options(multiLine=multiLine, **options)
        return self._df("json", to_engine(path) if isinstance(path, (list, tuple)) else path, to_engine(opts))

    def text(self, paths, wholetext=False, lineSep=None, **options):
        opts = _options(wholetext=wholetext or None, lineSep=lineSep, **options)
        return self._df("text", to_engine(paths) if isinstance(paths, (list, tuple)) else paths, to_engine(opts))

    def parquet(self, *paths, **options):
        return self._df("parquet", *paths, to_engine(_options(**options)))

    def table(self, tableName):
        return self._spark.table(tableName)


class DataFrameWriter:
    """
    >>> df.write.mode("overwrite").csv("out/orders", header=True)  # doctest: +SKIP
    >>> df.write.format("json").save("out/orders-json")  # doctest: +SKIP
    """

    def __init__(self, df):
        self._df = df
        self._spark = df.sparkSession
        self._jwrite = engine_call(lambda: df._jdf.write)

    def _save(self, method, path, opts):
        """The engine's ``csv(path, options)`` and the like; ``save`` takes its format and mode first."""
        args = (path, None, None, opts) if method == "save" else (path, opts)
        engine_action(self._jwrite, method, *args)

    def mode(self, saveMode):
        """``errorifexists`` (the default), ``overwrite``, ``append`` or ``ignore``; None keeps the mode."""
        if saveMode is not None:
            engine_call(lambda: self._jwrite.mode(saveMode))
        return self

    def format(self, source):
        engine_call(lambda: self._jwrite.format(source))
        return self

    def option(self, key, value):
        engine_call(lambda: self._jwrite.option(key, to_engine(value)))
        return self

    def options(self, **options):
        engine_call(lambda: self._jwrite.options(to_engine(options)))
        return self

    def partitionBy(self, *cols):
        from pyspark.errors import PySparkNotImplementedError

        raise PySparkNotImplementedError(
            error_class="NOT_IMPLEMENTED", message_parameters={"feature": "DataFrameWriter.partitionBy in Kindling"}
        )

    def save(self, path=None, format=None, mode=None, partitionBy=None, **options):
        if partitionBy:
            self.partitionBy(partitionBy)
        if path is None:
            from pyspark.errors import PySparkNotImplementedError

            raise PySparkNotImplementedError(
                error_class="NOT_IMPLEMENTED", message_parameters={"feature": "save() without a path in Kindling"}
            )
        self.mode(mode)
        if format is not None:
            self.format(format)
        self._save("save", path, _options(**options))

    def csv(self, path, mode=None, compression=None, sep=None, header=None, **options):
        self.mode(mode)
        self._save("csv", path, _options(compression=compression, sep=sep, header=header, **options))

    def json(self, path, mode=None, compression=None, **options):
        self.mode(mode)
        self._save("json", path, _options(compression=compression, **options))

    def text(self, path, compression=None, lineSep=None, **options):
        self._save("text", path, _options(compression=compression, lineSep=lineSep, **options))

    def parquet(self, path, mode=None, partitionBy=None, compression=None, **options):
        if partitionBy:
            self.partitionBy(partitionBy)
        self.mode(mode)
        self._save("parquet", path, _options(compression=compression, **options))
