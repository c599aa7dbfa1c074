/** Spark's conditional and null expressions: CASE WHEN, if, coalesce. */
import { Expression, type InternalRow } from './Expression';
import { NullType, widerType, type DataType } from '../../types';

/** `CASE WHEN c1 THEN v1 … ELSE e END`; children are c1, v1, c2, v2, …, then the else value if there is one. */
export class CaseWhen extends Expression {
  readonly children: readonly Expression[];
  constructor(branches: readonly (readonly [Expression, Expression])[], elseValue?: Expression) {
    super();
    this.children = [...branches.flat(), ...(elseValue ? [elseValue] : [])];
  }
  get branches(): [Expression, Expression][] {
    const out: [Expression, Expression][] = [];
    for (let i = 0; i + 1 < this.children.length; i += 2) out.push([this.children[i], this.children[i + 1]]);
    return out;
  }
  get elseValue(): Expression | undefined {
    return this.children.length % 2 === 1 ? this.children[this.children.length - 1] : undefined;
  }
  get dataType(): DataType {
    const values = [...this.branches.map(([, v]) => v), ...(this.elseValue ? [this.elseValue] : [])];
    return values.reduce<DataType>((t, v) => widerType(t, v.dataType) ?? t, NullType);
  }
  override get nullable(): boolean {
    return this.branches.some(([, v]) => v.nullable) || (this.elseValue?.nullable ?? true);
  }
  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }
  eval(input: InternalRow): unknown {
    for (const [c, v] of this.branches) if (c.eval(input) === true) return v.eval(input);
    return this.elseValue ? this.elseValue.eval(input) : null;
  }
  override toString(): string {
    const cases = this.branches.map(([c, v]) => ` WHEN ${c} THEN ${v}`).join('');
    return `CASE${cases}${this.elseValue ? ` ELSE ${this.elseValue}` : ''} END`;
  }
  override get sql(): string {
    const cases = this.branches.map(([c, v]) => ` WHEN ${c.sql} THEN ${v.sql}`).join('');
    return `CASE${cases}${this.elseValue ? ` ELSE ${this.elseValue.sql}` : ''} END`;
  }
}

/** `coalesce(a, b, …)`: the first value that is not null. */
export class Coalesce extends Expression {
  override get prettyName(): string {
    return 'coalesce';
  }
  readonly children: readonly Expression[];
  constructor(children: readonly Expression[]) {
    super();
    this.children = children;
  }
  get dataType(): DataType {
    return this.children.reduce<DataType>((t, c) => widerType(t, c.dataType) ?? t, NullType);
  }
  override get nullable(): boolean {
    return this.children.every((c) => c.nullable);
  }
  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }
  eval(input: InternalRow): unknown {
    for (const c of this.children) {
      const v = c.eval(input);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  }
}
