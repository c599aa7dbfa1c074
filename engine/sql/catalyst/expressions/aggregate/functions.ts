/** Spark's common aggregate functions: count, sum, avg, min, max, first, last, collect_list, collect_set. */
import { AggregateFunction } from './interfaces';
import type { Expression, InternalRow } from '../Expression';
import { ArrayType, BooleanType, DoubleType, LongType, NumericType, type DataType } from '../../../types';
import { compareValues } from '../ordering';
import { Literal } from '../literals';

/** `count(expr…)`: rows where every argument is not null; `count(*)` is `count(1)`. Never null. */
export class Count extends AggregateFunction {
  override get prettyName(): string {
    return 'count';
  }
  get dataType(): DataType {
    return LongType;
  }
  override get nullable(): boolean {
    return false;
  }
  override get defaultResult(): Expression {
    return new Literal(0, LongType);
  }
  protected bufferSchema(): [string, DataType][] {
    return [['count', LongType]];
  }
  initialize(): unknown[] {
    return [0];
  }
  update(buffer: unknown[], input: InternalRow): void {
    for (const c of this.children) {
      const v = c.eval(input);
      if (v === null || v === undefined) return;
    }
    buffer[0] = (buffer[0] as number) + 1;
  }
  merge(buffer: unknown[], other: readonly unknown[]): void {
    buffer[0] = (buffer[0] as number) + (other[0] as number);
  }
  evaluate(buffer: readonly unknown[]): unknown {
    return buffer[0];
  }
}

/** Sum keeps integral inputs as bigint and others as double, as Spark's Sum.resultType. */
function sumType(t: DataType): DataType {
  return t instanceof NumericType && t.integral ? LongType : DoubleType;
}

/** `sum(x)`: null when every input is null. */
export class Sum extends AggregateFunction {
  override get prettyName(): string {
    return 'sum';
  }
  get dataType(): DataType {
    return sumType(this.children[0].dataType);
  }
  override get nullable(): boolean {
    return true;
  }
  protected bufferSchema(): [string, DataType][] {
    return [['sum', sumType(this.children[0].dataType)]];
  }
  initialize(): unknown[] {
    return [null];
  }
  update(buffer: unknown[], input: InternalRow): void {
    const v = this.children[0].eval(input);
    if (v === null || v === undefined) return;
    buffer[0] = buffer[0] === null ? Number(v) : (buffer[0] as number) + Number(v);
  }
  merge(buffer: unknown[], other: readonly unknown[]): void {
    if (other[0] === null) return;
    buffer[0] = buffer[0] === null ? other[0] : (buffer[0] as number) + (other[0] as number);
  }
  evaluate(buffer: readonly unknown[]): unknown {
    return buffer[0];
  }
}

/** `avg(x)` (also `mean`): a double; buffer `sum` (double) and `count` (bigint), as Spark's Average. */
export class Average extends AggregateFunction {
  override get prettyName(): string {
    return 'avg';
  }
  get dataType(): DataType {
    return DoubleType;
  }
  override get nullable(): boolean {
    return true;
  }
  protected bufferSchema(): [string, DataType][] {
    return [
      ['sum', DoubleType],
      ['count', LongType],
    ];
  }
  initialize(): unknown[] {
    return [0, 0];
  }
  update(buffer: unknown[], input: InternalRow): void {
    const v = this.children[0].eval(input);
    if (v === null || v === undefined) return;
    buffer[0] = (buffer[0] as number) + Number(v);
    buffer[1] = (buffer[1] as number) + 1;
  }
  merge(buffer: unknown[], other: readonly unknown[]): void {
    buffer[0] = (buffer[0] as number) + (other[0] as number);
    buffer[1] = (buffer[1] as number) + (other[1] as number);
  }
  evaluate(buffer: readonly unknown[]): unknown {
    return buffer[1] === 0 ? null : (buffer[0] as number) / (buffer[1] as number);
  }
}

