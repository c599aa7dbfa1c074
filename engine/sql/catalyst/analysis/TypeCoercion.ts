/**
 * Spark's implicit casts (AnsiTypeCoercion, the rules Spark 4 uses by
 * default): operands of arithmetic and comparisons are widened to a common
 * type by Cast nodes that plans show (`(cast(a#1 as bigint) + b#2L)`), `/`
 * works on doubles, branches of CASE and coalesce share one type.
 */
import type { Expression } from '../expressions/Expression';
import { BinaryArithmetic, Divide, IntegralDivide } from '../expressions/arithmetic';
import { BinaryComparison, In } from '../expressions/predicates';
import { Cast } from '../expressions/Cast';
import { CaseWhen, Coalesce } from '../expressions/conditionalExpressions';
import { Concat } from '../expressions/stringExpressions';
import { Average, Sum } from '../expressions/aggregate/functions';
import {
  BooleanType,
  DateType,
  DoubleType,
  LongType,
  NullType,
  NumericType,
  StringType,
  TimestampType,
  isNumeric,
  widerType,
  type DataType,
} from '../../types';

function castIfNeeded(e: Expression, to: DataType): Expression {
  return e.dataType.equals(to) ? e : new Cast(e, to);
}

/** The type two operands meet at, or undefined (then the type check reports the mismatch). */
function commonType(a: DataType, b: DataType, forComparison: boolean): DataType | undefined {
  if (a.equals(b)) return a;
  if (a === NullType) return b;
  if (b === NullType) return a;
  if (isNumeric(a) && isNumeric(b)) return widerType(a, b);
  // ANSI: a string meeting a number is read as that number's type (bigint for integral ones).
  if (a === StringType && isNumeric(b)) return (b as NumericType).integral ? LongType : DoubleType;
  if (b === StringType && isNumeric(a)) return (a as NumericType).integral ? LongType : DoubleType;
  if (forComparison) {
    if ((a === DateType || a === TimestampType) && b === StringType) return a;
    if ((b === DateType || b === TimestampType) && a === StringType) return b;
    if (a === DateType && b === TimestampType) return b;
    if (b === DateType && a === TimestampType) return a;
  }
  return undefined;
}

/** Two sides of a comparison cast to the type they meet at (InConversion for `x IN (subquery)`). */
export function coerceComparison(l: Expression, r: Expression): [Expression, Expression] {
  const t = commonType(l.dataType, r.dataType, true);
  return t ? [castIfNeeded(l, t), castIfNeeded(r, t)] : [l, r];
}

/** One expression with its children already coerced; undefined when nothing changes. */
export function coerce(e: Expression): Expression | undefined {
  if (!e.childrenResolved) return undefined;
  if (e instanceof Divide) {
    const [l, r] = e.children;
    if (l.dataType === DoubleType && r.dataType === DoubleType) return undefined;
    if (!isCastableToNumber(l.dataType) || !isCastableToNumber(r.dataType)) return undefined;
    return e.withNewChildren([castIfNeeded(l, DoubleType), castIfNeeded(r, DoubleType)]);
  }
  if (e instanceof IntegralDivide) {
    const [l, r] = e.children;
    if (!isCastableToNumber(l.dataType) || !isCastableToNumber(r.dataType)) return undefined;
    const out = e.withNewChildren([castIfNeeded(l, LongType), castIfNeeded(r, LongType)]);
    return out === e ? undefined : out;
  }
  if (e instanceof BinaryArithmetic || e instanceof BinaryComparison) {
    const [l, r] = e.children;
    if (l.dataType.equals(r.dataType)) return undefined;
    const t = commonType(l.dataType, r.dataType, e instanceof BinaryComparison);
    if (!t) return undefined;
    return e.withNewChildren([castIfNeeded(l, t), castIfNeeded(r, t)]);
  }
  if (e instanceof In) {
    const types = e.children.map((c) => c.dataType);
    if (types.every((t) => t.equals(types[0]))) return undefined;
    const t = types.reduce<DataType | undefined>((acc, x) => acc && commonType(acc, x, true), types[0]);
    if (!t) return undefined;
    return e.withNewChildren(e.children.map((c) => castIfNeeded(c, t)));
  }
  if (e instanceof CaseWhen || e instanceof Coalesce) {
    const values =
      e instanceof CaseWhen
        ? e.children.filter((_, i) => i % 2 === 1 || (i === e.children.length - 1 && e.children.length % 2 === 1))
        : e.children;
    const t = values.reduce<DataType | undefined>((acc, v) => acc && commonType(acc, v.dataType, false), NullType);
    if (!t || values.every((v) => v.dataType.equals(t))) return undefined;
    const valueSet = new Set(values);
    return e.withNewChildren(e.children.map((c) => (valueSet.has(c) ? castIfNeeded(c, t) : c)));
  }
  if (e instanceof Concat) {
    if (e.children.every((c) => c.dataType === StringType)) return undefined;
    return e.withNewChildren(e.children.map((c) => castIfNeeded(c, StringType)));
  }
  if ((e instanceof Sum || e instanceof Average) && e.children[0].dataType === StringType)
    return e.withNewChildren([new Cast(e.children[0], DoubleType)]);
  return undefined;
}

function isCastableToNumber(t: DataType): boolean {
  return isNumeric(t) || t === StringType || t === NullType;
}

/** Booleans meeting numbers are not coerced (Spark reports BINARY_OP_DIFF_TYPES). */
export const NOT_COERCED = BooleanType;
