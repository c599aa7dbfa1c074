"""SparkSession: the entry point a spark-submit script starts from (``SparkSession.builder...getOrCreate()``)."""

import threading

from pyspark.conf import SparkConf
from pyspark.core.context import SparkContext

__all__ = ["SparkSession"]


class _classproperty:
    def __init__(self, getter):
        self.getter = getter

    def __get__(self, instance, owner):
        return self.getter(owner)


class RuntimeConfig:
    """``spark.conf``: the session's settings."""

    def __init__(self, session):
        self._session = session

    def set(self, key, value):
        value = "true" if value is True else "false" if value is False else str(value)
        self._session._options[key] = value
        self._session._sc._conf.set(key, value)
        if self._session._bridge is not None:
            self._session._bridge.session.conf.set(key, value)

    def get(self, key, default=None):
        if key in self._session._options:
            return self._session._options[key]
        value = self._session._sc._conf.get(key, None)
        if value is None and key.startswith("spark.sql."):
            # The engine knows Spark SQL's defaults (spark.sql.shuffle.partitions is 200).
            value = self._session._jbridge.session.conf.get(key)
        return default if value is None else value

    def getAll(self):
        settings = dict(self._session._sc._conf.getAll())
        settings.update(self._session._options)
        return settings

    def unset(self, key):
        self._session._options.pop(key, None)
        if self._session._bridge is not None:
            self._session._bridge.session.conf.unset(key)

    def isModifiable(self, key):
        return key.startswith("spark.sql.")


