/** Spark's Cast, with Spark 4's ANSI behaviour: a string that is not a number is an error, not null. */
import { UnaryExpression, type Expression } from './Expression';
import {
  BooleanType,
  DateType,
  DoubleType,
  FloatType,
  NumericType,
  StringType,
  TimestampType,
  isNumeric,
  type DataType,
} from '../../types';
import { scalaString } from './literals';
import { errorMessage } from '../../errors';

export class SparkNumberFormatException extends Error {
  override name = 'SparkNumberFormatException';
}

export class Cast extends UnaryExpression {
  constructor(
    child: Expression,
    readonly targetType: DataType,
    /** Written by the user (`cast(x as int)`), not added by type coercion: then column names keep it. */
    readonly userSpecified = false,
    /** `try_cast`: a malformed value gives null. */
    readonly tryCast = false,
  ) {
    super(child);
  }
  get dataType(): DataType {
    return this.targetType;
  }
  override get nullable(): boolean {
    return (
      this.child.nullable || this.tryCast || (this.child.dataType === StringType && this.targetType !== StringType)
    );
  }
  override toString(): string {
    return `${this.tryCast ? 'try_cast' : 'cast'}(${this.child} as ${this.targetType.simpleString})`;
  }
  override get sql(): string {
    return `${this.tryCast ? 'TRY_CAST' : 'CAST'}(${this.child.sql} AS ${this.targetType.sql})`;
  }
  protected override nullSafeEval(v: unknown): unknown {
    return castValue(v, this.child.dataType, this.targetType, this.tryCast);
  }
}

/** One value from `from` to `to`, as Spark's Cast converts it. */
export function castValue(v: unknown, from: DataType, to: DataType, tryCast = false): unknown {
  if (from.equals(to)) return v;
  if (to === StringType) return scalaString(v, from);
  if (isNumeric(to)) {
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'boolean') n = v ? 1 : 0;
    else if (v instanceof Date) n = Math.floor(v.getTime() / 1000);
    else {
      const s = String(v).trim();
      n = s === '' ? NaN : Number(s);
      if (Number.isNaN(n) && !/^nan$/i.test(s)) {
        if (tryCast) return null;
        throw new SparkNumberFormatException(
          errorMessage('CAST_INVALID_INPUT', {
            expression: `'${String(v)}'`,
            sourceType: `"${from.sql}"`,
            targetType: `"${to.sql}"`,
          }),
        );
      }
    }
    if ((to as NumericType).integral) return Number.isFinite(n) ? Math.trunc(n) : tryCast ? null : Math.trunc(n);
    if (to === FloatType) return Math.fround(n);
    return n;
  }
  if (to === BooleanType) {
    if (typeof v === 'number') return v !== 0;
    const s = String(v).trim().toLowerCase();
    if (['t', 'true', 'y', 'yes', '1'].includes(s)) return true;
    if (['f', 'false', 'n', 'no', '0'].includes(s)) return false;
    if (tryCast) return null;
    throw new SparkNumberFormatException(
      errorMessage('CAST_INVALID_INPUT', {
        expression: `'${String(v)}'`,
        sourceType: `"${from.sql}"`,
        targetType: `"${to.sql}"`,
      }),
    );
  }
  if (to === DateType || to === TimestampType) {
    const d =
      v instanceof Date
        ? v
        : typeof v === 'number'
          ? new Date(v * 1000)
          : new Date(String(v).trim().replace(' ', 'T') + (String(v).length <= 10 ? 'T00:00:00Z' : 'Z'));
    if (Number.isNaN(d.getTime())) return null;
    if (to === DateType) return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    return d;
  }
  if (to === DoubleType) return Number(v);
  return v;
}
