/**
 * pyspark.sql.functions, in scope as `F`. Functions build unresolved calls
 * by Spark's SQL names; the analyzer resolves them through the same
 * FunctionRegistry SQL text uses, so `F.sum('x')` and `sum(x)` are one thing.
 */
import { Column, toColumn, toExpr, type ColumnOrName } from './Column';
import { UnresolvedFunction } from './catalyst/analysis/unresolved';
import { Literal } from './catalyst/expressions/literals';
import { CaseWhen } from './catalyst/expressions/conditionalExpressions';
import { SortOrder } from './catalyst/expressions/ordering';
import { parseExpression } from './catalyst/parser/ParseDriver';
import type { DataFrame } from './DataFrame';

const call = (name: string, ...cols: ColumnOrName[]) =>
  new Column(
    new UnresolvedFunction(
      name,
      cols.map((c) => toColumn(c).expr),
    ),
  );
const callExprs = (name: string, args: unknown[], distinct = false) =>
  new Column(
    new UnresolvedFunction(
      name,
      args.map((a) => (typeof a === 'string' ? toColumn(a).expr : toExpr(a))),
      distinct,
    ),
  );

/**
 * @example
 * df.groupBy('dept').agg(F.sum('salary').alias('total'), F.countDistinct('name'));
 */
export const F = {
  col: (name: string) => toColumn(name),
  column: (name: string) => toColumn(name),
  /** A literal column (`lit(5)`, `lit('a')`); a Column passes through. */
  lit: (v: unknown) => (v instanceof Column ? v : new Column(Literal.create(v))),
  /** A column from SQL text: `F.expr("amount * 2")`. */
  expr: (sql: string) => new Column(parseExpression(sql)),
  when: (condition: Column, value: unknown) => new Column(new CaseWhen([[condition.expr, toExpr(value)]])),
  asc: (c: ColumnOrName) => new Column(new SortOrder(toColumn(c).expr, 'ASC')),
  desc: (c: ColumnOrName) => new Column(new SortOrder(toColumn(c).expr, 'DESC')),
  /** Marks a DataFrame small enough to broadcast to every executor (a broadcast hash join, no shuffle of the other side). */
  broadcast: (df: DataFrame) => df.hint('broadcast'),

  count: (c: ColumnOrName) => call('count', c),
  countDistinct: (c: ColumnOrName, ...more: ColumnOrName[]) => callExprs('count', [c, ...more], true),
  count_distinct: (c: ColumnOrName, ...more: ColumnOrName[]) => callExprs('count', [c, ...more], true),
  sum: (c: ColumnOrName) => call('sum', c),
  sum_distinct: (c: ColumnOrName) => callExprs('sum', [c], true),
  avg: (c: ColumnOrName) => call('avg', c),
  mean: (c: ColumnOrName) => call('mean', c),
  min: (c: ColumnOrName) => call('min', c),
  max: (c: ColumnOrName) => call('max', c),
  first: (c: ColumnOrName, ignorenulls = false) => callExprs('first', [c, ignorenulls]),
  last: (c: ColumnOrName, ignorenulls = false) => callExprs('last', [c, ignorenulls]),
  any_value: (c: ColumnOrName) => call('any_value', c),
  collect_list: (c: ColumnOrName) => call('collect_list', c),
  collect_set: (c: ColumnOrName) => call('collect_set', c),

  upper: (c: ColumnOrName) => call('upper', c),
  lower: (c: ColumnOrName) => call('lower', c),
  trim: (c: ColumnOrName) => call('trim', c),
  ltrim: (c: ColumnOrName) => call('ltrim', c),
  rtrim: (c: ColumnOrName) => call('rtrim', c),
  initcap: (c: ColumnOrName) => call('initcap', c),
  reverse: (c: ColumnOrName) => call('reverse', c),
  length: (c: ColumnOrName) => call('length', c),
  concat: (...cols: ColumnOrName[]) => call('concat', ...cols),
  concat_ws: (sep: string, ...cols: ColumnOrName[]) => callExprs('concat_ws', [F.lit(sep), ...cols.map(toColumn)]),
  substring: (c: ColumnOrName, pos: number, len: number) => callExprs('substring', [toColumn(c), pos, len]),
  split: (c: ColumnOrName, pattern: string) => callExprs('split', [toColumn(c), pattern]),
  coalesce: (...cols: ColumnOrName[]) => call('coalesce', ...cols),
  isnull: (c: ColumnOrName) => call('isnull', c),
  isnotnull: (c: ColumnOrName) => call('isnotnull', c),

  abs: (c: ColumnOrName) => call('abs', c),
  sqrt: (c: ColumnOrName) => call('sqrt', c),
  exp: (c: ColumnOrName) => call('exp', c),
  log: (c: ColumnOrName) => call('ln', c),
  log10: (c: ColumnOrName) => call('log10', c),
  ceil: (c: ColumnOrName) => call('ceil', c),
  floor: (c: ColumnOrName) => call('floor', c),
  round: (c: ColumnOrName, scale = 0) => callExprs('round', [toColumn(c), scale]),
  pmod: (a: ColumnOrName, b: ColumnOrName | number) =>
    callExprs('pmod', [toColumn(a), typeof b === 'number' ? b : toColumn(b)]),

  year: (c: ColumnOrName) => call('year', c),
  month: (c: ColumnOrName) => call('month', c),
  dayofmonth: (c: ColumnOrName) => call('dayofmonth', c),
  dayofweek: (c: ColumnOrName) => call('dayofweek', c),
  hour: (c: ColumnOrName) => call('hour', c),
  to_date: (c: ColumnOrName) => call('to_date', c),

  row_number: () => callExprs('row_number', []),
  rank: () => callExprs('rank', []),
  dense_rank: () => callExprs('dense_rank', []),
  lag: (c: ColumnOrName, offset = 1, defaultValue: unknown = null) =>
    callExprs('lag', [toColumn(c), offset, defaultValue]),
  lead: (c: ColumnOrName, offset = 1, defaultValue: unknown = null) =>
    callExprs('lead', [toColumn(c), offset, defaultValue]),
};

export type Functions = typeof F;
