/**
 * What the SQL view shows, from the one application model (engine/events):
 * the executions as the Spark UI's SQL tab lists them, and one execution's
 * plan graph with the words each operator carries — its metrics as Spark
 * prints them, its accessible name — for sql-layout.ts to place and
 * SqlView.svelte to draw. Pure: unit-tested in Node.
 */
import { SHUFFLE_READ_METRICS, SHUFFLE_WRITE_METRICS } from '../../engine/events/sql-exchanges';
import type { AppModel, JobStatus } from '../../engine/events/app-model';
import type { SqlExecutionModel, SqlExecutionStatus, SqlPlanGraph } from '../../engine/events/sql-model';

export interface SqlJobLink {
  jobId: number;
  status: JobStatus | 'unknown';
}

/** One row of the executions table. */
export interface SqlExecutionRow {
  executionId: number;
  description: string;
  status: SqlExecutionStatus;
  submissionTime?: number;
  /** Wall-clock time to completion, or so far for a running one (`now`). */
  durationMs?: number;
  jobs: SqlJobLink[];
  stageIds: number[];
  /** Adaptive re-plans. */
  planUpdates: number;
}

/** One metric of an operator: `full` exactly as the Spark UI prints it, `short` for the box. */
export interface SqlNodeMetric {
  name: string;
  full: string;
  short: string;
}

export interface SqlGraphNode {
  /** `node-<id>`: stable within one plan. */
  key: string;
  id: number;
  name: string;
  desc: string;
  clusterKey?: string;
  metrics: SqlNodeMetric[];
  /** Exchanges (and broadcast exchanges) are where the query's stages are cut. */
  exchange: boolean;
  /**
   * A shuffle exchange's stages, known once their tasks report: the stages
   * that wrote its shuffle (its write metrics) and those that read it (its read metrics).
   */
  stages?: { writtenBy: readonly number[]; readBy: readonly number[] };
  /**
   * The program line the operator comes from (Kindling's logs say it): for an exchange, the line of the operator
   * that needed it (a `groupBy…agg`, `join`, `orderBy`) or of the `repartition` that asked for it.
   */
  line?: number;
  accessibleName: string;
}

export interface SqlGraphCluster {
  key: string;
  id: number;
  /** e.g. `WholeStageCodegen (2)`. */
  name: string;
  /** Its pipeline's duration, as the Spark UI labels the box. */
  duration?: SqlNodeMetric;
  nodeKeys: string[];
}

export interface SqlGraphEdge {
  key: string;
  /** The child operator's key: rows flow from it… */
  from: string;
  /** …to its parent's. */
  to: string;
}

export interface SqlGraphView {
  executionId: number;
  which: 'final' | 'initial';
  nodes: SqlGraphNode[];
  clusters: SqlGraphCluster[];
  edges: SqlGraphEdge[];
  /** One sentence for screen readers. */
  summary: string;
  /** Node keys in plan order (root first): the keyboard's order. */
  order: string[];
}

const STATUS_WORD: Record<SqlExecutionStatus, string> = {
  running: 'running',
  completed: 'completed',
  failed: 'failed',
};

/**
 * The executions, newest first as the SQL tab lists them.
 *
 * @example
 * sqlExecutionRows(model, Date.now())[0] // { executionId: 3, status: 'completed', jobs: [{ jobId: 5, … }], … }
 */
export function sqlExecutionRows(model: AppModel, now?: number): SqlExecutionRow[] {
  return [...model.sqlExecutions.values()]
    .map((execution) => ({
      executionId: execution.executionId,
      description: firstLine(execution.description) || `Query ${execution.executionId}`,
      status: execution.status,
      submissionTime: execution.submissionTime,
      durationMs: durationOf(execution, now),
      jobs: execution.jobIds.map((jobId) => ({ jobId, status: model.jobs.get(jobId)?.status ?? ('unknown' as const) })),
      stageIds: execution.stageIds,
      planUpdates: execution.planUpdates,
    }))
    .sort((a, b) => b.executionId - a.executionId);
}

function durationOf(execution: SqlExecutionModel, now: number | undefined): number | undefined {
  if (execution.submissionTime === undefined) return undefined;
  const end = execution.completionTime ?? now;
  return end === undefined ? undefined : Math.max(0, end - execution.submissionTime);
}

/**
 * The first line of a metric's text as the node shows it: a single value as
 * it is, a `total (min, med, max …)` value as its total.
 *
 * @example
 * shortMetricValue('total (min, med, max (stageId: taskId))\n5.0 KiB (1.0 KiB, 2.0 KiB, 2.0 KiB (stage 1.0: task 7))')
 * // '5.0 KiB total'
 */
