/**
 * Spark's InferFiltersFromConstraints, for the constraint plans show most:
 * a comparison that can never be true on a null implies `isnotnull(x)` for
 * each nullable column it reads, and an inner join's equality keys imply
 * `isnotnull` filters on both sides (so `Filter isnotnull(k#1)` appears under
 * a sort-merge join). Non-nullable columns need no such filter (PruneFilters).
 */
import type { Rule } from './Rule';
import { Filter, Join } from '../plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { Expression } from '../expressions/Expression';
import { AttributeReference } from '../expressions/namedExpressions';
import { BinaryComparison, EqualNullSafe, In, IsNotNull, IsNull, Not, Or, And } from '../expressions/predicates';
import { BinaryArithmetic } from '../expressions/arithmetic';
import { Cast } from '../expressions/Cast';
import { canEvaluate, conjoin, splitConjunctivePredicates } from './predicates';

/** Attributes that must be non-null for `e` to be true (null-intolerant paths only). */
function notNullAttributes(e: Expression): AttributeReference[] {
  if (e instanceof IsNotNull) return e.child instanceof AttributeReference ? [e.child] : [];
  if (e instanceof EqualNullSafe || e instanceof IsNull || e instanceof Or) return [];
  if (e instanceof Not) return notNullAttributes(e.child);
  if (e instanceof BinaryComparison || e instanceof In) return e.children.flatMap(nullIntolerantAttrs);
  return [];
}

function nullIntolerantAttrs(e: Expression): AttributeReference[] {
  if (e instanceof AttributeReference) return [e];
  if (e instanceof BinaryArithmetic || e instanceof Cast) return e.children.flatMap(nullIntolerantAttrs);
  return [];
}

function inferred(
  conds: readonly Expression[],
  existing: readonly Expression[],
  output: readonly AttributeReference[],
): Expression[] {
  const have = new Set(existing.filter((c) => c instanceof IsNotNull).map((c) => (c as IsNotNull).child.toString()));
  const out: Expression[] = [];
  for (const c of conds)
    for (const a of notNullAttributes(c)) {
      if (!a.nullable || have.has(a.toString()) || !canEvaluate(a, output)) continue;
      have.add(a.toString());
      out.push(new IsNotNull(a));
    }
  return out;
}

function addFilter(plan: LogicalPlan, conds: Expression[]): LogicalPlan {
  if (conds.length === 0) return plan;
  if (plan instanceof Filter) return new Filter(new And(conjoin(conds)!, plan.condition), plan.child);
  return new Filter(conjoin(conds)!, plan);
}

export const InferFiltersFromConstraints: Rule = {
  ruleName: 'InferFiltersFromConstraints',
  apply: (plan) =>
    plan.transformUp((p) => {
      if (p instanceof Filter) {
        const conds = splitConjunctivePredicates(p.condition);
        const extra = inferred(conds, conds, p.child.output);
        return extra.length ? new Filter(new And(conjoin(extra)!, p.condition), p.child) : undefined;
      }
      // Spark's inferJoinConstraints: a side whose unmatched rows the join drops may lose rows with null keys.
      const filtersLeft = ['Inner', 'Cross', 'LeftSemi', 'RightOuter'].includes(p instanceof Join ? p.joinType : '');
      const filtersRight = ['Inner', 'Cross', 'LeftSemi', 'LeftOuter'].includes(p instanceof Join ? p.joinType : '');
      if (p instanceof Join && p.condition && (filtersLeft || filtersRight)) {
        const conds = splitConjunctivePredicates(p.condition);
        const existing = (side: LogicalPlan) =>
          side instanceof Filter ? splitConjunctivePredicates(side.condition) : [];
        const l = filtersLeft ? inferred(conds, existing(p.left), p.left.output) : [];
        const r = filtersRight ? inferred(conds, existing(p.right), p.right.output) : [];
        if (l.length === 0 && r.length === 0) return undefined;
        return new Join(addFilter(p.left, l), addFilter(p.right, r), p.joinType, p.condition, p.hint);
      }
      return undefined;
    }),
};
