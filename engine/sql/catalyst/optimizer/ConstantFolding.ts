/** Expressions of literals only are computed once, at planning time (`cast(10 as bigint)` becomes `10`). */
import type { Rule } from './Rule';
import { Literal } from '../expressions/literals';
import { Alias } from '../expressions/namedExpressions';
import { AggregateExpression } from '../expressions/aggregate/interfaces';
import { SortOrder } from '../expressions/ordering';

export const ConstantFolding: Rule = {
  ruleName: 'ConstantFolding',
  apply: (plan) =>
    plan.transformAllExpressions((e) => {
      if (e instanceof Literal || e instanceof Alias || e instanceof AggregateExpression || e instanceof SortOrder)
        return undefined;
      if (!e.foldable || !e.deterministic || !e.resolved) return undefined;
      return new Literal(e.eval([]), e.dataType);
    }),
};
