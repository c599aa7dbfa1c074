/** Hints move into the join they are for (`leftHint=(strategy=broadcast)`); elsewhere they are dropped. */
import type { Rule } from './Rule';
import { Join, ResolvedHint } from '../plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';

function strip(p: LogicalPlan): [LogicalPlan, string | undefined] {
  let strategy: string | undefined;
  let cur = p;
  while (cur instanceof ResolvedHint) {
    strategy ??= cur.strategy;
    cur = cur.child;
  }
  return [cur, strategy];
}

export const EliminateResolvedHint: Rule = {
  ruleName: 'EliminateResolvedHint',
  apply: (plan) => {
    const withJoinHints = plan.transformDown((p) => {
      if (!(p instanceof Join)) return undefined;
      const [l, lh] = strip(p.left);
      const [r, rh] = strip(p.right);
      if (!lh && !rh) return undefined;
      return new Join(l, r, p.joinType, p.condition, { left: lh ?? p.hint.left, right: rh ?? p.hint.right });
    });
    return withJoinHints.transformUp((p) => (p instanceof ResolvedHint ? p.child : undefined));
  },
};