export function shortMetricValue(full: string): string {
  const newline = full.indexOf('\n');
  if (newline < 0) return full;
  const header = full.slice(0, newline);
  const body = full.slice(newline + 1);
  if (header.startsWith('total')) return `${body.slice(0, body.indexOf(' (')).trim()} total`;
  // An average metric: "(min, med, max …):\n(1.2, 2.2, 6.3 (stage …))".
  const values = body.replace(/^\(/, '').split(', ');
  return values.length >= 2 ? `median ${values[1]}` : body;
}

/**
 * One execution's plan graph, ready to lay out: the final plan (as of the
 * latest adaptive update) or the plan the query started with.
 *
 * @example
 * const view = buildSqlGraphView(model.sqlExecutions.get(0)!, 'final');
 * view.nodes.map((n) => n.name) // ['AdaptiveSparkPlan', 'HashAggregate', 'Exchange', …]
 */
export function buildSqlGraphView(execution: SqlExecutionModel, which: 'final' | 'initial' = 'final'): SqlGraphView {
  const graph: SqlPlanGraph = which === 'final' ? execution.plan : execution.initialPlan;
  const metricOf = (name: string, accumulatorId: number): SqlNodeMetric | null => {
    const full = execution.metricValues.get(accumulatorId);
    return full === undefined ? null : { name, full, short: shortMetricValue(full) };
  };
  const clusterKey = (id: number) => `cluster-${id}`;
  const nodes: SqlGraphNode[] = graph.nodes.map((node) => {
    const metrics = node.metrics.flatMap((m) => metricOf(m.name, m.accumulatorId) ?? []);
    const exchange = node.name.includes('Exchange');
    const said = metrics.map((m) => `${m.name} ${m.short}`).join(', ');
    const stagesOf = (names: ReadonlySet<string>) =>
      [
        ...new Set(
          node.metrics.flatMap((m) => (names.has(m.name) ? (execution.metricStages.get(m.accumulatorId) ?? []) : [])),
        ),
      ].sort((a, b) => a - b);
    const writtenBy = exchange ? stagesOf(SHUFFLE_WRITE_METRICS) : [];
    const readBy = exchange ? stagesOf(SHUFFLE_READ_METRICS) : [];
    const stageWords =
      writtenBy.length + readBy.length > 0 ? `; written by ${stageList(writtenBy)}, read by ${stageList(readBy)}` : '';
    const line = node.callSite?.line;
    return {
      key: `node-${node.id}`,
      id: node.id,
      name: node.name,
      desc: node.desc,
      ...(node.clusterId !== undefined ? { clusterKey: clusterKey(node.clusterId) } : {}),
      metrics,
      exchange,
      ...(writtenBy.length + readBy.length > 0 ? { stages: { writtenBy, readBy } } : {}),
      ...(line !== undefined ? { line } : {}),
      accessibleName:
        `${node.name}${exchange ? ' (a shuffle or broadcast between stages)' : ''}` +
        `${line !== undefined ? `, from line ${line}` : ''}${stageWords}${said ? `: ${said}` : ''}`,
    };
  });
  const clusters: SqlGraphCluster[] = graph.clusters
    .filter((cluster) => cluster.nodeIds.length > 0)
    .map((cluster) => {
      const duration = cluster.metrics.flatMap((m) => metricOf(m.name, m.accumulatorId) ?? [])[0];
      return {
        key: clusterKey(cluster.id),
        id: cluster.id,
        name: cluster.name,
        ...(duration ? { duration } : {}),
        nodeKeys: cluster.nodeIds.map((id) => `node-${id}`),
      };
    });
  const edges: SqlGraphEdge[] = graph.edges.map((edge, i) => ({
    key: `edge-${i}-${edge.fromId}-${edge.toId}`,
    from: `node-${edge.fromId}`,
    to: `node-${edge.toId}`,
  }));
  const exchanges = nodes.filter((n) => n.exchange).length;
  const summary =
    `Query ${execution.executionId} (${STATUS_WORD[execution.status]}), ${which === 'final' ? 'its plan' : 'the plan it started with'}: ` +
    `${nodes.length} operator${nodes.length === 1 ? '' : 's'}, ${exchanges} exchange${exchanges === 1 ? '' : 's'}, ` +
    `${clusters.length} whole-stage codegen block${clusters.length === 1 ? '' : 's'}; ` +
    `${execution.jobIds.length} job${execution.jobIds.length === 1 ? '' : 's'}` +
    (execution.planUpdates > 0
      ? `; adaptive execution re-planned it ${execution.planUpdates} time${execution.planUpdates === 1 ? '' : 's'}.`
      : '.');
  return {
    executionId: execution.executionId,
    which,
    nodes,
    clusters,
    edges,
    summary,
    order: nodes.map((n) => n.key),
  };
}

/** `stage 3`, `stages 3 and 5`, `stages 1, 2 and 4`, or `no stage yet`. */
function stageList(ids: readonly number[]): string {
  if (ids.length === 0) return 'no stage yet';
  if (ids.length === 1) return `stage ${ids[0]}`;
  return `stages ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
