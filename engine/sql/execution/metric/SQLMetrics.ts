/**
 * Spark's SQLMetric on the driver: each operator's metrics are accumulators
 * (one per metric, made when the plan is first shown or run), which tasks add
 * to (runtime/metrics.ts) and whose per-task updates the SQL view aggregates.
 * Metrics only the driver knows (a broadcast's size and times, how an
 * adaptive read coalesced) are set here and announced with
 * `SparkListenerDriverAccumUpdates`, as `SQLMetrics.postDriverMetricUpdates`
 * does.
 *
 * Accumulators are kept by the node's plan id, which copies of a node keep
 * (an exchange under its query stage, an operator re-planned around it), so
 * the ids a plan's `sparkPlanInfo` lists are the ones its tasks update.
 */
import type { SparkContext } from '../../../context';
import type { Accumulator } from '../../../shared-variables';
import type { SparkEvent } from '../../../events/types';
import type { SparkPlan } from '../SparkPlan';
import { AdaptiveSparkPlanExec } from '../adaptive/AdaptiveSparkPlanExec';
import type { MetricIds } from '../runtime/metrics';

const accumulatorsByContext = new WeakMap<SparkContext, Map<number, Record<string, Accumulator>>>();

/** The node's metrics as accumulators, by Spark's metric key. */
export function sqlMetrics(plan: SparkPlan, sc: SparkContext): Record<string, Accumulator> {
  let byPlan = accumulatorsByContext.get(sc);
  if (!byPlan) accumulatorsByContext.set(sc, (byPlan = new Map()));
  let metrics = byPlan.get(plan.id);
  if (!metrics) {
    metrics = {};
    for (const [key, def] of Object.entries(plan.metricDefinitions)) metrics[key] = sc.longAccumulator(def.name);
    byPlan.set(plan.id, metrics);
  }
  return metrics;
}

/**
 * The accumulator ids a step of `plan` reports to on executors, or undefined when it has no metrics.
 *
 * @example
 * { kind: 'filter', condition, metrics: metricIds(filterExec, sc) }
 */
export function metricIds(plan: SparkPlan, sc: SparkContext): MetricIds | undefined {
  const metrics = sqlMetrics(plan, sc);
  const keys = Object.keys(metrics);
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, metrics[k].id]));
}

/** Zeroes every metric of the plan, as `SparkPlan.resetMetrics` does before each action runs it. */
export function resetMetrics(plan: SparkPlan, sc: SparkContext): void {
  const visit = (p: SparkPlan) => {
    for (const acc of Object.values(sqlMetrics(p, sc))) acc.reset();
    const below = p instanceof AdaptiveSparkPlanExec ? [p.executedPlan] : [...p.children, ...p.innerChildren];
    for (const c of below) visit(c);
  };
  visit(plan);
}

/**
 * Adds driver-side metric values and posts them, one update per value (Spark's
 * `SQLMetrics.postDriverMetricsUpdatedByValue`: a read's partition data sizes
 * go as one value per partition, so the SQL view shows their spread). Nothing
 * is posted outside a SQL execution.
 */
export function postDriverMetricUpdates(
  sc: SparkContext,
  executionId: string | null,
  updates: readonly [Accumulator | undefined, number][],
): void {
  const set = updates.filter((u): u is [Accumulator, number] => u[0] !== undefined);
  for (const [acc, value] of set) acc.add(value);
  if (executionId === null || set.length === 0) return;
  sc.listenerBus.post({
    Event: 'org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates',
    executionId: Number(executionId),
    accumUpdates: set.map(([acc, value]) => [acc.id, value]),
  } as SparkEvent);
}
