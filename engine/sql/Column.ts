/**
 * A column expression (pyspark.sql.Column). JavaScript has no operator
 * overloading, so operators take the names of Spark's Scala/Java Column API:
 * `col('a').plus(1).gt(3)` is PySpark's `(col('a') + 1) > 3`.
 */
import type { Expression } from './catalyst/expressions/Expression';
import { Literal } from './catalyst/expressions/literals';
import { Add, Divide, Multiply, Remainder, Subtract, UnaryMinus } from './catalyst/expressions/arithmetic';
import {
  And,
  EqualNullSafe,
  EqualTo,
  GreaterThan,
  GreaterThanOrEqual,
  In,
  IsNotNull,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Not,
  Or,
} from './catalyst/expressions/predicates';
import { Alias } from './catalyst/expressions/namedExpressions';
import { Cast } from './catalyst/expressions/Cast';
import { SortOrder } from './catalyst/expressions/ordering';
import { Like, StringPredicate, Substring } from './catalyst/expressions/stringExpressions';
import { CaseWhen } from './catalyst/expressions/conditionalExpressions';
import { UnresolvedAttribute, UnresolvedStar } from './catalyst/analysis/unresolved';
import { WindowExpression, WindowSpecDefinition } from './catalyst/expressions/windowExpressions';
import { DataType, parseTypeName } from './types';
import { toPrettySQL } from './catalyst/analysis/resolution';
import type { WindowSpec } from './Window';

/** What PySpark accepts where it takes a column: a Column, or a column name. */
export type ColumnOrName = Column | string;

/** A column from a Column or a column name (`*` and `t.*` included). */
export function toColumn(c: ColumnOrName): Column {
  if (c instanceof Column) return c;
  if (typeof c !== 'string')
    throw new TypeError(`[NOT_COLUMN_OR_STR] Argument \`col\` should be a Column or str, got ${typeof c}.`);
  if (c === '*') return new Column(new UnresolvedStar());
  if (c.endsWith('.*')) return new Column(new UnresolvedStar(UnresolvedAttribute.quoted(c.slice(0, -2)).nameParts));
  return new Column(UnresolvedAttribute.quoted(c));
}

/** A literal for a plain value, or the column's expression (PySpark's `_to_java_column`/`lit`). */
export function toExpr(v: unknown): Expression {
  if (v instanceof Column) return v.expr;
  return Literal.create(v);
}

export class Column {
  constructor(readonly expr: Expression) {}

