/** Spark's Literal: a constant of a known type. */
import { LeafExpression, type InternalRow } from './Expression';
import {
  BooleanType,
  DateType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampType,
  type DataType,
} from '../../types';

/** How Scala prints a value: doubles always with a decimal point (`1.0`), the rest as JavaScript does. */
export function scalaString(value: unknown, dataType: DataType): string {
  if (value === null || value === undefined) return 'null';
  if ((dataType === DoubleType || dataType === FloatType) && typeof value === 'number') return formatDouble(value);
  if (value instanceof Date) return dataType === DateType ? formatDate(value) : formatTimestamp(value);
  return String(value);
}

/** Java's Double.toString for the values tables show: `1.0`, `0.5`, `1.0E10`, `NaN`, `Infinity`. */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v);
    return s.includes('.') || s.includes('e') ? s : s + '.0';
  }
  const [mantissa, exp] = v.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : mantissa + '.0';
  return `${m}E${Number(exp)}`;
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function formatTimestamp(d: Date): string {
  const iso = d.toISOString();
  const ms = iso.slice(20, 23);
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19) + (ms === '000' ? '' : '.' + ms.replace(/0+$/, ''));
}

export class Literal extends LeafExpression {
  constructor(
    readonly value: unknown,
    readonly literalType: DataType,
  ) {
    super();
  }

  /**
   * A literal for a JavaScript value, typed as Spark types the same Scala
   * value: whole numbers in int range are IntegerType, other whole numbers
   * LongType, other numbers DoubleType.
   *
   * @example
   * Literal.create(5).dataType; // IntegerType
   */
  static create(v: unknown): Literal {
    if (v === null || v === undefined) return new Literal(null, NullType);
    if (typeof v === 'number') {
      if (Number.isInteger(v) && !Object.is(v, -0))
        return new Literal(v, v >= -2147483648 && v <= 2147483647 ? IntegerType : LongType);
      return new Literal(v, DoubleType);
    }
    if (typeof v === 'bigint') return new Literal(Number(v), LongType);
    if (typeof v === 'string') return new Literal(v, StringType);
    if (typeof v === 'boolean') return new Literal(v, BooleanType);
    if (v instanceof Date) return new Literal(v, TimestampType);
    throw new TypeError(
      `[UNSUPPORTED_FEATURE.LITERAL_TYPE] The feature is not supported: Literal for '${String(v)}' of ${typeof v}. SQLSTATE: 0A000`,
    );
  }

  get dataType(): DataType {
    return this.literalType;
  }
  override get nullable(): boolean {
    return this.value === null;
  }
  override get foldable(): boolean {
    return true;
  }
  override get deterministic(): boolean {
    return true;
  }
  eval(_input: InternalRow): unknown {
    return this.value;
  }
  override toString(): string {
    return scalaString(this.value, this.literalType);
  }
  override get sql(): string {
    const v = this.value;
    if (v === null) return 'NULL';
    if (this.literalType === StringType) return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    if (this.literalType === LongType) return `${v}L`;
    if (this.literalType === DoubleType) return `${formatDouble(v as number)}D`;
    if (this.literalType === DateType) return `DATE '${formatDate(v as Date)}'`;
    if (this.literalType === TimestampType) return `TIMESTAMP '${formatTimestamp(v as Date)}'`;
    return String(v);
  }
}

export const TrueLiteral = new Literal(true, BooleanType);
export const FalseLiteral = new Literal(false, BooleanType);
