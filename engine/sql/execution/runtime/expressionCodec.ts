/**
 * Expressions as plain data for the trip to executors (inside a stage's task
 * binary), and back into the same classes there. Every expression class is
 * named here once; a node is its class name and its fields, so adding an
 * expression is adding one line to EXPRESSIONS.
 */
import { Expression } from '../../catalyst/expressions/Expression';
import { AttributeReference, Alias, BoundReference } from '../../catalyst/expressions/namedExpressions';
import { Literal } from '../../catalyst/expressions/literals';
import {
  Add,
  Divide,
  IntegralDivide,
  Multiply,
  Pmod,
  Remainder,
  Round,
  Subtract,
  UnaryMath,
  UnaryMinus,
} from '../../catalyst/expressions/arithmetic';
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
} from '../../catalyst/expressions/predicates';
import { Cast } from '../../catalyst/expressions/Cast';
import { CaseWhen, Coalesce } from '../../catalyst/expressions/conditionalExpressions';
import {
  Concat,
  ConcatWs,
  Length,
  Like,
  StringPredicate,
  StringSplit,
  StringUnary,
  Substring,
} from '../../catalyst/expressions/stringExpressions';
import { SortOrder } from '../../catalyst/expressions/ordering';
import { AggregateExpression } from '../../catalyst/expressions/aggregate/interfaces';
import { Average, Collect, Count, FirstLast, MinMax, Sum } from '../../catalyst/expressions/aggregate/functions';
import {
  OffsetWindow,
  RankLike,
  SpecifiedWindowFrame,
  WindowExpression,
  WindowSpecDefinition,
} from '../../catalyst/expressions/windowExpressions';
import { DatePart } from '../../catalyst/expressions/datetimeExpressions';
import { DataType, StructType, parseTypeName } from '../../types';

const EXPRESSIONS: Record<string, { prototype: object }> = {
  AttributeReference,
  Alias,
  BoundReference,
  Literal,
  Add,
  Subtract,
  Multiply,
  Divide,
  IntegralDivide,
  Remainder,
  Pmod,
  UnaryMinus,
  UnaryMath,
  Round,
  And,
  Or,
  Not,
  EqualTo,
  EqualNullSafe,
  LessThan,
  LessThanOrEqual,
  GreaterThan,
  GreaterThanOrEqual,
  In,
  IsNull,
  IsNotNull,
  Cast,
  CaseWhen,
  Coalesce,
  Concat,
  ConcatWs,
  Length,
  Like,
  StringPredicate,
  StringSplit,
  StringUnary,
  Substring,
  SortOrder,
  AggregateExpression,
  Average,
  Collect,
  Count,
  FirstLast,
  MinMax,
  Sum,
  OffsetWindow,
  RankLike,
  SpecifiedWindowFrame,
  WindowExpression,
  WindowSpecDefinition,
  DatePart,
};

/** Class → its name above: class names do not survive minification, these strings do. */
const NAMES = new Map<unknown, string>(Object.entries(EXPRESSIONS).map(([name, cls]) => [cls, name]));

export type ExprWire = { k: string; f: Record<string, unknown> };

function encodeValue(v: unknown): unknown {
  if (v instanceof Expression) return encodeExpr(v);
  if (v instanceof DataType) {
    if (v instanceof StructType) throw new Error('struct types cannot cross to executors inside an expression');
    return { $type: v.simpleString };
  }
  if (Array.isArray(v)) return v.map(encodeValue);
  return v;
}

function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    if (typeof o.$type === 'string') return parseTypeName(o.$type);
    if (typeof o.k === 'string' && o.f) return decodeExpr(o as ExprWire);
  }
  return v;
}

/** An expression as structured-cloneable data. */
export function encodeExpr(e: Expression): ExprWire {
  // A scalar subquery that has run travels as its value (Spark's ScalarSubquery generates code as its literal).
  const toLiteral = (e as { toLiteral?: () => Expression }).toLiteral;
  if (toLiteral) return encodeExpr(toLiteral.call(e));
  const name = NAMES.get(e.constructor);
  if (!name) throw new Error(`${e.prettyName} cannot be evaluated on executors yet`);
  const f: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) if (key !== 'origin') f[key] = encodeValue(value);
  return { k: name, f };
}

/** The expression `encodeExpr` described, as a live object of its class. */
export function decodeExpr<E extends Expression = Expression>(w: ExprWire): E {
  const cls = EXPRESSIONS[w.k];
  if (!cls) throw new Error(`Unknown expression ${w.k}`);
  const e = Object.create(cls.prototype) as Record<string, unknown>;
  for (const [key, value] of Object.entries(w.f)) e[key] = decodeValue(value);
  return e as unknown as E;
}
