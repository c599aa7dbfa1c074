/** Spark's predicates (predicates.scala, nullExpressions.scala): comparisons, AND/OR/NOT, IN, IS NULL. */
import { BinaryOperator, Expression, UnaryExpression, type InternalRow, type TypeCheckFailure } from './Expression';
import { BooleanType, type DataType } from '../../types';
import { compareValues } from './ordering';

export abstract class BinaryComparison extends BinaryOperator {
  get dataType(): DataType {
    return BooleanType;
  }
  override checkInputDataTypes(): TypeCheckFailure | null {
    const l = this.left.dataType;
    const r = this.right.dataType;
    if (!l.equals(r))
      return {
        errorSubClass: 'BINARY_OP_DIFF_TYPES',
        messageParameters: { left: `"${l.sql}"`, right: `"${r.sql}"` },
      };
    return null;
  }
}

export class EqualTo extends BinaryComparison {
  get symbol() {
    return '=';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return compareValues(l, r) === 0;
  }
}

/** `<=>`: null-safe equality; never null. */
export class EqualNullSafe extends BinaryComparison {
  get symbol() {
    return '<=>';
  }
  override get nullable(): boolean {
    return false;
  }
  override eval(input: InternalRow): unknown {
    const l = this.left.eval(input);
    const r = this.right.eval(input);
    if (l === null || r === null) return l === null && r === null;
    return compareValues(l, r) === 0;
  }
}

export class LessThan extends BinaryComparison {
  get symbol() {
    return '<';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return compareValues(l, r) < 0;
  }
}

export class LessThanOrEqual extends BinaryComparison {
  get symbol() {
    return '<=';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return compareValues(l, r) <= 0;
  }
}

export class GreaterThan extends BinaryComparison {
  get symbol() {
    return '>';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return compareValues(l, r) > 0;
  }
}

export class GreaterThanOrEqual extends BinaryComparison {
  get symbol() {
    return '>=';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return compareValues(l, r) >= 0;
  }
}

function checkBoolean(e: BinaryOperator | UnaryExpression): TypeCheckFailure | null {
  for (const [i, c] of e.children.entries())
    if (c.dataType !== BooleanType)
      return {
        errorSubClass: 'UNEXPECTED_INPUT_TYPE',
        messageParameters: {
          paramIndex: i === 0 ? 'first' : 'second',
          requiredType: '"BOOLEAN"',
          inputSql: `"${c.sql}"`,
          inputType: `"${c.dataType.sql}"`,
        },
      };
  return null;
}

/** Three-valued AND: false wins over null. */
export class And extends BinaryOperator {
  get symbol() {
    return 'AND';
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override checkInputDataTypes(): TypeCheckFailure | null {
    return checkBoolean(this);
  }
  override eval(input: InternalRow): unknown {
    const l = this.left.eval(input);
    if (l === false) return false;
    const r = this.right.eval(input);
    if (r === false) return false;
    return l === null || r === null ? null : true;
  }
}

/** Three-valued OR: true wins over null. */
export class Or extends BinaryOperator {
  get symbol() {
    return 'OR';
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override checkInputDataTypes(): TypeCheckFailure | null {
    return checkBoolean(this);
  }
  override eval(input: InternalRow): unknown {
    const l = this.left.eval(input);
    if (l === true) return true;
    const r = this.right.eval(input);
    if (r === true) return true;
    return l === null || r === null ? null : false;
  }
}

export class Not extends UnaryExpression {
  get dataType(): DataType {
    return BooleanType;
  }
  override checkInputDataTypes(): TypeCheckFailure | null {
    return checkBoolean(this);
  }
  override toString(): string {
    return `NOT ${this.child}`;
  }
  override get sql(): string {
    return `(NOT ${this.child.sql})`;
  }
  protected override nullSafeEval(v: unknown): unknown {
    return !v;
  }
}

export class IsNull extends UnaryExpression {
  override get prettyName(): string {
    return 'isnull';
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get nullable(): boolean {
    return false;
  }
  override eval(input: InternalRow): unknown {
    const v = this.child.eval(input);
    return v === null || v === undefined;
  }
  override get sql(): string {
    return `(${this.child.sql} IS NULL)`;
  }
}

export class IsNotNull extends UnaryExpression {
  override get prettyName(): string {
    return 'isnotnull';
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get nullable(): boolean {
    return false;
  }
  override eval(input: InternalRow): unknown {
    const v = this.child.eval(input);
    return v !== null && v !== undefined;
  }
  override get sql(): string {
    return `(${this.child.sql} IS NOT NULL)`;
  }
}

/** `value IN (list…)`: null when the value is null, or when nothing matched and the list holds a null. */
export class In extends Expression {
  readonly children: readonly Expression[];
  constructor(value: Expression, list: readonly Expression[]) {
    super();
    this.children = [value, ...list];
  }
  get value(): Expression {
    return this.children[0];
  }
  get list(): readonly Expression[] {
    return this.children.slice(1);
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }
  eval(input: InternalRow): unknown {
    const v = this.value.eval(input);
    if (v === null) return null;
    let sawNull = false;
    for (const e of this.list) {
      const x = e.eval(input);
      if (x === null) sawNull = true;
      else if (compareValues(v, x) === 0) return true;
    }
    return sawNull ? null : false;
  }
  override toString(): string {
    return `${this.value} IN (${this.list.join(',')})`;
  }
  override get sql(): string {
    return `(${this.value.sql} IN (${this.list.map((e) => e.sql).join(', ')}))`;
  }
}
