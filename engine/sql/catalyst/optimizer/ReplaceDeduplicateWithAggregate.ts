/**
 * `dropDuplicates(keys)` groups by the keys and keeps `first(x)` of every
 * other column, under the column's own id (Spark's rule of the same name).
 */
import type { Rule } from './Rule';
import { Aggregate, Deduplicate } from '../plans/logical/basicLogicalOperators';
import { Alias } from '../expressions/namedExpressions';
import { AggregateExpression } from '../expressions/aggregate/interfaces';
import { FirstLast } from '../expressions/aggregate/functions';

export const ReplaceDeduplicateWithAggregate: Rule = {
  ruleName: 'ReplaceDeduplicateWithAggregate',
  apply: (plan) =>
    plan.transformUp((p) => {
      if (!(p instanceof Deduplicate)) return undefined;
      const keyIds = new Set(p.keys.map((k) => k.exprId));
      const list = p.child.output.map((a) =>
        keyIds.has(a.exprId)
          ? a
          : new Alias(new AggregateExpression(new FirstLast([a], 'first', false)), a.name, a.exprId),
      );
      return new Aggregate(p.keys, list, p.child);
    }),
};
