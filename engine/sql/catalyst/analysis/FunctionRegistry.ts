/**
 * Spark's FunctionRegistry: built-in functions by name, each a builder from
 * its (resolved) arguments to an expression. Aggregates come back wrapped
 * in AggregateExpression. Names are case-insensitive, as in Spark.
 */
import type { Expression } from '../expressions/Expression';
import { AggregateExpression, type AggregateFunction } from '../expressions/aggregate/interfaces';
import { Average, Collect, Count, FirstLast, MinMax, Sum } from '../expressions/aggregate/functions';
import { Pmod, Round, UnaryMath } from '../expressions/arithmetic';
import {
  Concat,
  ConcatWs,
  Length,
  StringPredicate,
  StringSplit,
  StringUnary,
  Substring,
} from '../expressions/stringExpressions';
import { CaseWhen, Coalesce } from '../expressions/conditionalExpressions';
import { IsNotNull, IsNull } from '../expressions/predicates';
import { Literal } from '../expressions/literals';
import { OffsetWindow, RankLike } from '../expressions/windowExpressions';
import { Cast } from '../expressions/Cast';
import { AnalysisException, toSQLId } from '../../errors';
import { DateType, IntegerType, StringType } from '../../types';
import { DatePart } from '../expressions/datetimeExpressions';

type Builder = (args: Expression[], isDistinct: boolean, ignoreNulls: boolean) => Expression;

const agg =
  (make: (args: Expression[], ignoreNulls: boolean) => AggregateFunction): Builder =>
  (args, isDistinct, ignoreNulls) =>
    new AggregateExpression(make(args, ignoreNulls), 'Complete', isDistinct);

function literalInt(e: Expression | undefined, fallback: number): number {
  if (e === undefined) return fallback;
  if (e instanceof Literal && typeof e.value === 'number') return e.value;
  throw new Error(`expected a literal number, got ${e}`);
}

