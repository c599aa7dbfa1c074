/**
 * Spark's PullOutGroupingExpressions: grouping by a computed expression
 * (`groupBy(col("id") % 10)`) computes it once in a Project below the
 * Aggregate as `_groupingexpression`, which plans then group by.
 */
import type { Rule } from './Rule';
import { Aggregate, Project } from '../plans/logical/basicLogicalOperators';
import { Alias, AttributeReference } from '../expressions/namedExpressions';
import type { Expression } from '../expressions/Expression';

export const PullOutGroupingExpressions: Rule = {
  ruleName: 'PullOutGroupingExpressions',
  apply: (plan) =>
    plan.transformUp((p) => {
      if (!(p instanceof Aggregate)) return undefined;
      const complex = p.groupingExpressions.filter((g) => !(g instanceof AttributeReference) && !g.foldable);
      if (complex.length === 0) return undefined;
      const aliases = new Map<Expression, Alias>();
      for (const g of complex) aliases.set(g, new Alias(g, '_groupingexpression'));
      const grouping = p.groupingExpressions.map((g) => aliases.get(g)?.toAttribute() ?? g);
      const replace = (e: Expression): Expression =>
        e.transformDown((x) => {
          for (const [g, a] of aliases) if (x.semanticEquals(g)) return a.toAttribute();
          return undefined;
        });
      const aggList = p.aggregateExpressions.map((e) =>
        e instanceof Alias ? e.withNewChildren([replace(e.child)]) : replace(e),
      );
      return new Aggregate(grouping, aggList, new Project([...p.child.output, ...aliases.values()], p.child));
    }),
};
