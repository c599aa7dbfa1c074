/**
 * Spark's arithmetic (arithmetic.scala): `+ - * / %` with Spark 4's ANSI
 * semantics on by default (`spark.sql.ansi.enabled`): division by zero is an
 * error, `/` always gives a double (or decimal), `div` an integral result.
 */
import { BinaryOperator, UnaryExpression, type Expression, type TypeCheckFailure } from './Expression';
import { DoubleType, LongType, NumericType, isNumeric, type DataType } from '../../types';
import { errorMessage } from '../../errors';

/** Thrown at run time for ANSI errors (Spark's SparkArithmeticException). */
export class SparkArithmeticException extends Error {
  override name = 'SparkArithmeticException';
}

function typeCheckNumeric(e: BinaryOperator): TypeCheckFailure | null {
  const l = e.left.dataType;
  const r = e.right.dataType;
  if (!l.equals(r))
    return {
      errorSubClass: 'BINARY_OP_DIFF_TYPES',
      messageParameters: { left: `"${l.sql}"`, right: `"${r.sql}"` },
    };
  if (!isNumeric(l))
    return {
      errorSubClass: 'UNEXPECTED_INPUT_TYPE',
      messageParameters: {
        paramIndex: 'first',
        requiredType: '"NUMERIC"',
        inputSql: `"${e.left.sql}"`,
        inputType: `"${l.sql}"`,
      },
    };
  return null;
}

export abstract class BinaryArithmetic extends BinaryOperator {
  get dataType(): DataType {
    return this.left.dataType;
  }
  override checkInputDataTypes(): TypeCheckFailure | null {
    return typeCheckNumeric(this);
  }
  /** Integral results stay whole numbers (JavaScript numbers have no int type). */
  protected integral(): boolean {
    const t = this.dataType;
    return t instanceof NumericType && t.integral;
  }
}

export class Add extends BinaryArithmetic {
  get symbol() {
    return '+';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return (l as number) + (r as number);
  }
}

export class Subtract extends BinaryArithmetic {
  get symbol() {
    return '-';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return (l as number) - (r as number);
  }
}

export class Multiply extends BinaryArithmetic {
  get symbol() {
    return '*';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return (l as number) * (r as number);
  }
}

function divideByZero(): never {
  throw new SparkArithmeticException(errorMessage('DIVIDE_BY_ZERO', { config: '"spark.sql.ansi.enabled"' }));
}

/** `/`: operands are cast to double by the analyzer (Spark's Divide takes doubles or decimals). */
export class Divide extends BinaryArithmetic {
  get symbol() {
    return '/';
  }
  override get nullable(): boolean {
    return true;
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    if (r === 0) divideByZero();
    return (l as number) / (r as number);
  }
}

/** `div`: integral division, truncated toward zero, a bigint. */
export class IntegralDivide extends BinaryArithmetic {
  get symbol() {
    return 'div';
  }
  override get dataType(): DataType {
    return LongType;
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    if (r === 0) divideByZero();
    return Math.trunc((l as number) / (r as number));
  }
}

/** `%`: the sign of the dividend, as Java's `%`. */
export class Remainder extends BinaryArithmetic {
  get symbol() {
    return '%';
  }
  override get nullable(): boolean {
    return true;
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    if (r === 0) divideByZero();
    return (l as number) % (r as number);
  }
}

/** `pmod(a, b)`: a positive remainder. */
export class Pmod extends BinaryArithmetic {
  get symbol() {
    return 'pmod';
  }
  override toString(): string {
    return `pmod(${this.left}, ${this.right})`;
  }
  override get sql(): string {
    return `pmod(${this.left.sql}, ${this.right.sql})`;
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    if (r === 0) divideByZero();
    const m = (l as number) % (r as number);
    return m < 0 ? m + Math.abs(r as number) : m;
  }
}

export class UnaryMinus extends UnaryExpression {
  get dataType(): DataType {
    return this.child.dataType;
  }
  override get prettyName(): string {
    return 'negative';
  }
  override toString(): string {
    return `-${this.child}`;
  }
  override get sql(): string {
    return `(- ${this.child.sql})`;
  }
  protected override nullSafeEval(v: unknown): unknown {
    return -(v as number);
  }
}

/** Functions of one number that give a double (`sqrt`, `exp`, `log`…), Spark's UnaryMathExpression. */
export class UnaryMath extends UnaryExpression {
  constructor(
    child: Expression,
    readonly fn: string,
  ) {
    super(child);
  }
  get dataType(): DataType {
    return this.fn === 'abs' ? this.child.dataType : this.fn === 'ceil' || this.fn === 'floor' ? LongType : DoubleType;
  }
  override get prettyName(): string {
    return this.fn === 'log' ? 'ln' : this.fn;
  }
  override get nullable(): boolean {
    return true;
  }
  protected override nullSafeEval(v: unknown): unknown {
    const x = v as number;
    switch (this.fn) {
      case 'abs':
        return Math.abs(x);
      case 'sqrt':
        return Math.sqrt(x);
      case 'exp':
        return Math.exp(x);
      case 'log':
        return x <= 0 ? null : Math.log(x);
      case 'log10':
        return x <= 0 ? null : Math.log10(x);
      case 'ceil':
        return Math.ceil(x);
      case 'floor':
        return Math.floor(x);
      case 'signum':
        return Math.sign(x);
      default:
        throw new Error(`unknown math function ${this.fn}`);
    }
  }
}

/** `round(x, scale)`: HALF_UP, as Spark's Round. */
export class Round extends UnaryExpression {
  constructor(
    child: Expression,
    readonly scale: number,
  ) {
    super(child);
  }
  get dataType(): DataType {
    return this.child.dataType;
  }
  override toString(): string {
    return `round(${this.child}, ${this.scale})`;
  }
  override get sql(): string {
    return `round(${this.child.sql}, ${this.scale})`;
  }
  protected override nullSafeEval(v: unknown): unknown {
    const x = v as number;
    const f = 10 ** this.scale;
    const r = (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
    return Object.is(r, -0) ? 0 : r;
  }
}
