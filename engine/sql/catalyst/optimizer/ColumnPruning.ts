/**
 * Spark's ColumnPruning: operators below a projection, an aggregate or a
 * join produce only the columns something above reads, so shuffles carry
 * no column nobody needs.
 */
import type { Rule } from './Rule';
import {
  Aggregate,
  Join,
  Project,
  Repartition,
  RepartitionByExpression,
  Window,
} from '../plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { NamedExpression } from '../expressions/namedExpressions';
import { withOriginOf } from '../trees/CurrentOrigin';

/** `child` narrowed to the attributes in `needed`, through a Project when it has more. */
function pruned(child: LogicalPlan, needed: Set<number>): LogicalPlan {
  const out = child.output;
  if (out.every((a) => needed.has(a.exprId))) return child;
  const keep = out.filter((a) => needed.has(a.exprId));
  if (child instanceof Project)
    return new Project(
      child.projectList.filter((e) => needed.has((e as unknown as NamedExpression).exprId)),
      child.child,
    );
  return new Project(keep, child);
}

function ids(attrs: readonly { exprId: number }[]): Set<number> {
  return new Set(attrs.map((a) => a.exprId));
}

export const ColumnPruning: Rule = {
  ruleName: 'ColumnPruning',
  apply: (plan) =>
    plan.transformDown((p) => {
      if (p instanceof Project && p.child instanceof Aggregate) {
        const agg = p.child;
        const needed = ids(p.references);
        const list = agg.aggregateExpressions.filter((e) => needed.has((e as unknown as NamedExpression).exprId));
        if (list.length === agg.aggregateExpressions.length || list.length === 0) return undefined;
        return new Project(
          p.projectList,
          withOriginOf(agg, () => new Aggregate(agg.groupingExpressions, list, agg.child)),
        );
      }
      // A projection under another keeps only what the outer one reads (RewritePredicateSubquery leaves such pairs).
      if (p instanceof Project && p.child instanceof Project) {
        const inner = p.child;
        const needed = ids(p.references);
        const list = inner.projectList.filter((e) => needed.has((e as unknown as NamedExpression).exprId));
        if (list.length === inner.projectList.length) return undefined;
        return new Project(
          p.projectList,
          withOriginOf(inner, () => new Project(list, inner.child)),
        );
      }
      if (p instanceof Project && p.child instanceof Join) {
        const j = p.child;
        const needed = ids([...p.references, ...(j.condition?.references ?? [])]);
        const l = pruned(j.left, needed);
        const r = pruned(j.right, needed);
        if (l === j.left && r === j.right) return undefined;
        return new Project(
          p.projectList,
          withOriginOf(j, () => new Join(l, r, j.joinType, j.condition, j.hint)),
        );
      }
      if (p instanceof Project && p.child instanceof Window) {
        const w = p.child;
        const needed = ids([...p.references, ...w.references]);
        const c = pruned(w.child, needed);
        return c === w.child ? undefined : new Project(p.projectList, w.withNewChildren([c]));
      }
      // Spark's case for an operator that passes its child's columns on: prune below it, and RemoveNoopOperators
      // drops the Project left above when it keeps every column (so a join over `repartition(n, k)` still has the
      // repartition's exchange as its child; EnsureRequirements treats such a child differently).
      if (p instanceof Project && (p.child instanceof Repartition || p.child instanceof RepartitionByExpression)) {
        const r = p.child;
        const c = pruned(r.child, ids([...p.references, ...r.references]));
        return c === r.child ? undefined : new Project(p.projectList, r.withNewChildren([c]));
      }
      if (p instanceof Aggregate) {
        const c = pruned(p.child, ids(p.references));
        return c === p.child ? undefined : new Aggregate(p.groupingExpressions, p.aggregateExpressions, c);
      }
      return undefined;
    }),
};
