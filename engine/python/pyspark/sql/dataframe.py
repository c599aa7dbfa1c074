"""
``pyspark.sql.DataFrame``, as PySpark 4.0's ``pyspark/sql/classic/dataframe.py``:
a handle (``_jdf``) to the engine's DataFrame. Transformations build the
engine's logical plan, so a DataFrame program runs no Python on executors;
actions run the engine's jobs while this Python waits, and give back
``Row`` objects. Call sites are PySpark's: ``collect`` names the program's
line (PySpark wraps it in ``SCCallSiteSync``), ``count`` and ``show`` the
JVM's reflection frame (``showString at NativeMethodAccessorImpl.java:0``).
"""

from functools import reduce

from pyspark.sql.column import Column, _to_col
from pyspark.sql.types import _parse_datatype_json_string
from pyspark.sql.utils import engine_action, engine_call, print_engine_output, sql_bridge, to_engine
from pyspark.traceback_utils import SCCallSiteSync

__all__ = ["DataFrame"]


def _flatten(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)) and not isinstance(cols[0], Column):
        return list(cols[0])
    return list(cols)


def _col_or_name(c):
    return c._jc if isinstance(c, Column) else c


class DataFrame:
    """
    A distributed collection of rows under named columns.

    >>> df = spark.createDataFrame([(1, "ada"), (2, "bob")], ["id", "name"])  # doctest: +SKIP
    >>> df.filter(df.id > 1).collect()  # doctest: +SKIP
    [Row(id=2, name='bob')]
    """

    def __init__(self, jdf, session):
        self._jdf = jdf
        self._session = session
        self._schema = None
        self._lazy_rdd = None

    def _engine_handle(self):
        return self._jdf

    def _with(self, make):
        return DataFrame(engine_call(make), self._session)

    @property
    def sparkSession(self):
        return self._session

    @property
    def _sc(self):
        return self._session._sc

    # ------------------------------------------------------------ schema

    @property
    def schema(self):
        if self._schema is None:
            self._schema = _parse_datatype_json_string(str(sql_bridge().schemaJson(self._jdf)))
        return self._schema

    @property
    def columns(self):
        return [f.name for f in self.schema.fields]

    @property
    def dtypes(self):
        return [(f.name, f.dataType.simpleString()) for f in self.schema.fields]

    def printSchema(self, level=None):
        engine_call(lambda: self._jdf.printSchema())
        print_engine_output()

    def explain(self, extended=None, mode=None):
        """``explain()``, ``explain(True)`` or ``explain(mode="formatted")``: prints the plans."""
        if isinstance(extended, str) and mode is None:
            extended, mode = None, extended
        if mode is None:
            mode = "extended" if extended else "simple"
        engine_call(lambda: self._jdf.explain(mode))
        print_engine_output()

    def __repr__(self):
        return "DataFrame[%s]" % ", ".join("%s: %s" % c for c in self.dtypes)

    # ------------------------------------------------------------ columns

    def __getitem__(self, item):
        if isinstance(item, str):
            return Column(engine_call(lambda: self._jdf.col(item)))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        if isinstance(item, int):
            return self[self.columns[item]]
        from pyspark.errors import PySparkTypeError

        raise PySparkTypeError(
            error_class="NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE",
            message_parameters={"arg_name": "item", "arg_type": type(item).__name__},
            message="Argument `item` should be a Column, int, list, str or tuple, got %s." % type(item).__name__,
        )

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.columns:
            from pyspark.errors import PySparkAttributeError

            raise PySparkAttributeError(
                error_class="ATTRIBUTE_NOT_SUPPORTED",
                message_parameters={"attr_name": name},
                message="Attribute `%s` is not supported." % name,
            )
        return self[name]

    # ------------------------------------------------------------ transformations

    def select(self, *cols):
        jcols = [_col_or_name(c) for c in _flatten(cols)]
        return self._with(lambda: self._jdf.select(*jcols))

    def selectExpr(self, *expr):
        return self._with(lambda: self._jdf.selectExpr(*_flatten(expr)))

    def filter(self, condition):
        return self._with(lambda: self._jdf.filter(_col_or_name(condition)))

    where = filter

    def withColumn(self, colName, col):
        if not isinstance(col, Column):
            from pyspark.errors import PySparkTypeError

            raise PySparkTypeError(
                error_class="NOT_COLUMN",
                message_parameters={"arg_name": "col", "arg_type": type(col).__name__},
                message="Argument `col` should be a Column, got %s." % type(col).__name__,
            )
        return self._with(lambda: self._jdf.withColumn(colName, col._jc))

    def withColumns(self, *colsMap):
        return self._with(lambda: self._jdf.withColumns(to_engine(colsMap[0])))

    def withColumnRenamed(self, existing, new):
        return self._with(lambda: self._jdf.withColumnRenamed(existing, new))

    def withColumnsRenamed(self, colsMap):
        df = self
        for existing, new in colsMap.items():
            df = df.withColumnRenamed(existing, new)
        return df

    def drop(self, *cols):
        jcols = [_col_or_name(c) for c in cols]
        return self._with(lambda: self._jdf.drop(*jcols))

    def toDF(self, *cols):
        return self._with(lambda: self._jdf.toDF(*cols))

    def distinct(self):
        return self._with(lambda: self._jdf.distinct())

    def dropDuplicates(self, subset=None):
        if subset is None:
            return self._with(lambda: self._jdf.dropDuplicates())
        return self._with(lambda: self._jdf.dropDuplicates(to_engine(list(subset))))

    drop_duplicates = dropDuplicates

    def groupBy(self, *cols):
        from pyspark.sql.group import GroupedData

        jcols = [_col_or_name(c) for c in _flatten(cols)]
        return GroupedData(engine_call(lambda: self._jdf.groupBy(*jcols)), self)

    groupby = groupBy

    def agg(self, *exprs):
        return self.groupBy().agg(*exprs)

    def orderBy(self, *cols, **kwargs):
        jcols = [_col_or_name(c) for c in _flatten(cols)]
        if "ascending" in kwargs:
            jcols.append(to_engine({"ascending": kwargs["ascending"]}))
        return self._with(lambda: self._jdf.orderBy(*jcols))

    sort = orderBy

    def sortWithinPartitions(self, *cols, **kwargs):
        jcols = [_col_or_name(c) for c in _flatten(cols)]
        if "ascending" in kwargs:
            jcols.append(to_engine({"ascending": kwargs["ascending"]}))
        return self._with(lambda: self._jdf.sortWithinPartitions(*jcols))

    def limit(self, num):
        return self._with(lambda: self._jdf.limit(num))

    def join(self, other, on=None, how=None):
        """``join(other, "id")``, ``join(other, ["a", "b"], "left")`` or ``join(other, df.id == other.id)``."""
        if isinstance(on, (list, tuple)) and on and isinstance(on[0], Column):
            on = reduce(lambda a, b: a & b, on)
        if on is None:
            return self._with(lambda: self._jdf.join(other._jdf, None, how or "inner"))
        jon = on._jc if isinstance(on, Column) else to_engine(on) if isinstance(on, (list, tuple)) else on
        return self._with(lambda: self._jdf.join(other._jdf, jon, how or "inner"))

    def crossJoin(self, other):
        return self._with(lambda: self._jdf.crossJoin(other._jdf))

    def union(self, other):
        return self._with(lambda: self._jdf.union(other._jdf))

    unionAll = union

    def unionByName(self, other, allowMissingColumns=False):
        return self._with(lambda: self._jdf.unionByName(other._jdf, allowMissingColumns))

    def repartition(self, numPartitions, *cols):
        jcols = [_col_or_name(c) for c in cols]
        first = numPartitions if isinstance(numPartitions, int) else _col_or_name(numPartitions)
        return self._with(lambda: self._jdf.repartition(first, *jcols))

    def repartitionByRange(self, numPartitions, *cols):
        jcols = [_col_or_name(c) for c in cols]
        first = numPartitions if isinstance(numPartitions, int) else _col_or_name(numPartitions)
        return self._with(lambda: self._jdf.repartitionByRange(first, *jcols))

    def coalesce(self, numPartitions):
        return self._with(lambda: self._jdf.coalesce(numPartitions))

    def hint(self, name, *parameters):
        return self._with(lambda: self._jdf.hint(name, *[str(p) for p in parameters]))

    def alias(self, alias):
        return self._with(lambda: self._jdf.alias(alias))

    def cache(self):
        """Keeps the rows once an action computes them (MEMORY_AND_DISK): lazy, as in Spark."""
        engine_call(lambda: self._jdf.cache())
        return self

    def unpersist(self, blocking=False):
        """Drops the cached rows."""
        engine_call(lambda: self._jdf.unpersist(blocking))
        return self

    def createOrReplaceTempView(self, name):
        engine_call(lambda: self._jdf.createOrReplaceTempView(name))

    def createTempView(self, name):
        engine_call(lambda: self._jdf.createTempView(name))

    @property
    def write(self):
        """A ``DataFrameWriter`` that saves the rows as files: ``df.write.mode("overwrite").parquet(path)``."""
        from pyspark.sql.readwriter import DataFrameWriter

        return DataFrameWriter(self)

    @property
    def rdd(self):
        """
        The rows as an RDD of ``Row``s (``row.name``, ``row[0]``), made once per
        DataFrame, as PySpark's ``RDD(jdf.javaToPython(), ...)``. Making it runs
        no job of its own (adaptive execution runs a shuffle's map stage now,
        as Spark's ``queryExecution.toRdd`` does); its actions run the query's
        stages, with the RDD's Python functions in the last one.
        """
        if self._lazy_rdd is None:
            from pyspark.core.rdd import RDD
            from pyspark.java_gateway import JavaRDD
            from pyspark.serializers import EngineRowDeserializer
            from pyspark.sql.utils import engine_wait

            jrdd = JavaRDD(int(engine_wait(lambda gateway: gateway.javaToPython(self._jdf))))
            self._lazy_rdd = RDD(jrdd, self._sc, EngineRowDeserializer(self.schema))
        return self._lazy_rdd

    # ------------------------------------------------------------ actions

    def _rows(self, jrows):
        schema = self.schema
        values = sql_bridge().rowValues(jrows).to_py()
        return [schema.fromInternal(v) for v in values]

    def collect(self):
        """All rows, as ``Row`` objects (``row.name``, ``row["name"]``, ``row.asDict()``)."""
        with SCCallSiteSync(self._sc):
            jrows = engine_action(self._jdf, "collect")
        return self._rows(jrows)

    def toLocalIterator(self, prefetchPartitions=False):
        return iter(self.collect())

    def count(self):
        return int(engine_action(self._jdf, "count"))

    def take(self, num):
        return self.limit(num).collect()

    def head(self, n=None):
        if n is None:
            rows = self.head(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self):
        return self.head()

    def isEmpty(self):
        return bool(engine_action(self._jdf, "isEmpty"))

    def show(self, n=20, truncate=True, vertical=False):
        """Prints the first ``n`` rows as Spark's table (cells cut to 20 characters unless ``truncate=False``)."""
        from pyspark.errors import PySparkTypeError

        if not isinstance(n, int) or isinstance(n, bool):
            raise PySparkTypeError(
                error_class="NOT_INT",
                message_parameters={"arg_name": "n", "arg_type": type(n).__name__},
                message="Argument `n` should be an int, got %s." % type(n).__name__,
            )
        if vertical:
            from pyspark.errors import PySparkNotImplementedError

            raise PySparkNotImplementedError(error_class="NOT_IMPLEMENTED", message_parameters={"feature": "show(vertical=True)"})
        engine_action(self._jdf, ("show", "showString"), n, truncate)
        print_engine_output()