const BUILTINS: Record<string, [min: number, max: number, Builder]> = {
  count: [1, 99, agg((a) => new Count(a))],
  sum: [1, 1, agg((a) => new Sum(a))],
  avg: [1, 1, agg((a) => new Average(a))],
  mean: [1, 1, agg((a) => new Average(a))],
  min: [1, 1, agg((a) => new MinMax(a, 'min'))],
  max: [1, 1, agg((a) => new MinMax(a, 'max'))],
  first: [1, 2, agg((a, ig) => new FirstLast([a[0]], 'first', ig || (a[1] instanceof Literal && a[1].value === true)))],
  last: [1, 2, agg((a, ig) => new FirstLast([a[0]], 'last', ig || (a[1] instanceof Literal && a[1].value === true)))],
  any_value: [1, 1, agg((a) => new FirstLast(a, 'first', false))],
  collect_list: [1, 1, agg((a) => new Collect(a, 'collect_list'))],
  collect_set: [1, 1, agg((a) => new Collect(a, 'collect_set'))],
  upper: [1, 1, (a) => new StringUnary(a[0], 'upper')],
  ucase: [1, 1, (a) => new StringUnary(a[0], 'upper')],
  lower: [1, 1, (a) => new StringUnary(a[0], 'lower')],
  lcase: [1, 1, (a) => new StringUnary(a[0], 'lower')],
  trim: [1, 1, (a) => new StringUnary(a[0], 'trim')],
  ltrim: [1, 1, (a) => new StringUnary(a[0], 'ltrim')],
  rtrim: [1, 1, (a) => new StringUnary(a[0], 'rtrim')],
  initcap: [1, 1, (a) => new StringUnary(a[0], 'initcap')],
  reverse: [1, 1, (a) => new StringUnary(a[0], 'reverse')],
  length: [1, 1, (a) => new Length(a[0])],
  char_length: [1, 1, (a) => new Length(a[0])],
  concat: [0, 99, (a) => new Concat(a)],
  concat_ws: [1, 99, (a) => new ConcatWs(a)],
  substring: [2, 3, (a) => new Substring(a[0], a[1], a[2] ?? Literal.create(2147483647))],
  substr: [2, 3, (a) => new Substring(a[0], a[1], a[2] ?? Literal.create(2147483647))],
  split: [2, 2, (a) => new StringSplit(a[0], a[1])],
  rlike: [2, 2, (a) => new StringPredicate(a[0], a[1], 'rlike')],
  startswith: [2, 2, (a) => new StringPredicate(a[0], a[1], 'startswith')],
  endswith: [2, 2, (a) => new StringPredicate(a[0], a[1], 'endswith')],
  contains: [2, 2, (a) => new StringPredicate(a[0], a[1], 'contains')],
  coalesce: [1, 99, (a) => new Coalesce(a)],
  nvl: [2, 2, (a) => new Coalesce(a)],
  ifnull: [2, 2, (a) => new Coalesce(a)],
  if: [3, 3, (a) => new CaseWhen([[a[0], a[1]]], a[2])],
  isnull: [1, 1, (a) => new IsNull(a[0])],
  isnotnull: [1, 1, (a) => new IsNotNull(a[0])],
  abs: [1, 1, (a) => new UnaryMath(a[0], 'abs')],
  sqrt: [1, 1, (a) => new UnaryMath(a[0], 'sqrt')],
  exp: [1, 1, (a) => new UnaryMath(a[0], 'exp')],
  ln: [1, 1, (a) => new UnaryMath(a[0], 'log')],
  log10: [1, 1, (a) => new UnaryMath(a[0], 'log10')],
  ceil: [1, 1, (a) => new UnaryMath(a[0], 'ceil')],
  ceiling: [1, 1, (a) => new UnaryMath(a[0], 'ceil')],
  floor: [1, 1, (a) => new UnaryMath(a[0], 'floor')],
  signum: [1, 1, (a) => new UnaryMath(a[0], 'signum')],
  round: [1, 2, (a) => new Round(a[0], literalInt(a[1], 0))],
  pmod: [2, 2, (a) => new Pmod(a[0], a[1])],
  row_number: [0, 0, () => new RankLike('row_number')],
  rank: [0, 0, () => new RankLike('rank')],
  dense_rank: [0, 0, () => new RankLike('dense_rank')],
  lag: [1, 3, (a) => new OffsetWindow(a[0], literalInt(a[1], 1), a[2] ?? Literal.create(null), 'lag')],
  lead: [1, 3, (a) => new OffsetWindow(a[0], literalInt(a[1], 1), a[2] ?? Literal.create(null), 'lead')],
  string: [1, 1, (a) => new Cast(a[0], StringType, true)],
  int: [1, 1, (a) => new Cast(a[0], IntegerType, true)],
  to_date: [1, 1, (a) => new Cast(a[0], DateType, true)],
  year: [1, 1, (a) => new DatePart(a[0], 'year')],
  month: [1, 1, (a) => new DatePart(a[0], 'month')],
  dayofmonth: [1, 1, (a) => new DatePart(a[0], 'dayofmonth')],
  day: [1, 1, (a) => new DatePart(a[0], 'dayofmonth')],
  dayofweek: [1, 1, (a) => new DatePart(a[0], 'dayofweek')],
  hour: [1, 1, (a) => new DatePart(a[0], 'hour')],
};

/** The search path Spark 4 names when a function is not found. */
const SEARCH_PATH = '[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]';

export function functionExists(name: string): boolean {
  return name.toLowerCase() in BUILTINS;
}

/** Every built-in function name, for completion and suggestions. */
export function functionNames(): string[] {
  return Object.keys(BUILTINS);
}

/**
 * The expression for a call of `name` with `args`.
 *
 * @example
 * lookupFunction('upper', [col]).toString(); // 'upper(name#1)'
 */
export function lookupFunction(name: string, args: Expression[], isDistinct = false, ignoreNulls = false): Expression {
  const entry = BUILTINS[name.toLowerCase()];
  if (!entry)
    throw new AnalysisException('UNRESOLVED_ROUTINE', { routineName: toSQLId(name), searchPath: SEARCH_PATH });
  const [min, max, build] = entry;
  if (args.length < min || args.length > max) {
    const expected =
      min === max
        ? String(min)
        : max === 99
          ? `> ${min - 1}`
          : `[${Array.from({ length: max - min + 1 }, (_, i) => min + i).join(', ')}]`;
    throw new AnalysisException('WRONG_NUM_ARGS.WITHOUT_SUGGESTION', {
      functionName: toSQLId(name.toLowerCase()),
      expectedNum: expected,
      actualNum: String(args.length),
      docroot: 'https://spark.apache.org/docs/latest',
    });
  }
  return build(args, isDistinct, ignoreNulls);
}
