/**
 * Spark's PushDownPredicates: filters move as close to the data as they can
 * — below projections (aliases substituted), into the sides of a join that
 * they read only, below an aggregate when they read only its grouping
 * columns, into each branch of a union, through sorts and repartitions —
 * so fewer rows reach a shuffle.
 */
import type { Rule } from './Rule';
import {
  Aggregate,
  Filter,
  Join,
  Project,
  Repartition,
  RepartitionByExpression,
  ResolvedHint,
  Sort,
  Union,
  Window,
} from '../plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { Expression } from '../expressions/Expression';
import { AttributeReference } from '../expressions/namedExpressions';
import { substituteAliases } from './CollapseProject';
import { canEvaluate, conjoin, splitConjunctivePredicates } from './predicates';
import { AggregateExpression } from '../expressions/aggregate/interfaces';
import { withOriginOf } from '../trees/CurrentOrigin';

function filterOn(conds: Expression[], child: LogicalPlan): LogicalPlan {
  const c = conjoin(conds);
  return c ? new Filter(c, child) : child;
}

function pushThroughJoin(conds: Expression[], join: Join): LogicalPlan | undefined {
  const { left, right, joinType } = join;
  const leftConds: Expression[] = [];
  const rightConds: Expression[] = [];
  const rest: Expression[] = [];
  for (const c of conds) {
    if (!c.deterministic) rest.push(c);
    else if (canEvaluate(c, left.output) && ['Inner', 'Cross', 'LeftOuter', 'LeftSemi', 'LeftAnti'].includes(joinType))
      leftConds.push(c);
    else if (canEvaluate(c, right.output) && ['Inner', 'Cross', 'RightOuter'].includes(joinType)) rightConds.push(c);
    else rest.push(c);
  }
  // Conditions of an inner join that read one side only move down the same way.
  const joinConds = join.condition ? splitConjunctivePredicates(join.condition) : [];
  const keep: Expression[] = [];
  for (const c of joinConds) {
    if (
      c.deterministic &&
      canEvaluate(c, left.output) &&
      ['Inner', 'Cross', 'RightOuter', 'LeftSemi'].includes(joinType)
    )
      leftConds.push(c);
    else if (
      c.deterministic &&
      canEvaluate(c, right.output) &&
      ['Inner', 'Cross', 'LeftOuter', 'LeftSemi', 'LeftAnti'].includes(joinType)
    )
      rightConds.push(c);
    else keep.push(c);
  }
  // An inner join also takes the conditions on both sides into its own condition (PushPredicateThroughJoin's
  // commonFilterCondition), so `crossJoin(…).filter(a = b)` becomes an equi-join.
  const inner = joinType === 'Inner' || joinType === 'Cross';
  if (leftConds.length === 0 && rightConds.length === 0 && !(inner && rest.length > 0)) return undefined;
  let newJoinConds = keep;
  let remaining = rest;
  if (inner) {
    newJoinConds = [...keep, ...rest];
    remaining = [];
  }
  const newJoin = withOriginOf(
    join,
    () => new Join(filterOn(leftConds, left), filterOn(rightConds, right), joinType, conjoin(newJoinConds), join.hint),
  );
  return filterOn(remaining, newJoin);
}

export const PushDownPredicates: Rule = {
  ruleName: 'PushDownPredicates',
  apply: (plan) =>
    plan.transformDown((p) => {
      if (
        p instanceof Join &&
        p.condition &&
        (p.joinType === 'Inner' || p.joinType === 'Cross' || p.joinType === 'LeftSemi')
      )
        return pushThroughJoin([], p);
      if (!(p instanceof Filter)) return undefined;
      const child = p.child;
      const conds = splitConjunctivePredicates(p.condition);
      if (child instanceof Project && child.projectList.every((e) => e.deterministic)) {
        const rewritten = substituteAliases(p.condition, child.projectList);
        if (rewritten.exists((e) => e instanceof AggregateExpression)) return undefined;
        return new Project(child.projectList, new Filter(rewritten, child.child));
      }
      if (child instanceof Join) return pushThroughJoin(conds, child);
      if (child instanceof Aggregate) {
        const groupingAttrs = child.groupingExpressions.filter(
          (g): g is AttributeReference => g instanceof AttributeReference,
        );
        const aliasesOfGrouping = child.aggregateExpressions.filter(
          (e) => !e.exists((x) => x instanceof AggregateExpression),
        );
        const pushable: Expression[] = [];
        const stay: Expression[] = [];
        for (const c of conds) {
          const sub = substituteAliases(c, aliasesOfGrouping);
          if (
            c.deterministic &&
            !sub.exists((x) => x instanceof AggregateExpression) &&
            canEvaluate(sub, groupingAttrs)
          )
            pushable.push(sub);
          else stay.push(c);
        }
        if (pushable.length === 0) return undefined;
        return filterOn(
          stay,
          withOriginOf(
            child,
            () => new Aggregate(child.groupingExpressions, child.aggregateExpressions, filterOn(pushable, child.child)),
          ),
        );
      }
      if (child instanceof Union) {
        const out = child.output;
        const branches = child.children.map((b) => {
          const map = new Map(out.map((a, i) => [a.exprId, b.output[i]]));
          const c = p.condition.transformUp((x) => (x instanceof AttributeReference ? map.get(x.exprId) : undefined));
          return new Filter(c, b);
        });
        return new Union(branches, child.byName, child.allowMissingCol);
      }
      if (child instanceof Window) {
        const partAttrs = child.partitionSpec.filter((e): e is AttributeReference => e instanceof AttributeReference);
        const pushable = conds.filter((c) => c.deterministic && canEvaluate(c, partAttrs));
        if (pushable.length === 0) return undefined;
        const stay = conds.filter((c) => !pushable.includes(c));
        return filterOn(stay, child.withNewChildren([filterOn(pushable, child.child)]));
      }
      if (
        (child instanceof Sort ||
          child instanceof Repartition ||
          child instanceof RepartitionByExpression ||
          child instanceof ResolvedHint) &&
        p.condition.deterministic
      )
        return child.withNewChildren([new Filter(p.condition, child.children[0])]);
      return undefined;
    }),
};
