/**
 * Spark's RewritePredicateSubquery (optimizer/subquery.scala), with the PullupCorrelatedPredicates it relies on:
 * a Filter's `EXISTS (…)` and `x IN (…)` conjuncts become left semi joins with the subquery, `NOT EXISTS` a left
 * anti join, and `NOT IN` a null-aware anti join whose condition is `(x = y) OR isnull((x = y))` for each column, so
 * a null on either side keeps the outer row out, as SQL's three-valued NOT IN does. A correlated subquery's
 * predicates on outer columns are pulled out of its filters into the join's condition, and the columns of the
 * subquery they read are added to the projections above them. Each subquery is optimized on its own first (Spark's
 * OptimizeSubqueries). The rule runs in Spark's "RewriteSubquery" batch, after the operator optimizations and
 * InferFiltersFromConstraints, so the joins it makes get no inferred `isnotnull` filters; the same batch then pushes
 * predicates through the new joins, prunes columns and collapses projections.
 */
import type { Rule } from './Rule';
import { Distinct, Filter, Join, Project, Sort, SubqueryAlias } from '../plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { Expression } from '../expressions/Expression';
import { AttributeReference } from '../expressions/namedExpressions';
import { EqualTo, IsNotNull, IsNull, Not, Or } from '../expressions/predicates';
import { Exists, InSubquery, OuterReference, ScalarSubquery } from '../expressions/subquery';
import { Alias } from '../expressions/namedExpressions';
import { Literal } from '../expressions/literals';
import { GlobalLimit, LocalLimit } from '../plans/logical/basicLogicalOperators';
import { conjoin, splitConjunctivePredicates } from './predicates';
import { UnsupportedSqlError } from '../../errors';
import { withOriginOf } from '../trees/CurrentOrigin';
import type { SQLConf } from '../../internal/SQLConf';
import { coerceComparison } from '../analysis/TypeCoercion';

const hasOuter = (e: Expression) => e.exists((x) => x instanceof OuterReference);
const stripOuter = (e: Expression) => e.transformUp((x) => (x instanceof OuterReference ? x.attribute : undefined));

/**
 * PullupCorrelatedPredicates: the subquery without its predicates on outer columns, and those predicates with the
 * outer columns as plain attributes. Filters give them up; projections, aliases, sorts and DISTINCT above them keep
 * the subquery's columns the predicates read.
 */
export function pullOutCorrelatedPredicates(plan: LogicalPlan): { plan: LogicalPlan; predicates: Expression[] } {
  const predicates: Expression[] = [];
  const pulled = plan.transformUp((node) => {
    if (node instanceof Filter) {
      const [correlated, local] = partition(splitConjunctivePredicates(node.condition), hasOuter);
      if (correlated.length === 0) return undefined;
      predicates.push(...correlated.map(stripOuter));
      const rest = conjoin(local);
      return rest ? new Filter(rest, node.child) : node.child;
    }
    if (predicates.length === 0) return undefined;
    if (node instanceof Project) {
      const inner = new Set(node.child.output.map((a) => a.exprId));
      const missing: AttributeReference[] = [];
      for (const p of predicates)
        for (const r of p.references)
          if (
            inner.has(r.exprId) &&
            !node.output.some((o) => o.exprId === r.exprId) &&
            !missing.some((m) => m.exprId === r.exprId)
          )
            missing.push(r as AttributeReference);
      return missing.length ? new Project([...node.projectList, ...missing], node.child) : undefined;
    }
    if (node instanceof SubqueryAlias || node instanceof Sort || node instanceof Distinct) return undefined;
    throw new UnsupportedSqlError(
      `Kindling does not run correlated subqueries whose outer references sit below ${node.nodeName.replace(/Exec$/, '')} yet.`,
    );
  });
  if (pulled.exists((n) => n.expressions.some(hasOuter)))
    throw new UnsupportedSqlError('Kindling runs correlated subqueries only with outer references in their WHERE.');
  return { plan: pulled, predicates };
}

function partition<T>(xs: readonly T[], p: (x: T) => boolean): [T[], T[]] {
  return [xs.filter(p), xs.filter((x) => !p(x))];
}

