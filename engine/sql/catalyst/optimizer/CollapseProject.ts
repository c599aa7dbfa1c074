/**
 * A Project over a Project becomes one, the outer list rewritten in terms of
 * the inner one's input (aliases substituted), as Spark's CollapseProject.
 */
import type { Rule } from './Rule';
import { Aggregate, Project } from '../plans/logical/basicLogicalOperators';
import { Alias, AttributeReference } from '../expressions/namedExpressions';
import type { Expression } from '../expressions/Expression';
import { withOriginOf } from '../trees/CurrentOrigin';

/** Replaces attributes defined by `list`'s aliases with the aliased expressions (keeping the outer names). */
export function substituteAliases(e: Expression, list: readonly Expression[]): Expression {
  const aliases = new Map<number, Alias>();
  for (const x of list) if (x instanceof Alias) aliases.set(x.exprId, x);
  const replace = (x: Expression): Expression | undefined => {
    if (x instanceof AttributeReference) return aliases.get(x.exprId)?.child;
    return undefined;
  };
  if (e instanceof Alias) return e.withNewChildren([e.child.transformUp(replace)]);
  if (e instanceof AttributeReference) {
    const a = aliases.get(e.exprId);
    return a ? new Alias(a.child, e.name, e.exprId) : e;
  }
  return e.transformUp(replace);
}

/** Spark won't collapse when an inner non-deterministic or expensive expression would be repeated. */
function canCollapse(outer: readonly Expression[], inner: readonly Expression[]): boolean {
  const uses = new Map<number, number>();
  for (const e of outer) for (const r of e.references) uses.set(r.exprId, (uses.get(r.exprId) ?? 0) + 1);
  return inner.every(
    (x) =>
      !(x instanceof Alias) ||
      (x.deterministic &&
        ((uses.get(x.exprId) ?? 0) <= 1 || x.child instanceof AttributeReference || x.child.foldable)),
  );
}

export const CollapseProject: Rule = {
  ruleName: 'CollapseProject',
  apply: (plan) =>
    plan.transformUp((p) => {
      if (p instanceof Project && p.child instanceof Project && canCollapse(p.projectList, p.child.projectList))
        return new Project(
          p.projectList.map((e) => substituteAliases(e, (p.child as Project).projectList)),
          p.child.child,
        );
      if (
        p instanceof Project &&
        p.child instanceof Aggregate &&
        p.projectList.every(
          (e) => e instanceof AttributeReference || (e instanceof Alias && e.child instanceof AttributeReference),
        )
      ) {
        const agg = p.child;
        if (!canCollapse(p.projectList, agg.aggregateExpressions)) return undefined;
        return withOriginOf(
          agg,
          () =>
            new Aggregate(
              agg.groupingExpressions,
              p.projectList.map((e) => substituteAliases(e, agg.aggregateExpressions)),
              agg.child,
            ),
        );
      }
      return undefined;
    }),
};
