/** `distinct()` is an Aggregate grouping by every column, so it plans as two HashAggregates around an Exchange. */
import type { Rule } from './Rule';
import { Aggregate, Distinct } from '../plans/logical/basicLogicalOperators';

export const ReplaceDistinctWithAggregate: Rule = {
  ruleName: 'ReplaceDistinctWithAggregate',
  apply: (plan) =>
    plan.transformUp((p) =>
      p instanceof Distinct ? new Aggregate(p.child.output, p.child.output, p.child) : undefined,
    ),
};
