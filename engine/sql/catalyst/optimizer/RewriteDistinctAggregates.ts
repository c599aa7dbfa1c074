/**
 * Spark's RewriteDistinctAggregates: an aggregate with distinct aggregates over more than one set of columns
 * (`count(DISTINCT a), count(DISTINCT b)`) cannot be planned as one aggregation grouped by the distinct columns
 * (AggUtils.planAggregateWithOneDistinct takes one set). It becomes two aggregates over an Expand: the Expand gives
 * every input row once per aggregation group (the regular aggregates' group, gid 0, and one per set of distinct
 * columns, gid 1, 2…), nulling the columns the other groups read; the first aggregate groups by the keys, every
 * distinct column and gid, which de-duplicates each distinct group's values and computes the regular aggregates
 * in gid 0's rows; the second groups by the keys and computes each distinct aggregate over its own gid's rows
 * (`count(a) FILTER (WHERE (gid = 1))`) and takes the regular results from gid 0's (`first(sum(v)) ignore nulls
 * FILTER (WHERE (gid = 0))`, count's under `coalesce(…, 0)` for groups with no such row).
 *
 * Spark numbers the distinct groups in the order of a Scala HashMap keyed by their columns (an order that follows
 * the hash of the columns' expression ids); Kindling numbers them in order of first appearance. Aggregate FILTER
 * clauses written by a program are not parsed yet, so Spark's filter handling (its `max(cond)` columns) has no
 * counterpart here.
 */
import type { Rule } from './Rule';
import { Aggregate, Expand } from '../plans/logical/basicLogicalOperators';
import type { Expression } from '../expressions/Expression';
import { Alias, AttributeReference, isNamed, type NamedExpression } from '../expressions/namedExpressions';
import { AggregateExpression, type AggregateFunction } from '../expressions/aggregate/interfaces';
import { FirstLast } from '../expressions/aggregate/functions';
import { Literal } from '../expressions/literals';
import { EqualTo } from '../expressions/predicates';
import { Coalesce } from '../expressions/conditionalExpressions';
import { IntegerType } from '../../types';

/** Spark's `nullify`: a null of the expression's type. */
const nullify = (e: Expression) => new Literal(null, e.dataType);

/** Spark's `expressionAttributePair`: a new nullable column named after the expression's SQL. */
const columnFor = (e: Expression) => new AttributeReference(e.sql, e.dataType, true);

/** The expressions once each, semantically, in order of first appearance. */
function distinctExprs(exprs: readonly Expression[]): Expression[] {
  const out: Expression[] = [];
  for (const e of exprs) if (!out.some((o) => o.semanticEquals(e))) out.push(e);
  return out;
}

/** The function with each child `lookup` gives a column for replaced by it, and buffers of its own. */
function patchChildren(fn: AggregateFunction, lookup: (e: Expression) => Expression | undefined): AggregateFunction {
  const children = fn.children.map((c) => lookup(c) ?? c);
  if (children.every((c, i) => c === fn.children[i])) return fn;
  return fn.copyWith({ children, bufferAttrs: undefined } as Partial<Expression>) as AggregateFunction;
}

/** The columns of a distinct aggregate its group is known by: its unfoldable inputs, or its first input. */
function groupColumns(e: AggregateExpression): Expression[] {
  const unfoldable = e.aggregateFunction.children.filter((c) => !c.foldable);
  return distinctExprs(unfoldable.length ? unfoldable : e.aggregateFunction.children.slice(0, 1));
}

const sameSet = (a: readonly Expression[], b: readonly Expression[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.semanticEquals(x)));

/** Spark's mayNeedtoRewrite and mustRewrite (without FILTER clauses): two distinct sets, or `count(DISTINCT 1)` ungrouped. */
function needsRewrite(a: Aggregate, groups: readonly { columns: Expression[] }[]): boolean {
  if (groups.length > 1) return true;
  return a.groupingExpressions.length === 0 && groups.some((g) => g.columns.every((c) => c.foldable));
}

