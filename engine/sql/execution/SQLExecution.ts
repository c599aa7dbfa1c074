/**
 * Spark's SQLExecution.withNewExecutionId: each DataFrame action is one SQL
 * execution, announced by `SparkListenerSQLExecutionStart` (its formatted
 * plan and the plan tree as `sparkPlanInfo`) and closed by
 * `SparkListenerSQLExecutionEnd`; every job it runs carries
 * `spark.sql.execution.id` in its properties, so the SQL view (and Spark's
 * History Server) can tie jobs and stages to the query.
 */
import type { SparkContext } from '../../context';
import type { SparkPlan } from './SparkPlan';
import type { PlanCallSite } from '../catalyst/trees/CurrentOrigin';
import type { QueryExecution } from './QueryExecution';
import { AdaptiveSparkPlanExec } from './adaptive/AdaptiveSparkPlanExec';
import { WholeStageCodegenExec } from './WholeStageCodegenExec';
import type { SparkEvent } from '../../events/types';
import { sqlMetrics } from './metric/SQLMetrics';
import { ShuffleQueryStageExec, TableCacheQueryStageExec } from './adaptive/QueryStageExec';
import { InMemoryTableScanExec } from './columnar/InMemoryTableScanExec';
import { ReusedExchangeExec } from './exchange/ShuffleExchangeExec';

const EXECUTION_ID_KEY = 'spark.sql.execution.id';
const nextIds = new WeakMap<SparkContext, number>();

/** Spark's SparkPlanInfo: a node, its metrics (accumulator ids) and children, for the SQL view. */
export interface SparkPlanInfo {
  nodeName: string;
  simpleString: string;
  children: SparkPlanInfo[];
  metadata: Record<string, string>;
  metrics: { name: string; accumulatorId: number; metricType: string }[];
  /**
   * Kindling's addition (Spark's SparkPlanInfo has no such field): the program line the operator comes from, so a
   * log tells which line caused each exchange. Spark 4.0's History Server reads SparkListenerSQLExecutionStart with
   * JsonProtocol's fallback, `mapper.readValue(json, classForName(event))`, whose mapper (JsonUtils) is configured
   * with DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES off, so the field is skipped, not an error.
   */
  callSite?: PlanCallSite;
}

/** The plans Spark's SparkPlanInfo.fromSparkPlan lists under a node: a stage's or a reused exchange's plan too. */
function infoChildren(plan: SparkPlan): readonly SparkPlan[] {
  if (plan instanceof AdaptiveSparkPlanExec) return [plan.executedPlan];
  if (plan instanceof ShuffleQueryStageExec) return [plan.exchange];
  if (plan instanceof TableCacheQueryStageExec) return [plan.scan];
  // SparkPlanInfo.fromSparkPlan lists a cached query's plan under its scan.
  if (plan instanceof InMemoryTableScanExec) return [plan.relation.cachedPlan];
  if (plan instanceof ReusedExchangeExec) return [plan.exchange];
  return plan.children;
}

export function planInfo(plan: SparkPlan, sc: SparkContext): SparkPlanInfo {
  const metrics = sqlMetrics(plan, sc);
  const defs = plan.metricDefinitions;
  const name =
    plan instanceof WholeStageCodegenExec ? `WholeStageCodegen (${plan.codegenStageId})` : plan.formattedName.trim();
  return {
    nodeName: name,
    simpleString: plan.simpleString,
    children: infoChildren(plan).map((c) => planInfo(c, sc)),
    metadata: {},
    metrics: Object.entries(metrics).map(([key, acc]) => ({
      name: defs[key].name,
      accumulatorId: acc.id,
      metricType: defs[key].type,
    })),
    ...(plan.callSite ? { callSite: { line: plan.callSite.line, column: plan.callSite.column } } : {}),
  };
}

/**
 * Runs `body` as one SQL execution of `qe`.
 *
 * @example
 * const rows = await withNewExecutionId(sc, qe, 'collect at program.js:3', () => run(qe.executedPlan));
 */
export async function withNewExecutionId<T>(
  sc: SparkContext,
  qe: QueryExecution,
  description: string,
  details: string,
  body: (executionId: number) => Promise<T>,
): Promise<T> {
  const id = nextIds.get(sc) ?? 0;
  nextIds.set(sc, id + 1);
  const previous = sc.getLocalProperty(EXECUTION_ID_KEY);
  sc.setLocalProperty(EXECUTION_ID_KEY, String(id));
  const plan = qe.executedPlan;
  sc.listenerBus.post({
    Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart',
    executionId: id,
    rootExecutionId: id,
    description,
    details,
    physicalPlanDescription: qe.explainString('formatted'),
    sparkPlanInfo: planInfo(plan, sc),
    time: Date.now(),
    modifiedConfigs: {},
    jobTags: [],
  } as unknown as SparkEvent);
  let error: unknown;
  try {
    return await body(id);
  } catch (e) {
    error = e;
    throw e;
  } finally {
    sc.setLocalProperty(EXECUTION_ID_KEY, previous);
    sc.listenerBus.post({
      Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd',
      executionId: id,
      time: Date.now(),
      ...(error ? { errorMessage: error instanceof Error ? error.message : String(error) } : {}),
    } as unknown as SparkEvent);
  }
}

/** Posts Spark's SparkListenerSQLAdaptiveExecutionUpdate: the plan changed while the query ran. */
export function postAdaptiveUpdate(sc: SparkContext, executionId: number, qe: QueryExecution, plan: SparkPlan): void {
  sc.listenerBus.post({
    Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate',
    executionId,
    physicalPlanDescription: qe.explainString('formatted'),
    sparkPlanInfo: planInfo(plan, sc),
  } as unknown as SparkEvent);
}
