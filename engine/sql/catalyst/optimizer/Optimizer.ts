/**
 * Spark's Optimizer, in the batches that change what plans look like:
 * finishing analysis (aliases and hints gone), replacing operators
 * (distinct → aggregate), then rules to a fixed point, filters inferred from
 * constraints, and the same rules again.
 */
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { SQLConf } from '../../internal/SQLConf';
import type { Rule } from './Rule';
import { EliminateSubqueryAliases } from './EliminateSubqueryAliases';
import { EliminateResolvedHint } from './EliminateResolvedHint';
import { ReplaceDistinctWithAggregate } from './ReplaceDistinctWithAggregate';
import { ReplaceDeduplicateWithAggregate } from './ReplaceDeduplicateWithAggregate';
import { PullOutGroupingExpressions } from './PullOutGroupingExpressions';
import { PushDownPredicates } from './PushDownPredicates';
import { CombineFilters } from './CombineFilters';
import { ColumnPruning } from './ColumnPruning';
import { CollapseProject } from './CollapseProject';
import { RemoveNoopOperators } from './RemoveNoopOperators';
import { ConstantFolding } from './ConstantFolding';
import { BooleanSimplification } from './BooleanSimplification';
import { InferFiltersFromConstraints } from './InferFiltersFromConstraints';
import { RewriteDistinctAggregates } from './RewriteDistinctAggregates';
import {
  OptimizeSubqueries,
  RewriteNonCorrelatedExists,
  RewritePredicateSubquery,
  setSubqueryOptimizer,
} from './RewritePredicateSubquery';

interface Batch {
  name: string;
  once: boolean;
  rules: Rule[];
}

const operatorOptimization: Rule[] = [
  PushDownPredicates,
  CombineFilters,
  ColumnPruning,
  CollapseProject,
  RemoveNoopOperators,
  ConstantFolding,
  BooleanSimplification,
];

export const BATCHES: readonly Batch[] = [
  {
    name: 'Finish Analysis',
    once: true,
    rules: [EliminateSubqueryAliases, EliminateResolvedHint, RewriteNonCorrelatedExists],
  },
  { name: 'Replace Operators', once: true, rules: [ReplaceDistinctWithAggregate, ReplaceDeduplicateWithAggregate] },
  { name: 'Pull Out Grouping Expressions', once: true, rules: [PullOutGroupingExpressions] },
  { name: 'Operator Optimization before Inferring Filters', once: false, rules: operatorOptimization },
  { name: 'Infer Filters', once: true, rules: [InferFiltersFromConstraints] },
  { name: 'Operator Optimization after Inferring Filters', once: false, rules: operatorOptimization },
  { name: 'Distinct Aggregate Rewrite', once: true, rules: [RewriteDistinctAggregates] },
  {
    name: 'RewriteSubquery',
    once: true,
    rules: [
      OptimizeSubqueries,
      RewritePredicateSubquery,
      PushDownPredicates,
      ColumnPruning,
      CollapseProject,
      RemoveNoopOperators,
    ],
  },
];

/**
 * The optimized plan.
 *
 * @example
 * optimize(analyzed, conf).treeString();
 */
export function optimize(plan: LogicalPlan, conf: SQLConf): LogicalPlan {
  let p = plan;
  for (const batch of BATCHES) {
    for (let i = 0; i < (batch.once ? 1 : 100); i++) {
      const before = p;
      for (const rule of batch.rules) p = rule.apply(p, conf);
      if (p === before) break;
    }
  }
  return p;
}

setSubqueryOptimizer(optimize);
