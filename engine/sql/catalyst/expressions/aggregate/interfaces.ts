/**
 * Spark's aggregate functions (expressions/aggregate/interfaces.scala): a
 * function keeps a buffer of typed slots (its `aggBufferAttributes`, which
 * partial aggregates write to the shuffle), updated by input rows, merged
 * with other buffers, and evaluated into the result. AggregateExpression
 * wraps one with its mode: `partial_sum(x#3L)` in a map-side HashAggregate,
 * `sum(x#3L)` in the final one.
 */
import { Expression, LeafExpression, type InternalRow } from '../Expression';
import { AttributeReference, newExprId } from '../namedExpressions';
import type { DataType } from '../../../types';

export abstract class AggregateFunction extends Expression {
  /** Made on first use and kept as an own field, so every later copy of the plan names the same attributes. */
  bufferAttrs?: readonly AttributeReference[];

  constructor(readonly children: readonly Expression[]) {
    super();
  }

  /** The buffer's slots as attributes (AggregateExpression makes them when it wraps the function). */
  get aggBufferAttributes(): readonly AttributeReference[] {
    this.bufferAttrs ??= this.bufferSchema().map(([name, type]) => new AttributeReference(name, type));
    return this.bufferAttrs;
  }

  /** Names and types of the buffer's slots (`sum`, `count`…), as Spark names them. */
  protected abstract bufferSchema(): [string, DataType][];
  abstract initialize(): unknown[];
  /** Adds one input row (evaluating the children against it). */
  abstract update(buffer: unknown[], input: InternalRow): void;
  /** Adds another buffer of this function. */
  abstract merge(buffer: unknown[], other: readonly unknown[]): void;
  abstract evaluate(buffer: readonly unknown[]): unknown;

  override get foldable(): boolean {
    return false;
  }
  /** The result without any input row, when it is not null (Spark's `defaultResult`: count's 0). */
  get defaultResult(): Expression | undefined {
    return undefined;
  }
  eval(_input: InternalRow): unknown {
    throw new Error(`${this.prettyName} is an aggregate: it is evaluated by an aggregate operator`);
  }
  /** How AggregateExpression prints it: `count(1)`, `count(DISTINCT x#1)`. */
  toAggString(isDistinct: boolean): string {
    return `${this.prettyName}(${isDistinct ? 'distinct ' : ''}${this.children.join(', ')})`;
  }
  sqlAgg(isDistinct: boolean): string {
    return `${this.prettyName}(${isDistinct ? 'DISTINCT ' : ''}${this.children.map((c) => c.sql).join(', ')})`;
  }
}

export type AggregateMode = 'Partial' | 'PartialMerge' | 'Final' | 'Complete';

/**
 * An aggregate function in a plan, with its mode and result id (Spark's AggregateExpression). A `filter` (the
 * second child) limits the rows a Partial or Complete aggregate updates from, as SQL's `FILTER (WHERE …)` does;
 * merging modes keep it only to print it, as Spark's do.
 */
export class AggregateExpression extends Expression {
  readonly children: readonly Expression[];
  constructor(
    fn: AggregateFunction,
    readonly mode: AggregateMode = 'Complete',
    readonly isDistinct = false,
    readonly resultId: number = newExprId(),
    filter?: Expression,
  ) {
    super();
    this.children = filter ? [fn, filter] : [fn];
    void fn.aggBufferAttributes;
  }
  get aggregateFunction(): AggregateFunction {
    return this.children[0] as AggregateFunction;
  }
  get filter(): Expression | undefined {
    return this.children[1];
  }
  get dataType(): DataType {
    return this.aggregateFunction.dataType;
  }
  override get nullable(): boolean {
    return this.aggregateFunction.nullable;
  }
  override get foldable(): boolean {
    return false;
  }
  /** The attribute the final aggregate gives this result as: `count(1)#20L`. */
  get resultAttribute(): AttributeReference {
    return new AttributeReference(this.aggregateFunction.toString(), this.dataType, this.nullable, this.resultId);
  }
  withMode(mode: AggregateMode): AggregateExpression {
    return this.copyWith({ mode } as Partial<Expression>) as AggregateExpression;
  }
  eval(_input: InternalRow): unknown {
    throw new Error('an aggregate is evaluated by an aggregate operator');
  }
  override toString(): string {
    const prefix = this.mode === 'Partial' ? 'partial_' : this.mode === 'PartialMerge' ? 'merge_' : '';
    const fn = prefix + this.aggregateFunction.toAggString(this.isDistinct);
    return this.filter ? `${fn} FILTER (WHERE ${this.filter})` : fn;
  }
  override get sql(): string {
    const fn = this.aggregateFunction.sqlAgg(this.isDistinct);
    return this.filter ? `${fn} FILTER (WHERE ${this.filter.sql})` : fn;
  }
}

/** A stand-in for "no input column" in count(*) etc.; never evaluated. */
export class NoOp extends LeafExpression {
  get dataType(): DataType {
    throw new Error('NoOp has no type');
  }
  eval(): unknown {
    return null;
  }
}