/** `min(x)` and `max(x)`. */
export class MinMax extends AggregateFunction {
  constructor(
    children: readonly Expression[],
    readonly fn: 'min' | 'max',
  ) {
    super(children);
  }
  get dataType(): DataType {
    return this.children[0].dataType;
  }
  override get prettyName(): string {
    return this.fn;
  }
  override get nullable(): boolean {
    return true;
  }
  protected bufferSchema(): [string, DataType][] {
    return [[this.fn, this.children[0].dataType]];
  }
  initialize(): unknown[] {
    return [null];
  }
  // No #private members: expressions are rebuilt on executors without their constructors.
  better(a: unknown, b: unknown): boolean {
    const c = compareValues(a, b);
    return this.fn === 'min' ? c < 0 : c > 0;
  }
  update(buffer: unknown[], input: InternalRow): void {
    const v = this.children[0].eval(input);
    if (v === null || v === undefined) return;
    if (buffer[0] === null || this.better(v, buffer[0])) buffer[0] = v;
  }
  merge(buffer: unknown[], other: readonly unknown[]): void {
    if (other[0] === null) return;
    if (buffer[0] === null || this.better(other[0], buffer[0])) buffer[0] = other[0];
  }
  evaluate(buffer: readonly unknown[]): unknown {
    return buffer[0];
  }
}

/** `first(x, ignoreNulls)` and `last(x, ignoreNulls)`: buffer the value and whether one was set. */
export class FirstLast extends AggregateFunction {
  constructor(
    children: readonly Expression[],
    readonly fn: 'first' | 'last',
    readonly ignoreNulls = false,
  ) {
    super(children);
  }
  get dataType(): DataType {
    return this.children[0].dataType;
  }
  override get prettyName(): string {
    return this.fn;
  }
  override get nullable(): boolean {
    return true;
  }
  protected bufferSchema(): [string, DataType][] {
    const fn = this.fn;
    return [
      [fn, this.children[0].dataType],
      ['valueSet', BooleanType],
    ];
  }
  override toAggString(isDistinct: boolean): string {
    return `${this.fn}(${isDistinct ? 'distinct ' : ''}${this.children[0]})${this.ignoreNulls ? ' ignore nulls' : ''}`;
  }
  initialize(): unknown[] {
    return [null, false];
  }
  update(buffer: unknown[], input: InternalRow): void {
    const v = this.children[0].eval(input);
    if (this.ignoreNulls && v === null) return;
    if (this.fn === 'first' && buffer[1]) return;
    buffer[0] = v;
    buffer[1] = true;
  }
  merge(buffer: unknown[], other: readonly unknown[]): void {
    if (!other[1]) return;
    if (this.fn === 'first' && buffer[1]) return;
    buffer[0] = other[0];
    buffer[1] = true;
  }
  evaluate(buffer: readonly unknown[]): unknown {
    return buffer[0];
  }
}

/** `collect_list(x)` / `collect_set(x)`: arrays of the non-null values. */
export class Collect extends AggregateFunction {
  constructor(
    children: readonly Expression[],
    readonly fn: 'collect_list' | 'collect_set',
  ) {
    super(children);
  }
  get dataType(): DataType {
    return new ArrayType(this.children[0].dataType, false);
  }
  override get prettyName(): string {
    return this.fn;
  }
  override get nullable(): boolean {
    return false;
  }
  protected bufferSchema(): [string, DataType][] {
    return [['buf', new ArrayType(this.children[0].dataType, false)]];
  }
  initialize(): unknown[] {
    return [[]];
  }
  add(list: unknown[], v: unknown): void {
    if (this.fn === 'collect_set' && list.some((x) => compareValues(x, v) === 0)) return;
    list.push(v);
  }
  update(buffer: unknown[], input: InternalRow): void {
    const v = this.children[0].eval(input);
    if (v !== null && v !== undefined) this.add(buffer[0] as unknown[], v);
  }
  merge(buffer: unknown[], other: readonly unknown[]): void {
    for (const v of other[0] as unknown[]) this.add(buffer[0] as unknown[], v);
  }
  evaluate(buffer: readonly unknown[]): unknown {
    return buffer[0];
  }
}

/** `count(*)`'s argument. */
export const countStar = (): Count => new Count([Literal.create(1)]);