function rewrite(a: Aggregate): Aggregate | undefined {
  const aggExpressions = a.aggregateExpressions.flatMap((e) =>
    e.collect((x) => (x instanceof AggregateExpression ? x : undefined)),
  );
  const groups: { columns: Expression[]; expressions: AggregateExpression[] }[] = [];
  for (const e of aggExpressions.filter((x) => x.isDistinct)) {
    const columns = groupColumns(e);
    const group = groups.find((g) => sameSet(g.columns, columns));
    if (group) group.expressions.push(e);
    else groups.push({ columns, expressions: [e] });
  }
  if (!needsRewrite(a, groups)) return undefined;

  const gid = new AttributeReference('gid', IntegerType, false);
  const groupByMap = a.groupingExpressions.map((g): [Expression, AttributeReference] => [
    g,
    isNamed(g) ? g.toAttribute() : new AttributeReference(g.sql, g.dataType, g.nullable),
  ]);
  const groupByAttrs = groupByMap.map(([, attr]) => attr);

  // Every distinct group's columns once, each with a column of the Expand's output.
  const distinctChildren = distinctExprs(groups.flatMap((g) => g.columns));
  const distinctChildAttrs = distinctChildren.map(columnFor);
  const distinctLookup = (x: Expression) => {
    const i = distinctChildren.findIndex((c) => !c.foldable && c.semanticEquals(x));
    return i < 0 ? undefined : distinctChildAttrs[i];
  };
  // Each distinct aggregate as a plain one over its group's rows.
  const transformations = new Map<Expression, Expression>();
  const distinctProjections = groups.map((g, i) => {
    const id = new Literal(i + 1, IntegerType);
    for (const e of g.expressions) {
      const fn = e.aggregateFunction;
      const patched = fn.children.every((c) => c.foldable) ? fn : patchChildren(fn, distinctLookup);
      transformations.set(e, new AggregateExpression(patched, e.mode, false, e.resultId, new EqualTo(gid, id)));
    }
    return [...distinctChildren.map((c) => (g.columns.some((x) => x.semanticEquals(c)) ? c : nullify(c))), id];
  });

  // The regular aggregates run in the first aggregate, over gid 0's rows; the second takes their results.
  const regular = aggExpressions.filter((e) => !e.isDistinct);
  const regularChildren = distinctExprs(
    regular.flatMap((e) => e.aggregateFunction.children.filter((c) => !c.foldable)),
  );
  const regularChildAttrs = regularChildren.map(columnFor);
  const regularLookup = (x: Expression) => {
    const i = regularChildren.findIndex((c) => c.semanticEquals(x));
    return i < 0 ? undefined : regularChildAttrs[i];
  };
  const regularGroupId = new Literal(0, IntegerType);
  const regularOperators = regular.map((e) => {
    const fn = patchChildren(e.aggregateFunction, regularLookup);
    const operator = new Alias(new AggregateExpression(fn, e.mode, false, e.resultId), e.sql);
    const first = new FirstLast([operator.toAttribute()], 'first', true);
    const result = new AggregateExpression(first, 'Complete', false, undefined, new EqualTo(gid, regularGroupId));
    const fallback = fn.defaultResult;
    transformations.set(e, fallback ? new Coalesce([result, fallback]) : result);
    return operator;
  });

  const regularProjection = regular.length
    ? [[...a.groupingExpressions, ...distinctChildren.map(nullify), regularGroupId, ...regularChildren]]
    : [];
  const regularNulls = regularChildren.map(nullify);
  const expand = new Expand(
    [...regularProjection, ...distinctProjections.map((p) => [...a.groupingExpressions, ...p, ...regularNulls])],
    [...groupByAttrs, ...distinctChildAttrs, gid, ...regularChildAttrs],
    a.child,
  );
  const firstGroupBy = [...groupByAttrs, ...distinctChildAttrs, gid];
  const firstAggregate = new Aggregate(firstGroupBy, [...firstGroupBy, ...regularOperators], expand);

  const patched = a.aggregateExpressions.map((e) =>
    e.transformDown((x) => groupByMap.find(([g]) => x.semanticEquals(g))?.[1] ?? transformations.get(x)),
  ) as NamedExpression[];
  return new Aggregate(groupByAttrs, patched, firstAggregate);
}

export const RewriteDistinctAggregates: Rule = {
  ruleName: 'RewriteDistinctAggregates',
  apply: (plan) => plan.transformUp((p) => (p instanceof Aggregate ? rewrite(p) : undefined)),
};
