/** A Project that passes its child's columns through unchanged does nothing: it goes. */
import type { Rule } from './Rule';
import { Project } from '../plans/logical/basicLogicalOperators';
import { AttributeReference } from '../expressions/namedExpressions';

export const RemoveNoopOperators: Rule = {
  ruleName: 'RemoveNoopOperators',
  apply: (plan) =>
    plan.transformUp((p) => {
      if (!(p instanceof Project)) return undefined;
      const out = p.child.output;
      const same =
        p.projectList.length === out.length &&
        p.projectList.every(
          (e, i) => e instanceof AttributeReference && e.exprId === out[i].exprId && e.name === out[i].name,
        );
      return same ? p.child : undefined;
    }),
};