  #binary(make: (l: Expression, r: Expression) => Expression, other: unknown): Column {
    return new Column(make(this.expr, toExpr(other)));
  }

  /** `==` */
  equalTo(other: unknown): Column {
    return this.#binary((l, r) => new EqualTo(l, r), other);
  }
  /** `!=` */
  notEqual(other: unknown): Column {
    return new Column(new Not(new EqualTo(this.expr, toExpr(other))));
  }
  /** `<=>`: equal, nulls equal to nulls. */
  eqNullSafe(other: unknown): Column {
    return this.#binary((l, r) => new EqualNullSafe(l, r), other);
  }
  gt(other: unknown): Column {
    return this.#binary((l, r) => new GreaterThan(l, r), other);
  }
  geq(other: unknown): Column {
    return this.#binary((l, r) => new GreaterThanOrEqual(l, r), other);
  }
  lt(other: unknown): Column {
    return this.#binary((l, r) => new LessThan(l, r), other);
  }
  leq(other: unknown): Column {
    return this.#binary((l, r) => new LessThanOrEqual(l, r), other);
  }
  plus(other: unknown): Column {
    return this.#binary((l, r) => new Add(l, r), other);
  }
  minus(other: unknown): Column {
    return this.#binary((l, r) => new Subtract(l, r), other);
  }
  multiply(other: unknown): Column {
    return this.#binary((l, r) => new Multiply(l, r), other);
  }
  divide(other: unknown): Column {
    return this.#binary((l, r) => new Divide(l, r), other);
  }
  mod(other: unknown): Column {
    return this.#binary((l, r) => new Remainder(l, r), other);
  }
  /** PySpark's unary `-col`. */
  negate(): Column {
    return new Column(new UnaryMinus(this.expr));
  }
  and(other: unknown): Column {
    return this.#binary((l, r) => new And(l, r), other);
  }
  or(other: unknown): Column {
    return this.#binary((l, r) => new Or(l, r), other);
  }
  /** PySpark's `~col`. */
  not(): Column {
    return new Column(new Not(this.expr));
  }
  isNull(): Column {
    return new Column(new IsNull(this.expr));
  }
  isNotNull(): Column {
    return new Column(new IsNotNull(this.expr));
  }
  /** `isin(1, 2, 3)` or `isin([1, 2, 3])`. */
  isin(...values: unknown[]): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
    return new Column(new In(this.expr, list.map(toExpr)));
  }
  between(lower: unknown, upper: unknown): Column {
    return this.geq(lower).and(this.leq(upper));
  }
  like(pattern: string): Column {
    return this.#binary((l, r) => new Like(l, r), pattern);
  }
  rlike(pattern: string): Column {
    return new Column(new StringPredicate(this.expr, toExpr(pattern), 'rlike'));
  }
  startsWith(other: unknown): Column {
    return new Column(new StringPredicate(this.expr, toExpr(other), 'startswith'));
  }
  endsWith(other: unknown): Column {
    return new Column(new StringPredicate(this.expr, toExpr(other), 'endswith'));
  }
  contains(other: unknown): Column {
    return new Column(new StringPredicate(this.expr, toExpr(other), 'contains'));
  }
  /** `substr(startPos, length)`, 1-based. */
  substr(startPos: unknown, length: unknown): Column {
    return new Column(new Substring(this.expr, toExpr(startPos), toExpr(length)));
  }
  /** A name for the column (`alias`, PySpark's `name` and Scala's `as`). */
  alias(name: string): Column {
    return new Column(new Alias(this.expr, name));
  }
  name(name: string): Column {
    return this.alias(name);
  }
  as(name: string): Column {
    return this.alias(name);
  }
  /** `cast("bigint")` or `cast(LongType)`. */
  cast(to: DataType | string): Column {
    return new Column(new Cast(this.expr, typeof to === 'string' ? parseTypeName(to) : to, true));
  }
  astype(to: DataType | string): Column {
    return this.cast(to);
  }
  asc(): Column {
    return new Column(new SortOrder(this.expr, 'ASC'));
  }
  desc(): Column {
    return new Column(new SortOrder(this.expr, 'DESC'));
  }
  asc_nulls_first(): Column {
    return new Column(new SortOrder(this.expr, 'ASC', 'NULLS FIRST'));
  }
  asc_nulls_last(): Column {
    return new Column(new SortOrder(this.expr, 'ASC', 'NULLS LAST'));
  }
  desc_nulls_first(): Column {
    return new Column(new SortOrder(this.expr, 'DESC', 'NULLS FIRST'));
  }
  desc_nulls_last(): Column {
    return new Column(new SortOrder(this.expr, 'DESC', 'NULLS LAST'));
  }
  /** After `F.when(…)`: another branch. */
  when(condition: Column, value: unknown): Column {
    if (!(this.expr instanceof CaseWhen) || this.expr.elseValue)
      throw new Error(
        '[INVALID_WHEN_USAGE] when() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied.',
      );
    return new Column(new CaseWhen([...this.expr.branches, [condition.expr, toExpr(value)]]));
  }
  /** After `F.when(…)`: the value when no branch matched. */
  otherwise(value: unknown): Column {
    if (!(this.expr instanceof CaseWhen) || this.expr.elseValue)
      throw new Error(
        '[INVALID_OTHERWISE_USAGE] otherwise() can only be applied on a Column previously generated by when(), and only once.',
      );
    return new Column(new CaseWhen(this.expr.branches, toExpr(value)));
  }
  /** A window function over `window` (`F.row_number().over(w)`). */
  over(window: WindowSpec): Column {
    return new Column(new WindowExpression(this.expr, window.toDefinition()));
  }
  /** PySpark prints `Column<'(x + 1)'>`. */
  toString(): string {
    return `Column<'${toPrettySQL(this.expr)}'>`;
  }
}

export { WindowSpecDefinition };
