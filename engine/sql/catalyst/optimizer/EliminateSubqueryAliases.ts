/** Aliases only matter for name resolution: once analyzed, `SubqueryAlias` nodes go. */
import type { Rule } from './Rule';
import { SubqueryAlias } from '../plans/logical/basicLogicalOperators';

export const EliminateSubqueryAliases: Rule = {
  ruleName: 'EliminateSubqueryAliases',
  apply: (plan) => plan.transformUp((p) => (p instanceof SubqueryAlias ? p.child : undefined)),
};
