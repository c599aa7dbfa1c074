/** Spark's window expressions (windowExpressions.scala): `f() OVER (PARTITION BY … ORDER BY … frame)`. */
import { Expression, LeafExpression, type InternalRow } from './Expression';
import { SortOrder } from './ordering';
import { IntegerType, type DataType } from '../../types';

export type FrameType = 'RowFrame' | 'RangeFrame';
/** A frame boundary: unbounded, the current row, or an offset (negative = preceding). */
export type FrameBoundary = 'unboundedpreceding' | 'unboundedfollowing' | 'currentrow' | number;

function boundaryString(b: FrameBoundary): string {
  return typeof b === 'number' ? String(b) : `${b}$()`;
}

/** `specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())`. */
export class SpecifiedWindowFrame extends LeafExpression {
  constructor(
    readonly frameType: FrameType,
    readonly lower: FrameBoundary,
    readonly upper: FrameBoundary,
  ) {
    super();
  }
  get dataType(): DataType {
    throw new Error('a window frame has no type');
  }
  eval(): unknown {
    throw new Error('a window frame is not evaluated');
  }
  override toString(): string {
    return `specifiedwindowframe(${this.frameType}, ${boundaryString(this.lower)}, ${boundaryString(this.upper)})`;
  }
  override get sql(): string {
    const b = (x: FrameBoundary) =>
      x === 'unboundedpreceding'
        ? 'UNBOUNDED PRECEDING'
        : x === 'unboundedfollowing'
          ? 'UNBOUNDED FOLLOWING'
          : x === 'currentrow'
            ? 'CURRENT ROW'
            : x < 0
              ? `${-x} PRECEDING`
              : `${x} FOLLOWING`;
    return `${this.frameType === 'RowFrame' ? 'ROWS' : 'RANGE'} BETWEEN ${b(this.lower)} AND ${b(this.upper)}`;
  }
}

/** The frame used when none is given: with ORDER BY, RANGE up to the current row; without, the whole partition. */
export function defaultFrame(hasOrder: boolean): SpecifiedWindowFrame {
  return hasOrder
    ? new SpecifiedWindowFrame('RangeFrame', 'unboundedpreceding', 'currentrow')
    : new SpecifiedWindowFrame('RowFrame', 'unboundedpreceding', 'unboundedfollowing');
}

/** PARTITION BY, ORDER BY and the frame; children are the partition expressions, the orders, then the frame. */
export class WindowSpecDefinition extends Expression {
  readonly children: readonly Expression[];
  readonly numPartition: number;
  constructor(partitionSpec: readonly Expression[], orderSpec: readonly SortOrder[], frame?: SpecifiedWindowFrame) {
    super();
    this.numPartition = partitionSpec.length;
    this.children = [...partitionSpec, ...orderSpec, frame ?? defaultFrame(orderSpec.length > 0)];
  }
  get partitionSpec(): readonly Expression[] {
    return this.children.slice(0, this.numPartition);
  }
  get orderSpec(): readonly SortOrder[] {
    return this.children.slice(this.numPartition, -1) as SortOrder[];
  }
  get frame(): SpecifiedWindowFrame {
    return this.children[this.children.length - 1] as SpecifiedWindowFrame;
  }
  get dataType(): DataType {
    throw new Error('a window specification has no type');
  }
  override get resolved(): boolean {
    return this.partitionSpec.every((e) => e.resolved) && this.orderSpec.every((e) => e.resolved);
  }
  eval(): unknown {
    throw new Error('a window specification is not evaluated');
  }
  override toString(): string {
    return `windowspecdefinition(${this.children.join(', ')})`;
  }
  override get sql(): string {
    const parts: string[] = [];
    if (this.partitionSpec.length) parts.push(`PARTITION BY ${this.partitionSpec.map((e) => e.sql).join(', ')}`);
    if (this.orderSpec.length) parts.push(`ORDER BY ${this.orderSpec.map((e) => e.sql).join(', ')}`);
    parts.push(this.frame.sql);
    return `(${parts.join(' ')})`;
  }
}

/** `fn OVER spec`. */
export class WindowExpression extends Expression {
  readonly children: readonly Expression[];
  constructor(windowFunction: Expression, spec: WindowSpecDefinition) {
    super();
    this.children = [windowFunction, spec];
  }
  get windowFunction(): Expression {
    return this.children[0];
  }
  get windowSpec(): WindowSpecDefinition {
    return this.children[1] as WindowSpecDefinition;
  }
  get dataType(): DataType {
    return this.windowFunction.dataType;
  }
  override get nullable(): boolean {
    return this.windowFunction.nullable;
  }
  eval(): unknown {
    throw new Error('a window expression is evaluated by the Window operator');
  }
  override toString(): string {
    return `${this.windowFunction} ${this.windowSpec}`;
  }
  override get sql(): string {
    return `${this.windowFunction.sql} OVER ${this.windowSpec.sql}`;
  }
}

/**
 * Ranking functions, computed by the Window operator from row positions and
 * order-key changes. `rank` and `dense_rank` take the window's order
 * expressions as children (Spark's ResolveWindowOrder), so plans print `rank(amount#3)`.
 */
export class RankLike extends Expression {
  constructor(
    readonly fn: 'row_number' | 'rank' | 'dense_rank',
    readonly children: readonly Expression[] = [],
  ) {
    super();
  }
  get dataType(): DataType {
    return IntegerType;
  }
  override get nullable(): boolean {
    return false;
  }
  override get prettyName(): string {
    return this.fn;
  }
  override get deterministic(): boolean {
    return true;
  }
  eval(_input: InternalRow): unknown {
    throw new Error(`${this.fn} is evaluated by the Window operator`);
  }
  override toString(): string {
    return `${this.fn}(${this.children.join(', ')})`;
  }
  override get sql(): string {
    return `${this.fn}()`;
  }
}

/** `lag(x, offset, default)` / `lead(…)`. */
export class OffsetWindow extends Expression {
  readonly children: readonly Expression[];
  constructor(
    input: Expression,
    readonly offset: number,
    defaultValue: Expression,
    readonly fn: 'lag' | 'lead',
  ) {
    super();
    this.children = [input, defaultValue];
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
  eval(): unknown {
    throw new Error(`${this.fn} is evaluated by the Window operator`);
  }
  override toString(): string {
    return `${this.fn}(${this.children[0]}, ${this.fn === 'lag' ? -this.offset : this.offset}, ${this.children[1]})`;
  }
}
