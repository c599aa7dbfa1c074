/** pyspark.sql.Window and WindowSpec: `Window.partitionBy('dept').orderBy(F.desc('salary'))`. */
import { Column, toColumn, type ColumnOrName } from './Column';
import { SortOrder } from './catalyst/expressions/ordering';
import {
  SpecifiedWindowFrame,
  WindowSpecDefinition,
  type FrameBoundary,
} from './catalyst/expressions/windowExpressions';

function sortOrders(cols: ColumnOrName[]): SortOrder[] {
  return flat(cols).map((c) => {
    const e = toColumn(c).expr;
    return e instanceof SortOrder ? e : new SortOrder(e);
  });
}

function flat(cols: (ColumnOrName | ColumnOrName[])[]): ColumnOrName[] {
  return cols.flatMap((c) => (Array.isArray(c) ? c : [c]));
}

function boundary(v: number, lower: boolean): FrameBoundary {
  if (v <= Window.unboundedPreceding) return 'unboundedpreceding';
  if (v >= Window.unboundedFollowing) return 'unboundedfollowing';
  if (v === 0) return 'currentrow';
  void lower;
  return v;
}

export class WindowSpec {
  constructor(
    readonly partitionCols: readonly Column[] = [],
    readonly orderCols: readonly SortOrder[] = [],
    readonly frame?: SpecifiedWindowFrame,
  ) {}
  partitionBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(flat(cols).map(toColumn), this.orderCols, this.frame);
  }
  orderBy(...cols: (ColumnOrName | ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(this.partitionCols, sortOrders(flat(cols)), this.frame);
  }
  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(
      this.partitionCols,
      this.orderCols,
      new SpecifiedWindowFrame('RowFrame', boundary(start, true), boundary(end, false)),
    );
  }
  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(
      this.partitionCols,
      this.orderCols,
      new SpecifiedWindowFrame('RangeFrame', boundary(start, true), boundary(end, false)),
    );
  }
  /** @internal */
  toDefinition(): WindowSpecDefinition {
    return new WindowSpecDefinition(
      this.partitionCols.map((c) => c.expr),
      this.orderCols,
      this.frame,
    );
  }
}

/**
 * @example
 * const w = Window.partitionBy('dept').orderBy(F.col('salary').desc());
 * df.withColumn('rank', F.rank().over(w));
 */
export const Window = {
  /** Java's Long.MinValue, as PySpark's Window.unboundedPreceding (exact in a double). */
  unboundedPreceding: -(2 ** 63),
  /** Java's Long.MaxValue, 2^63 - 1, which a double holds as 2^63. */
  unboundedFollowing: 2 ** 63,
  currentRow: 0,
  partitionBy: (...cols: (ColumnOrName | ColumnOrName[])[]) => new WindowSpec().partitionBy(...cols),
  orderBy: (...cols: (ColumnOrName | ColumnOrName[])[]) => new WindowSpec().orderBy(...cols),
  rowsBetween: (start: number, end: number) => new WindowSpec().rowsBetween(start, end),
  rangeBetween: (start: number, end: number) => new WindowSpec().rangeBetween(start, end),
};