/** EXISTS, NOT EXISTS, IN and NOT IN as one top-level conjunct of a filter: what this rule turns into a join. */
function isPredicateSubquery(e: Expression): boolean {
  const inner = e instanceof Not ? e.child : e;
  return (inner instanceof Exists && inner.isCorrelated) || inner instanceof InSubquery;
}

let optimizeSubquery: (plan: LogicalPlan, conf: SQLConf) => LogicalPlan = (p) => p;

/** The optimizer a subquery's plan goes through first (set by Optimizer.ts, which lists this rule). */
export function setSubqueryOptimizer(f: (plan: LogicalPlan, conf: SQLConf) => LogicalPlan): void {
  optimizeSubquery = f;
}

function rewrite(filter: Filter, conf: SQLConf): LogicalPlan | undefined {
  const conjuncts = splitConjunctivePredicates(filter.condition);
  const [withSubquery, without] = partition(conjuncts, isPredicateSubquery);
  if (withSubquery.length === 0) return undefined;
  const rest = conjoin(without);
  let p: LogicalPlan = rest ? new Filter(rest, filter.child) : filter.child;
  for (const predicate of withSubquery) {
    const negated = predicate instanceof Not;
    const e = negated ? (predicate as Not).child : predicate;
    const query = e instanceof InSubquery ? e.query : (e as Exists);
    const { plan: sub, predicates } = pullOutCorrelatedPredicates(query.plan);
    const right = optimizeSubquery(sub, conf);
    const outer = p;
    if (e instanceof InSubquery) {
      const [l, r] = coerceComparison(e.value, right.output[0]);
      const equal = new EqualTo(l, r);
      // A NULL in a NOT IN condition counts as a match, and the anti join drops the row.
      const cond = negated
        ? conjoin([new Or(equal, new IsNull(equal)), ...predicates])!
        : conjoin([equal, ...predicates]);
      const join = new Join(outer, right, negated ? 'LeftAnti' : 'LeftSemi', cond);
      p = negated ? join : new Project(outer.output, join);
    } else {
      p = new Project(outer.output, new Join(outer, right, negated ? 'LeftAnti' : 'LeftSemi', conjoin(predicates)));
    }
  }
  return p;
}

/**
 * RewriteNonCorrelatedExists (Spark's "Finish Analysis"): an EXISTS that reads nothing of the outer query is whether
 * one row of it exists, a scalar subquery `isnotnull((SELECT 1 AS col FROM … LIMIT 1))` run once.
 */
export const RewriteNonCorrelatedExists: Rule = {
  ruleName: 'RewriteNonCorrelatedExists',
  apply: (plan) =>
    plan.transformAllExpressions((e) => {
      if (!(e instanceof Exists) || e.isCorrelated) return undefined;
      const one = new Project([new Alias(Literal.create(1), 'col')], e.plan);
      return new IsNotNull(new ScalarSubquery(new GlobalLimit(1, new LocalLimit(1, one)), [], e.exprId));
    }),
};

/** OptimizeSubqueries: a scalar subquery's plan optimized as a query of its own; correlated ones are refused. */
export const OptimizeSubqueries: Rule = {
  ruleName: 'OptimizeSubqueries',
  apply: (plan, conf) =>
    plan.transformAllExpressions((e) => {
      if (!(e instanceof ScalarSubquery)) return undefined;
      if (e.isCorrelated)
        throw new UnsupportedSqlError(
          'Kindling does not run correlated scalar subqueries yet (Spark rewrites them into a left outer join with an aggregate).',
        );
      return e.withNewPlan(optimizeSubquery(e.plan, conf));
    }),
};

export const RewritePredicateSubquery: Rule = {
  ruleName: 'RewritePredicateSubquery',
  apply: (plan, conf) =>
    plan.transformUp((node) => {
      if (!(node instanceof Filter)) return undefined;
      const rewritten = withOriginOf(node, () => rewrite(node, conf));
      if (rewritten) return rewritten;
      if (node.condition.exists((x) => x instanceof InSubquery || x instanceof Exists))
        throw new UnsupportedSqlError(
          'Kindling runs EXISTS and IN subqueries only as conditions ANDed in a WHERE (Spark would use an ExistenceJoin).',
        );
      return undefined;
    }),
};
