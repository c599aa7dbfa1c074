/** `true AND x` is `x`, `false OR x` is `x`, `NOT NOT x` is `x`; filters that are always true go (PruneFilters). */
import type { Rule } from './Rule';
import { And, Not, Or } from '../expressions/predicates';
import { Literal } from '../expressions/literals';
import { Filter } from '../plans/logical/basicLogicalOperators';

const isLit = (e: unknown, v: boolean) => e instanceof Literal && e.value === v;

export const BooleanSimplification: Rule = {
  ruleName: 'BooleanSimplification',
  apply: (plan) =>
    plan
      .transformAllExpressions((e) => {
        if (e instanceof And) {
          if (isLit(e.left, true)) return e.right;
          if (isLit(e.right, true)) return e.left;
        }
        if (e instanceof Or) {
          if (isLit(e.left, false)) return e.right;
          if (isLit(e.right, false)) return e.left;
        }
        if (e instanceof Not && e.child instanceof Not) return e.child.child;
        return undefined;
      })
      .transformUp((p) => (p instanceof Filter && isLit(p.condition, true) ? p.child : undefined)),
};
