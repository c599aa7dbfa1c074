/**
 * How a DataFrame action gets its rows, as Spark's `executeCollect` does it
 * for the plan's root: `CollectLimit` takes rows with `executeTake`'s
 * incremental jobs (1 partition, then 4× more while too few),
 * `TakeOrderedAndProject` keeps each partition's top rows and merges them on
 * the driver, a local table needs no job, and anything else is one collect
 * job. With adaptive execution on, the query stages run first (see
 * AdaptiveExecution.ts), and the plan the query ends with is kept.
 */
import type { SparkContext } from '../../context';
import type { RDD } from '../../rdd/rdd';
import type { CallSite } from '../../rdd/call-site';
import type { SparkPlan } from './SparkPlan';
import type { InternalRow } from '../catalyst/expressions/Expression';
import { bindReference } from '../catalyst/expressions/namedExpressions';
import { rowOrdering, type SortOrder } from '../catalyst/expressions/ordering';
import { CollectLimitExec, TakeOrderedAndProjectExec } from './limit';
import { LocalTableScanExec } from './ExistingRDD';
import { AdaptiveSparkPlanExec } from './adaptive/AdaptiveSparkPlanExec';
import { executeAdaptive } from './adaptive/AdaptiveExecution';
import { execute, localTopK, materialize, type ExecutionEnv } from './execute';
import type { SQLConf } from '../internal/SQLConf';
import { allSubqueries, type SubqueryExec } from './subquery';
import { postDriverMetricUpdates, sqlMetrics } from './metric/SQLMetrics';
import { unsafeRowSize } from './runtime/metrics';

/** What one QueryExecution keeps between its actions: exchanges already run are read again, not rerun. */
export interface ExecutionState {
  exchanges: Map<number, unknown>;
  materialized?: Map<number, unknown>;
  finalPlan?: SparkPlan;
}

/** What runs a query: its physical plan, where, and what its earlier actions left (see {@link ExecutionState}). */
type QueryRun = Parameters<typeof adaptivePlan>;

/**
 * SparkPlan.prepare / waitForSubqueries: each scalar subquery not run yet runs first, innermost first, as a query of
 * its own in the same SQL execution (its jobs carry the execution's id), taking two rows (SubqueryExec.executeTake).
 */
async function runSubqueries(root: SparkPlan, sc: SparkContext, conf: SQLConf, site: CallSite): Promise<void> {
  const start = root instanceof AdaptiveSparkPlanExec ? root.initialPlan : root;
  for (const s of allSubqueries(start)) {
    if (s.updated) continue;
    const started = performance.now();
    const { plan, env } = await adaptivePlan(s.plan.child, sc, conf, site, { exchanges: new Map() }, () => {});
    let rows: InternalRow[];
    // LocalTableScanExec.executeTake needs no job; any other root runs as doExecute does, then takes two rows.
    if (plan instanceof LocalTableScanExec) rows = plan.rows.slice(0, 2);
    else {
      const rdd = materialize(await execute(plan, env), env);
      rows = (await env.sc.withScope('Subquery', () => rdd.take(2), env.site)) as InternalRow[];
    }
    if (s.plan.child instanceof AdaptiveSparkPlanExec && plan !== s.plan.child)
      s.plan = s.plan.withNewChildren([new AdaptiveSparkPlanExec(s.plan.child.initialPlan, plan)]) as SubqueryExec;
    const m = sqlMetrics(s.plan, sc);
    postDriverMetricUpdates(sc, sc.getLocalProperty('spark.sql.execution.id'), [
      [m.collectTime, Math.round(performance.now() - started)],
      [m.dataSize, rows.reduce((a, r) => a + unsafeRowSize(r), 0)],
    ]);
    s.updateResult(rows);
  }
}

export async function collectRows(...run: QueryRun): Promise<InternalRow[]> {
  await runSubqueries(run[0], run[1], run[2], run[3]);
  const { plan, env } = await adaptivePlan(...run);
  return executeCollect(plan, env);
}

/**
 * The RDD of a plan's rows, its query stages run first under adaptive execution: what a
 * command that consumes the rows itself (FileFormatWriter's write job) runs its job on.
 */
export async function executeRDD(...run: QueryRun): Promise<RDD> {
  await runSubqueries(run[0], run[1], run[2], run[3]);
  const { plan, env } = await adaptivePlan(...run);
  return materialize(await execute(plan, env), env);
}

async function adaptivePlan(
  root: SparkPlan,
  sc: SparkContext,
  conf: SQLConf,
  site: CallSite,
  state: ExecutionState,
  onPlanChange: (plan: SparkPlan) => void,
): Promise<{ plan: SparkPlan; env: ExecutionEnv }> {
  const env: ExecutionEnv = {
    sc,
    site,
    exchanges: state.exchanges as ExecutionEnv['exchanges'],
    materialized: state.materialized as ExecutionEnv['materialized'],
    codegen: conf.wholeStageEnabled,
  };
  let plan = root;
  if (plan instanceof AdaptiveSparkPlanExec) {
    if (state.finalPlan) plan = state.finalPlan;
    else {
      const top = plan.initialPlan;
      // The root's own collection strategy stays the driver's; adaptive execution runs what is below it.
      const special = top instanceof CollectLimitExec || top instanceof TakeOrderedAndProjectExec;
      const { finalPlan } = await executeAdaptive(special ? top.children[0] : top, env, conf, onPlanChange);
      plan = special ? top.withNewChildren([finalPlan]) : finalPlan;
      state.finalPlan = plan;
      state.materialized = env.materialized;
      onPlanChange(plan);
    }
  }
  return { plan, env };
}

async function executeCollect(plan: SparkPlan, env: ExecutionEnv): Promise<InternalRow[]> {
  if (plan instanceof LocalTableScanExec) return [...plan.rows];
  if (plan instanceof CollectLimitExec) {
    const rdd = materialize(await execute(plan.child, env), env);
    return (await env.sc.withScope('CollectLimit', () => rdd.take(plan.limit), env.site)) as InternalRow[];
  }
  if (plan instanceof TakeOrderedAndProjectExec) {
    // TakeOrderedAndProjectExec.executeCollect: one job takes each partition's top rows, the driver merges them.
    const input = plan.child.output;
    const orders = plan.sortOrder.map((o) => bindReference(o, input) as SortOrder);
    const rdd = materialize(await localTopK(plan, env), env);
    const rows = (await env.sc.withScope('TakeOrderedAndProject', () => rdd.collect(), env.site)) as InternalRow[];
    rows.sort(rowOrdering(orders));
    const project = plan.projectList.map((e) => bindReference(e, input));
    return rows.slice(0, plan.limit).map((r) => project.map((e) => e.eval(r)));
  }
  const rdd = materialize(await execute(plan, env), env);
  return (await env.sc.withScope('collect', () => rdd.collect(), env.site)) as InternalRow[];
}
