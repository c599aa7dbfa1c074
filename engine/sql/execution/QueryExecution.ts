/**
 * Spark's QueryExecution: one query's path from the plan a program built to
 * the plan that runs — analyzed, optimized, planned, then prepared
 * (EnsureRequirements, exchange reuse, and either whole-stage codegen or,
 * with adaptive execution on, the AdaptiveSparkPlan root) — and the texts
 * `explain()` prints for it.
 */
import type { LogicalPlan } from '../catalyst/plans/logical/LogicalPlan';
import type { Analyzer } from '../catalyst/analysis/Analyzer';
import { optimize } from '../catalyst/optimizer/Optimizer';
import type { SQLConf } from '../internal/SQLConf';
import type { SparkPlan } from './SparkPlan';
import { planLater, type PlannerContext } from './SparkStrategies';
import { ensureRequirements } from './exchange/EnsureRequirements';
import { reuseExchange } from './exchange/ReuseExchange';
import { collapseCodegenStages } from './WholeStageCodegenExec';
import { AdaptiveSparkPlanExec } from './adaptive/AdaptiveSparkPlanExec';
import { ShuffleExchangeExec, BroadcastExchangeExec } from './exchange/ShuffleExchangeExec';
import { formattedPlanString, physicalTreeString } from './explain';
import { ExtractPythonUDFs } from './python/ExtractPythonUDFs';
import type { CacheManager } from './CacheManager';
import { InMemoryTableScanExec } from './columnar/InMemoryTableScanExec';
import { planSubqueries, subqueriesOf } from './subquery';

export type ExplainMode = 'simple' | 'extended' | 'formatted' | 'codegen' | 'cost';

export interface QueryContext extends PlannerContext {
  analyzer: Analyzer;
  conf: SQLConf;
  /** The session's cached queries, substituted into each query before it is optimized. */
  cacheManager?: CacheManager;
}

export class QueryExecution {
  #analyzed?: LogicalPlan;
  #withCachedData?: LogicalPlan;
  #optimized?: LogicalPlan;
  #sparkPlan?: SparkPlan;
  #executed?: SparkPlan;

  constructor(
    readonly ctx: QueryContext,
    readonly logical: LogicalPlan,
  ) {}

  /** Throws the query's AnalysisException, as Spark's `assertAnalyzed` does when a Dataset is made. */
  get analyzed(): LogicalPlan {
    return (this.#analyzed ??= this.ctx.analyzer.execute(this.logical));
  }

  /** The analyzed plan with cached queries' relations in place (Spark's `withCachedData`). */
  get withCachedData(): LogicalPlan {
    return (this.#withCachedData ??= this.ctx.cacheManager?.useCachedData(this.analyzed) ?? this.analyzed);
  }

  get optimizedPlan(): LogicalPlan {
    // SparkOptimizer's "Extract Python UDFs" batch follows catalyst's optimizer.
    return (this.#optimized ??= ExtractPythonUDFs.apply(optimize(this.withCachedData, this.ctx.conf), this.ctx.conf));
  }

  get sparkPlan(): SparkPlan {
    // PlanSubqueries / PlanAdaptiveSubqueries: each scalar subquery planned and prepared as a query of its own.
    const { ctx } = this;
    const adaptive = ctx.conf.adaptiveEnabled;
    return (this.#sparkPlan ??= planSubqueries(planLater(this.optimizedPlan, ctx, true), adaptive, (s) => {
      const planned = new QueryExecution(ctx, s.plan).planOptimized(s.plan);
      // InsertAdaptiveSparkPlan.shouldApplyAQE holds for every subquery.
      return adaptive
        ? new AdaptiveSparkPlanExec(ensureRequirements(planned, ctx.conf))
        : prepareForExecution(planned, ctx.conf);
    }));
  }

  /** An optimized plan (a subquery's) planned as a query's root, its own scalar subqueries planned too. */
  planOptimized(optimized: LogicalPlan): SparkPlan {
    this.#optimized = optimized;
    return this.sparkPlan;
  }

  /** The plan that runs (for explain: as it stands before execution, or as adaptive execution left it). */
  get executedPlan(): SparkPlan {
    return (this.#executed ??= prepareForExecution(this.sparkPlan, this.ctx.conf));
  }

  /** Adaptive execution has finished: `explain()` now shows `isFinalPlan=true` and the final plan. */
  setFinalPlan(plan: SparkPlan): void {
    const current = this.executedPlan;
    if (current instanceof AdaptiveSparkPlanExec) this.#executed = new AdaptiveSparkPlanExec(current.initialPlan, plan);
  }

  explainString(mode: ExplainMode = 'simple'): string {
    const physical = this.executedPlan;
    switch (mode) {
      case 'simple':
        return `== Physical Plan ==\n${physicalTreeString(physical)}`;
      case 'extended': {
        const schema = this.analyzed.output.map((a) => `${a.name}: ${a.dataType.simpleString}`).join(', ');
        return (
          `== Parsed Logical Plan ==\n${this.logical.treeString()}\n` +
          `== Analyzed Logical Plan ==\n${schema}\n${this.analyzed.treeString()}\n` +
          `== Optimized Logical Plan ==\n${this.optimizedPlan.treeString()}\n` +
          `== Physical Plan ==\n${physicalTreeString(physical, true)}`
        );
      }
      case 'formatted':
        return formattedPlanString(physical);
      default:
        throw new Error(
          `[UNSUPPORTED_FEATURE] explain mode "${mode}" is not supported by Kindling (use simple, extended or formatted)`,
        );
    }
  }
}

/**
 * Spark's InsertAdaptiveSparkPlan.shouldApplyAQE: only plans with an exchange or a distribution requirement, or
 * (Spark 3.5+) a scan of a cached query that adaptive execution planned.
 */
function needsAdaptive(plan: SparkPlan): boolean {
  return plan.exists(
    (p) =>
      p instanceof ShuffleExchangeExec ||
      p instanceof BroadcastExchangeExec ||
      p.requiredChildDistribution.some((d) => d.kind !== 'Unspecified') ||
      subqueriesOf(p).length > 0 ||
      (p instanceof InMemoryTableScanExec && p.relation.cachedPlan instanceof AdaptiveSparkPlanExec),
  );
}

/** Spark's preparations: the physical plan as it will run. */
export function prepareForExecution(plan: SparkPlan, conf: SQLConf): SparkPlan {
  const adaptive = conf.adaptiveEnabled && needsAdaptive(plan);
  const ensured = ensureRequirements(plan, conf);
  // Adaptive execution reuses exchanges as it creates query stages, not in the initial plan.
  if (adaptive) return new AdaptiveSparkPlanExec(ensured);
  const compiled = conf.wholeStageEnabled ? collapseCodegenStages(ensured, { next: 1 }) : ensured;
  return reuseExchange(compiled, conf.exchangeReuseEnabled);
}
