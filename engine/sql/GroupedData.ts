/** pyspark.sql.GroupedData: what `groupBy` returns; `agg`, `count`, `sum`… make the Aggregate. */
import { Column, toColumn } from './Column';
import type { Expression } from './catalyst/expressions/Expression';
import { Aggregate } from './catalyst/plans/logical/basicLogicalOperators';
import { Alias } from './catalyst/expressions/namedExpressions';
import {
  UnresolvedAlias,
  UnresolvedAttribute,
  UnresolvedFunction,
  UnresolvedStar,
} from './catalyst/analysis/unresolved';
import { Literal } from './catalyst/expressions/literals';
import { DataFrame } from './DataFrame';

export class GroupedData {
  constructor(
    readonly df: DataFrame,
    readonly groupingExprs: readonly Expression[],
  ) {}

  #toDF(aggExprs: Expression[]): DataFrame {
    // Spark keeps the grouping columns first (spark.sql.retainGroupColumns).
    const named = (e: Expression) => (e instanceof Alias ? e : new UnresolvedAlias(e));
    const grouping = this.groupingExprs.map((g) => (g instanceof UnresolvedAttribute ? g : named(g)));
    return new DataFrame(
      this.df.sparkSession,
      new Aggregate(this.groupingExprs, [...grouping, ...aggExprs.map(named)], this.df.logicalPlan),
    );
  }

  /**
   * `agg(F.sum('x'), F.max('y').alias('top'))`, or PySpark's dict form `agg({ x: 'sum' })`.
   *
   * @example
   * df.groupBy('dept').agg(F.avg('salary').alias('avg_salary'));
   */
  agg(...exprs: (Column | Record<string, string>)[]): DataFrame {
    const list: Expression[] = [];
    for (const e of exprs) {
      if (e instanceof Column) list.push(e.expr);
      else
        for (const [col, fn] of Object.entries(e))
          list.push(
            new UnresolvedFunction(fn === 'mean' ? 'avg' : fn, [
              col === '*' ? new UnresolvedStar() : toColumn(col).expr,
            ]),
          );
    }
    return this.#toDF(list);
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.#toDF([new Alias(new UnresolvedFunction('count', [Literal.create(1)]), 'count')]);
  }

  #numeric(fn: string, cols: string[]): DataFrame {
    return this.#toDF(cols.map((c) => new UnresolvedFunction(fn, [toColumn(c).expr])));
  }

  sum(...cols: string[]): DataFrame {
    return this.#numeric('sum', cols);
  }
  avg(...cols: string[]): DataFrame {
    return this.#numeric('avg', cols);
  }
  mean(...cols: string[]): DataFrame {
    return this.#numeric('avg', cols);
  }
  min(...cols: string[]): DataFrame {
    return this.#numeric('min', cols);
  }
  max(...cols: string[]): DataFrame {
    return this.#numeric('max', cols);
  }
}
