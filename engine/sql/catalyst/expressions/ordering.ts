/** Spark's SortOrder and the ordering of SQL values (ordering.scala, SortOrder.scala). */
import { UnaryExpression, type Expression, type InternalRow } from './Expression';
import type { DataType } from '../../types';

/**
 * Orders two non-null values of one SQL type: numbers numerically (NaN
 * largest, as Spark orders doubles), strings by UTF-16 code units (Spark
 * compares UTF-8 bytes; the two agree outside surrogate pairs), booleans
 * false < true, dates by time, arrays element by element.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    return an === bn ? 0 : an ? 1 : -1;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const x = a[i];
      const y = b[i];
      if (x === null || y === null) {
        if (x !== y) return x === null ? -1 : 1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'number' || typeof b === 'number') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export type SortDirection = 'ASC' | 'DESC';
export type NullOrdering = 'NULLS FIRST' | 'NULLS LAST';

/** `x#1 ASC NULLS FIRST`: ascending sorts put nulls first by default, descending last. */
export class SortOrder extends UnaryExpression {
  readonly nullOrdering: NullOrdering;
  constructor(
    child: Expression,
    readonly direction: SortDirection = 'ASC',
    nullOrdering?: NullOrdering,
  ) {
    super(child);
    this.nullOrdering = nullOrdering ?? (direction === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
  }
  get dataType(): DataType {
    return this.child.dataType;
  }
  override get foldable(): boolean {
    return false;
  }
  override eval(input: InternalRow): unknown {
    return this.child.eval(input);
  }
  get isAscending(): boolean {
    return this.direction === 'ASC';
  }
  override toString(): string {
    return `${this.child} ${this.direction} ${this.nullOrdering}`;
  }
  override get sql(): string {
    return `${this.child.sql} ${this.direction} ${this.nullOrdering}`;
  }
}

/**
 * A row comparator for bound sort orders (Spark's InterpretedOrdering).
 *
 * @example
 * rowOrdering([new SortOrder(bound0)])([1], [2]); // -1
 */
export function rowOrdering(orders: readonly SortOrder[]): (a: InternalRow, b: InternalRow) => number {
  return (a, b) => {
    for (const o of orders) {
      const x = o.child.eval(a);
      const y = o.child.eval(b);
      let c: number;
      if (x === null || y === null) {
        if (x === y) continue;
        c = x === null ? -1 : 1;
        if (o.nullOrdering === 'NULLS LAST') c = -c;
        return c;
      }
      c = compareValues(x, y);
      if (c !== 0) return o.isAscending ? c : -c;
    }
    return 0;
  };
}
