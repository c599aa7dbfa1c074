"""
``pyspark.sql.Column``, as PySpark 4.0's ``pyspark/sql/classic/column.py``:
Python's operators build the engine's Column expressions (``col("a") + 1 > 3``
is the engine's ``col('a').plus(1).gt(3)``, as PySpark's is the JVM's
``col("a").plus(1).gt(3)``), and a Column has no truth value: ``and``,
``or`` and ``not`` must be written ``&``, ``|`` and ``~``.
"""

from pyspark.sql.utils import engine_call, sql_bridge, to_engine, to_engine_literal

__all__ = ["Column"]


def _bin_op(name, doc="binary operator"):
    def op(self, other):
        return Column(engine_call(lambda: getattr(self._jc, name)(to_engine_literal(other))))

    op.__doc__ = doc
    return op


def _reverse_op(name, doc="binary operator"):
    """``1 - col``: the literal on the left, as PySpark's ``_reverse_op``."""

    def op(self, other):
        left = engine_call(lambda: sql_bridge().functions.lit(to_engine_literal(other)))
        return Column(engine_call(lambda: getattr(left, name)(self._jc)))

    op.__doc__ = doc
    return op


def _unary_op(name, doc="unary operator"):
    def op(self):
        return Column(engine_call(lambda: getattr(self._jc, name)()))

    op.__doc__ = doc
    return op


def _to_col(col):
    """A Column from a Column or a column name, as PySpark's ``_to_java_column``."""
    if isinstance(col, Column):
        return col._jc
    if isinstance(col, str):
        return engine_call(lambda: sql_bridge().functions.col(col))
    from pyspark.errors import PySparkTypeError

    raise PySparkTypeError(
        error_class="NOT_COLUMN_OR_STR",
        message_parameters={"arg_name": "col", "arg_type": type(col).__name__},
        message="Argument `col` should be a Column or str, got %s." % type(col).__name__,
    )


class Column:
    """
    A column expression of a DataFrame.

    >>> df.filter((df.age > 3) & ~df.name.isNull())  # doctest: +SKIP
    """

    def __init__(self, jc):
        self._jc = jc

    def _engine_handle(self):
        return self._jc

    # arithmetic
    __neg__ = _unary_op("negate")
    __add__ = _bin_op("plus")
    __sub__ = _bin_op("minus")
    __mul__ = _bin_op("multiply")
    __truediv__ = _bin_op("divide")
    __mod__ = _bin_op("mod")
    __radd__ = _bin_op("plus")
    __rsub__ = _reverse_op("minus")
    __rmul__ = _bin_op("multiply")
    __rtruediv__ = _reverse_op("divide")
    __rmod__ = _reverse_op("mod")

    # comparisons
    __eq__ = _bin_op("equalTo")  # type: ignore[assignment]
    __ne__ = _bin_op("notEqual")  # type: ignore[assignment]
    __lt__ = _bin_op("lt")
    __le__ = _bin_op("leq")
    __ge__ = _bin_op("geq")
    __gt__ = _bin_op("gt")
    eqNullSafe = _bin_op("eqNullSafe", "Equality test that is safe for null values.")

    # boolean logic
    __and__ = _bin_op("and")
    __or__ = _bin_op("or")
    __invert__ = _unary_op("not")
    __rand__ = _bin_op("and")
    __ror__ = _bin_op("or")

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self):
        from pyspark.errors import PySparkValueError

        raise PySparkValueError(
            error_class="CANNOT_CONVERT_COLUMN_INTO_BOOL",
            message_parameters={},
            message="Cannot convert column into bool: please use '&' for 'and', '|' for 'or', '~' for 'not' "
            "when building DataFrame boolean expressions.",
        )

    __nonzero__ = __bool__

    def __iter__(self):
        from pyspark.errors import PySparkTypeError

        raise PySparkTypeError(error_class="NOT_ITERABLE", message_parameters={"objectName": "Column"}, message="Column is not iterable.")

    def __contains__(self, item):
        from pyspark.errors import PySparkValueError

        raise PySparkValueError(
            error_class="CANNOT_APPLY_IN_FOR_COLUMN",
            message_parameters={},
            message="Cannot apply 'in' operator against a column: please use 'contains' in a string column "
            "or 'array_contains' function for an array column.",
        )

    def __getitem__(self, k):
        if isinstance(k, slice):
            if k.step is not None:
                from pyspark.errors import PySparkValueError

                raise PySparkValueError(error_class="SLICE_WITH_STEP", message_parameters={}, message="Slice with step is not supported.")
            return self.substr(k.start, k.stop)
        from pyspark.errors import PySparkNotImplementedError

        raise PySparkNotImplementedError(error_class="NOT_IMPLEMENTED", message_parameters={"feature": "Column.getItem"})

    # predicates
    isNull = _unary_op("isNull", "True if the current expression is null.")
    isNotNull = _unary_op("isNotNull", "True if the current expression is NOT null.")

    def isin(self, *cols):
        if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
            cols = tuple(cols[0])
        values = [to_engine_literal(c) for c in cols]
        return Column(engine_call(lambda: self._jc.isin(*values)))

    def between(self, lowerBound, upperBound):
        return (self >= lowerBound) & (self <= upperBound)

    def like(self, other):
        return Column(engine_call(lambda: self._jc.like(other)))

    def rlike(self, other):
        return Column(engine_call(lambda: self._jc.rlike(other)))

    startswith = _bin_op("startsWith")
    endswith = _bin_op("endsWith")
    contains = _bin_op("contains")

    def substr(self, startPos, length):
        return Column(engine_call(lambda: self._jc.substr(to_engine_literal(startPos), to_engine_literal(length))))

    # naming and types
    def alias(self, *alias, **kwargs):
        if len(alias) != 1:
            from pyspark.errors import PySparkValueError

            raise PySparkValueError(error_class="ONLY_ALLOWED_FOR_SINGLE_COLUMN", message_parameters={"arg_name": "alias"})
        return Column(engine_call(lambda: self._jc.alias(alias[0])))

    name = alias

    def cast(self, dataType):
        return Column(engine_call(lambda: self._jc.cast(to_engine(dataType))))

    astype = cast

    # ordering
    asc = _unary_op("asc")
    desc = _unary_op("desc")
    asc_nulls_first = _unary_op("asc_nulls_first")
    asc_nulls_last = _unary_op("asc_nulls_last")
    desc_nulls_first = _unary_op("desc_nulls_first")
    desc_nulls_last = _unary_op("desc_nulls_last")

    # conditional
    def when(self, condition, value):
        if not isinstance(condition, Column):
            from pyspark.errors import PySparkTypeError

            raise PySparkTypeError(
                error_class="NOT_COLUMN",
                message_parameters={"arg_name": "condition", "arg_type": type(condition).__name__},
                message="Argument `condition` should be a Column, got %s." % type(condition).__name__,
            )
        return Column(engine_call(lambda: self._jc.when(condition._jc, to_engine_literal(value))))

    def otherwise(self, value):
        return Column(engine_call(lambda: self._jc.otherwise(to_engine_literal(value))))

    def over(self, window):
        return Column(engine_call(lambda: self._jc.over(window._jspec)))

    def __repr__(self):
        return str(self._jc.toString())

    __str__ = __repr__
