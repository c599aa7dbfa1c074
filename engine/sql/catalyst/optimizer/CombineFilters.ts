/** Two Filters in a row become one, conditions joined with AND (outer's last), as Spark's CombineFilters. */
import type { Rule } from './Rule';
import { Filter } from '../plans/logical/basicLogicalOperators';
import { And } from '../expressions/predicates';

export const CombineFilters: Rule = {
  ruleName: 'CombineFilters',
  apply: (plan) =>
    plan.transformUp((p) =>
      p instanceof Filter && p.child instanceof Filter && p.condition.deterministic && p.child.condition.deterministic
        ? new Filter(new And(p.child.condition, p.condition), p.child.child)
        : undefined,
    ),
};