class SparkSession:
    """
    The entry point to programming Spark with the Dataset and DataFrame API,
    and the way spark-submit scripts start their application.

    >>> spark = SparkSession.builder.appName("example").getOrCreate()  # doctest: +SKIP
    >>> spark.sparkContext.parallelize([1, 2, 3]).count()  # doctest: +SKIP
    3
    """

    class Builder:
        _lock = threading.RLock()

        def __init__(self):
            self._options = {}

        def config(self, key=None, value=None, conf=None, *, map=None):
            with self._lock:
                if conf is not None:
                    for k, v in conf.getAll():
                        self._options[k] = v
                if map is not None:
                    for k, v in map.items():
                        self._options[k] = str(v)
                if key is not None:
                    self._options[key] = "true" if value is True else "false" if value is False else str(value)
                return self

        def master(self, master):
            return self.config("spark.master", master)

        def appName(self, name):
            return self.config("spark.app.name", name)

        def remote(self, url):
            raise NotImplementedError("Spark Connect is not available in Kindling: leave out .remote(...)")

        def enableHiveSupport(self):
            return self.config("spark.sql.catalogImplementation", "hive")

        def getOrCreate(self):
            """The running session, with these settings added; else a new one (and its SparkContext)."""
            with self._lock:
                session = SparkSession._instantiatedSession
                if session is None or session._sc._jsc is None:
                    conf = SparkConf()
                    for key, value in self._options.items():
                        conf.set(key, value)
                    sc = SparkContext.getOrCreate(conf)
                    session = SparkSession(sc, options=self._options)
                else:
                    for key, value in self._options.items():
                        session._options[key] = value
                        if session._bridge is not None and key.startswith("spark.sql."):
                            session._bridge.session.conf.set(key, value)
                return session

        def create(self):
            return self.getOrCreate()

    builder = _classproperty(lambda cls: cls.Builder())

    _instantiatedSession = None
    _activeSession = None

    def __init__(self, sparkContext, jsparkSession=None, options=None):
        self._sc = sparkContext
        self._options = dict(options or {})
        self._conf = RuntimeConfig(self)
        self._bridge = None
        SparkSession._instantiatedSession = self
        SparkSession._activeSession = self

    @property
    def _jbridge(self):
        """
        The engine's Spark SQL for this application (engine/python/sql-bridge.ts),
        loaded when the program first needs a DataFrame: programs of RDDs alone
        load no SQL.
        """
        if self._bridge is None:
            from pyspark.java_gateway import call_and_wait

            bridge = call_and_wait("o0.sparkSession", "sqlBridge")
            for key, value in self._options.items():
                if key.startswith("spark.sql."):
                    bridge.session.conf.set(key, value)
            self._bridge = bridge
        return self._bridge

    @property
    def _jsparkSession(self):
        return self._jbridge.session

    # ------------------------------------------------------------ DataFrames

    def range(self, start, end=None, step=1, numPartitions=None):
        """One ``bigint`` column ``id``: ``range(end)`` or ``range(start, end, step, numPartitions)``."""
        from pyspark.sql.dataframe import DataFrame
        from pyspark.sql.utils import engine_call

        if numPartitions is None:
            numPartitions = self._sc.defaultParallelism
        if end is None:
            start, end = 0, start
        return DataFrame(engine_call(lambda: self._jsparkSession.range(start, end, step, numPartitions)), self)

    def sql(self, sqlQuery, args=None, **kwargs):
        """A DataFrame for SQL text (temporary views by name)."""
        from pyspark.sql.dataframe import DataFrame
        from pyspark.sql.utils import engine_call

        if args or kwargs:
            from pyspark.errors import PySparkNotImplementedError

            raise PySparkNotImplementedError(error_class="NOT_IMPLEMENTED", message_parameters={"feature": "sql() with args"})
        return DataFrame(engine_call(lambda: self._jsparkSession.sql(sqlQuery)), self)

    def table(self, tableName):
        from pyspark.sql.dataframe import DataFrame
        from pyspark.sql.utils import engine_call

        return DataFrame(engine_call(lambda: self._jsparkSession.table(tableName)), self)

    def createDataFrame(self, data, schema=None, samplingRatio=None, verifySchema=True):
        """
        A DataFrame from local rows or an RDD of them: tuples, lists, ``Row``s, dicts or objects,
        with a schema (a StructType, a DDL string, an atomic type), column
        names, or none (types inferred from the values as PySpark infers them:
        ints are bigint, floats double, a dict's keys sorted). The rows are
        parallelized into ``sc.defaultParallelism`` partitions.
        """
        from pyspark.core.rdd import RDD
        from pyspark.errors import PySparkValueError
        from pyspark.sql.dataframe import DataFrame
        from pyspark.sql.types import (
            DataType,
            StructType,
            _has_nulltype,
            _infer_schema,
            _merge_type,
            _parse_datatype_string,
            _struct_values,
        )
        from pyspark.sql.utils import engine_call, to_engine

        if isinstance(data, DataFrame):
            raise PySparkValueError(error_class="INVALID_TYPE", message_parameters={"arg_name": "data", "arg_type": "DataFrame"})
        names = None
        if isinstance(schema, str):
            schema = _parse_datatype_string(schema)
        elif isinstance(schema, (list, tuple)):
            names, schema = list(schema), None
        if isinstance(data, RDD):
            return self._create_from_rdd(data, schema, names, samplingRatio)
        data = list(data)
        if schema is None:
            if not data:
                raise PySparkValueError(
                    error_class="CANNOT_INFER_EMPTY_SCHEMA",
                    message_parameters={},
                    message="Can not infer schema from an empty dataset.",
                )
            struct = _infer_schema(data[0], names)
            for row in data[1:]:
                struct = _merge_type(struct, _infer_schema(row, names))
            if _has_nulltype(struct):
                raise PySparkValueError(
                    error_class="CANNOT_DETERMINE_TYPE",
                    message_parameters={},
                    message="Some of types cannot be determined after inferring.",
                )
            if names:
                for i, name in enumerate(names[: len(struct.fields)]):
                    struct.fields[i].name = name
                    struct.names[i] = name
        elif isinstance(schema, StructType):
            struct = schema
        elif isinstance(schema, DataType):
            struct = StructType().add("value", schema)
            data = [(value,) for value in data]
        else:
            raise PySparkValueError(error_class="INVALID_TYPE", message_parameters={"arg_name": "schema", "arg_type": type(schema).__name__})
        rows = [_struct_values(struct, row) for row in data]
        bridge = self._jbridge
        return DataFrame(engine_call(lambda: bridge.createDataFrame(to_engine(rows), struct.json())), self)

    def _create_from_rdd(self, rdd, schema, names, samplingRatio):
        """
        ``createDataFrame(rdd, schema)``, as PySpark's ``_create_dataframe``
        and ``_createFromRDD`` do it: with a StructType (or DDL) no job runs;
        otherwise ``_inferSchema`` types the columns by jobs on the RDD:
        ``first()``, then ``take(100)`` while a column is only None, or with
        ``samplingRatio`` a ``reduce`` over a sample. The executors' Python
        turns each row into the schema's values (``rdd.map(struct.toInternal)``,
        converted by the inferred names, as ``_create_converter`` is, before
        ``names`` rename the columns) and the engine scans them
        (``applySchemaToPythonRDD``, a LogicalRDD): the DataFrame's actions run
        that Python.
        """
        import copy

        from pyspark.errors import PySparkTypeError
        from pyspark.sql.dataframe import DataFrame
        from pyspark.sql.types import DataType, StructType, _struct_values
        from pyspark.sql.utils import engine_wait

        if isinstance(schema, StructType):
            struct = schema
        elif isinstance(schema, DataType):
            struct = StructType().add("value", schema)
            rdd = rdd.map(lambda value: (value,))
        elif schema is None:
            struct = self._infer_schema_of_rdd(rdd, samplingRatio, names)
        else:
            raise PySparkTypeError(
                error_class="NOT_LIST_OR_NONE_OR_STRUCT",
                message_parameters={"arg_name": "schema", "arg_type": type(schema).__name__},
                message="Argument `schema` should be a list, None or StructType, got %s." % type(schema).__name__,
            )
        by_names = copy.deepcopy(struct)
        if names:
            for i, name in enumerate(names[: len(struct.fields)]):
                struct.fields[i].name = name
                struct.names[i] = name
        internal = rdd.map(lambda row: _struct_values(by_names, row))
        # The rows go to the engine as values, not pickles (the JVM's SerDeUtil.pythonToJava unpickles them).
        internal._bypass_serializer = True
        jrdd = internal._jrdd
        jdf = engine_wait(lambda gateway: gateway.applySchemaToPythonRDD(jrdd.id(), struct.json()))
        df = DataFrame(jdf, self)
        df._schema = struct
        return df

    def _infer_schema_of_rdd(self, rdd, samplingRatio, names):
        """PySpark's ``SparkSession._inferSchema``: the RDD's first row, more only when it leaves a type open."""
        from collections.abc import Sized

        from pyspark.errors import PySparkValueError
        from pyspark.sql.types import _has_nulltype, _infer_schema, _merge_type

        first = rdd.first()
        if isinstance(first, Sized) and len(first) == 0:
            raise PySparkValueError(
                error_class="CANNOT_INFER_EMPTY_SCHEMA",
                message_parameters={},
                message="Can not infer schema from an empty dataset.",
            )
        if samplingRatio is None:
            schema = _infer_schema(first, names)
            if _has_nulltype(schema):
                for row in rdd.take(100)[1:]:
                    schema = _merge_type(schema, _infer_schema(row, names))
                    if not _has_nulltype(schema):
                        break
                else:
                    raise PySparkValueError(
                        error_class="CANNOT_DETERMINE_TYPE",
                        message_parameters={},
                        message="Some of types cannot be determined after inferring.",
                    )
            return schema
        if samplingRatio < 0.99:
            rdd = rdd.sample(False, float(samplingRatio))
        return rdd.map(lambda row: _infer_schema(row, names)).reduce(_merge_type)

    @property
    def read(self):
        """``spark.read``: files (csv, json, text, parquet) as DataFrames."""
        from pyspark.sql.readwriter import DataFrameReader

        return DataFrameReader(self)

    @property
    def udf(self):
        """``spark.udf``: registers Python functions for SQL text (``spark.udf.register(name, f, returnType)``)."""
        from pyspark.sql.udf import UDFRegistration

        return UDFRegistration(self)

    @property
    def catalog(self):
        from pyspark.errors import PySparkNotImplementedError

        raise PySparkNotImplementedError(error_class="NOT_IMPLEMENTED", message_parameters={"feature": "spark.catalog in Kindling"})

    @classmethod
    def getActiveSession(cls):
        return cls._activeSession

    @classmethod
    def active(cls):
        if cls._activeSession is None:
            from pyspark.errors import PySparkRuntimeError

            raise PySparkRuntimeError(error_class="SESSION_OR_CONTEXT_NOT_EXISTS", message_parameters={})
        return cls._activeSession

    @classmethod
    def _instantiatedSession_or_create(cls, sc):
        return cls._instantiatedSession or SparkSession(sc)

    @classmethod
    def _forget_context(cls, sc):
        if cls._instantiatedSession is not None and cls._instantiatedSession._sc is sc:
            cls._instantiatedSession = None
            cls._activeSession = None

    @property
    def sparkContext(self):
        return self._sc

    @property
    def conf(self):
        return self._conf

    @property
    def version(self):
        return self._sc.version

    def newSession(self):
        return SparkSession(self._sc, options=self._options)

    def stop(self):
        """Stops the session's SparkContext: the application ends."""
        self._bridge = None
        self._sc.stop()
        SparkSession._instantiatedSession = None
        SparkSession._activeSession = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.stop()

    def __getnewargs__(self):
        self._refuse_pickling()

    def __reduce__(self):
        self._refuse_pickling()

    @staticmethod
    def _refuse_pickling():
        from pyspark.errors import PySparkRuntimeError

        raise PySparkRuntimeError(error_class="CONTEXT_ONLY_VALID_ON_DRIVER", message_parameters={})
