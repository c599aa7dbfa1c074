"""``pyspark.sql.GroupedData``: what ``groupBy`` returns; ``agg``, ``count``, ``sum``… give DataFrames."""

from pyspark.sql.column import Column
from pyspark.sql.utils import engine_call, to_engine

__all__ = ["GroupedData"]


class GroupedData:
    def __init__(self, jgd, df):
        self._jgd = jgd
        self._df = df
        self.session = df.sparkSession

    def _df_of(self, jdf):
        from pyspark.sql.dataframe import DataFrame

        return DataFrame(jdf, self.session)

    def agg(self, *exprs):
        """``agg(F.sum("x"), F.max("y").alias("top"))``, or ``agg({"x": "sum"})``."""
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            return self._df_of(engine_call(lambda: self._jgd.agg(to_engine(exprs[0]))))
        for e in exprs:
            if not isinstance(e, Column):
                from pyspark.errors import PySparkTypeError

                raise PySparkTypeError(
                    error_class="NOT_COLUMN",
                    message_parameters={"arg_name": "exprs", "arg_type": type(e).__name__},
                    message="all exprs should be Column",
                )
        return self._df_of(engine_call(lambda: self._jgd.agg(*[e._jc for e in exprs])))

    def count(self):
        return self._df_of(engine_call(lambda: self._jgd.count()))

    def _numeric(self, name, cols):
        return self._df_of(engine_call(lambda: getattr(self._jgd, name)(*cols)))

    def sum(self, *cols):
        return self._numeric("sum", cols)

    def avg(self, *cols):
        return self._numeric("avg", cols)

    mean = avg

    def min(self, *cols):
        return self._numeric("min", cols)

    def max(self, *cols):
        return self._numeric("max", cols)
