/**
 * SQL executions as the Spark UI's SQL tab shows them, derived from the
 * listener events alone the way Spark's `SQLAppStatusListener` derives them
 * (Spark 4.0, sql/core …/execution/ui/SQLAppStatusListener.scala): each query's
 * plan graph (`SparkPlanGraph`), its jobs and stages, and its metrics — every
 * task's accumulator updates and the driver's, aggregated per accumulator and
 * printed by `SQLMetrics.stringValue` (sql-metrics.ts). Live runs and event
 * logs go through this one model; {@link AppModelBuilder} drives it.
 */
import { metricNeedsMax, sqlMetricStringValue, type MaxMetricOrigin } from './sql-metrics';
import type { AccumulableInfo, EventOf, SparkPlanInfoJson, SqlPlanMetricJson, StringMap, TaskInfo } from './types';

/** The job property that ties a job to its SQL execution (`SQLExecution.EXECUTION_ID_KEY`). */
export const SQL_EXECUTION_ID_KEY = 'spark.sql.execution.id';

/** One operator of a plan graph. `id`s are unique in their graph and number the operators in plan order. */
export interface SqlPlanNode {
  id: number;
  /** `nodeName`, e.g. `HashAggregate`, `Exchange`, `Scan parquet`. */
  name: string;
  /** `simpleString`, e.g. `Exchange hashpartitioning(k#12L, 200), ENSURE_REQUIREMENTS, [plan_id=40]`. */
  desc: string;
  metrics: SqlPlanMetricJson[];
  /** The whole-stage-codegen cluster this operator was compiled into, if any. */
  clusterId?: number;
  /** The program line (1-based) and column the operator comes from, when the log says (Kindling's logs do). */
  callSite?: { line: number; column: number };
}

/** A `WholeStageCodegen (n)` box: operators fused into one generated function. */
export interface SqlPlanCluster {
  id: number;
  /** e.g. `WholeStageCodegen (2)`. */
  name: string;
  desc: string;
  /** Its `duration` metric. */
  metrics: SqlPlanMetricJson[];
  nodeIds: number[];
}

/** Data flows from `fromId` (a child operator) to `toId` (its parent), as Spark's `SparkPlanGraphEdge`. */
export interface SqlPlanEdge {
  fromId: number;
  toId: number;
}

/** `SparkPlanGraph`: what the SQL tab draws for one plan. */
export interface SqlPlanGraph {
  /** Operators in plan order (root first). */
  nodes: SqlPlanNode[];
  clusters: SqlPlanCluster[];
  edges: SqlPlanEdge[];
}

/** As the SQL tab sorts executions: running while it or a job of it runs; failed with an error or a failed job. */
export type SqlExecutionStatus = 'running' | 'completed' | 'failed';

export interface SqlExecutionModel {
  executionId: number;
  /** The execution whose command started this one; itself when it is a root. */
  rootExecutionId: number;
  /** What ran, e.g. `count at Query.scala:25` or the SQL text. */
  description: string;
  /** The call site's stack trace. */
  details: string;
  /** The plan as the SQL tab's "Details" text, as of the latest adaptive update. */
  physicalPlanDescription: string;
  /** The plan's text as the query started. */
  initialPhysicalPlanDescription: string;
  /** The plan graph, as of the latest adaptive update (the final plan once the query ended). */
  plan: SqlPlanGraph;
  /** The plan graph as the query started (before adaptive execution re-planned it). */
  initialPlan: SqlPlanGraph;
  /** How many times adaptive execution re-planned (`SparkListenerSQLAdaptiveExecutionUpdate`s). */
  planUpdates: number;
  submissionTime?: number;
  completionTime?: number;
  errorMessage?: string;
  status: SqlExecutionStatus;
  /** Jobs run for this query (their `spark.sql.execution.id`), in start order. */
  jobIds: number[];
  /** Stages those jobs listed, ascending, skipped ones included. */
  stageIds: number[];
  /** SQL settings changed from their defaults, when the log says. */
  modifiedConfigs: StringMap;
  /** Every metric any plan of this query declared, by accumulator id. */
  metrics: ReadonlyMap<number, SqlPlanMetricJson>;
  /**
   * The SQL tab's text for each metric with a value, by accumulator id, e.g.
   * `'1,000'` or `'total (min, med, max (stageId: taskId))\n1.2 KiB (…)'`.
   * Brought up to date by {@link SqlModelBuilder.refresh}.
   */
  metricValues: ReadonlyMap<number, string>;
  /**
   * The stages whose tasks reported each metric, by accumulator id, ascending:
   * an exchange's write metrics name the stage that wrote its shuffle, its
   * read metrics the stages that read it. Brought up to date by {@link SqlModelBuilder.refresh}.
   */
  metricStages: ReadonlyMap<number, readonly number[]>;
}

/**
 * Builds `SparkPlanGraph` from a `SparkPlanInfo`, as Spark's
 * `SparkPlanGraph.apply` does: `WholeStageCodegen` nodes become clusters of
 * the operators under them, `InputAdapter`s disappear, query stages and
 * reused exchanges or subqueries point at the exchange they reuse.
 *
 * @example
 * const graph = buildSparkPlanGraph(event.sparkPlanInfo);
 * graph.nodes[0].name // 'AdaptiveSparkPlan'
 */
export function buildSparkPlanGraph(planInfo: SparkPlanInfoJson): SqlPlanGraph {
  const graph: SqlPlanGraph = { nodes: [], clusters: [], edges: [] };
  let nextId = 0;
  // Spark keys this map by SparkPlanInfo's equality: name, simple string and children.
  const exchanges = new Map<string, SqlPlanNode>();
  const keys = new WeakMap<SparkPlanInfoJson, string>();
  const keyOf = (info: SparkPlanInfoJson): string => {
    let key = keys.get(info);
    if (key === undefined) {
      key = JSON.stringify([info.nodeName, info.simpleString, (info.children ?? []).map(keyOf)]);
      keys.set(info, key);
    }
    return key;
  };

  const visit = (info: SparkPlanInfoJson, parent: SqlPlanNode | null, cluster: SqlPlanCluster | null): void => {
    const name = info.nodeName;
    const children = info.children ?? [];
    const edgeTo = (node: SqlPlanNode) => {
      if (parent) graph.edges.push({ fromId: node.id, toId: parent.id });
    };
    if (name.startsWith('WholeStageCodegen')) {
      const codegen: SqlPlanCluster = {
        id: nextId++,
        name,
        desc: info.simpleString,
        metrics: [...(info.metrics ?? [])],
        nodeIds: [],
      };
      graph.clusters.push(codegen);
      if (children[0]) visit(children[0], parent, codegen);
    } else if (name === 'InputAdapter') {
      if (children[0]) visit(children[0], parent, null);
    } else if (name === 'BroadcastQueryStage' || name === 'ShuffleQueryStage') {
      const reused = children[0] && exchanges.get(keyOf(children[0]));
      if (reused) edgeTo(reused);
      else if (children[0]) visit(children[0], parent, null);
    } else if (name === 'Subquery' && cluster) {
      // A subquery never belongs to the codegen stage that uses it.
      visit(info, parent, null);
    } else if (name === 'Subquery' && exchanges.has(keyOf(info))) {
      edgeTo(exchanges.get(keyOf(info))!);
    } else if (name === 'ReusedSubquery') {
      if (children[0]) visit(children[0], parent, cluster);
    } else if (name === 'ReusedExchange' && children[0] && exchanges.has(keyOf(children[0]))) {
      edgeTo(exchanges.get(keyOf(children[0]))!);
    } else {
      const node: SqlPlanNode = { id: nextId++, name, desc: info.simpleString, metrics: [...(info.metrics ?? [])] };
      if (info.callSite && Number.isInteger(info.callSite.line) && info.callSite.line > 0)
        node.callSite = { line: info.callSite.line, column: info.callSite.column };
      if (cluster) {
        node.clusterId = cluster.id;
        cluster.nodeIds.push(node.id);
      }
      graph.nodes.push(node);
      if (name.includes('Exchange') || name === 'Subquery') exchanges.set(keyOf(info), node);
      edgeTo(node);
      for (const child of children) visit(child, node, cluster);
    }
  };
  visit(planInfo, null, null);
  return graph;
}

/** Every metric a graph declares, operators' and clusters' alike. */
export function planGraphMetrics(graph: SqlPlanGraph): SqlPlanMetricJson[] {
  return [...graph.nodes.flatMap((node) => node.metrics), ...graph.clusters.flatMap((cluster) => cluster.metrics)];
}

/**
 * What `SQLAppStatusListener` keeps per stage (`LiveStageMetrics`): for the
 * stage's current attempt, each SQL metric's latest value per task index
 * (a finished index takes no more updates), and the task that reported the
 * largest value.
 */
interface StageMetrics {
  stageId: number;
  attemptId: number;
  numTasks: number;
  metricTypes: ReadonlyMap<number, string>;
  completedIndices: Set<number>;
  /** Accumulator id → value per task index (0 where no task reported one). */
  values: Map<number, Float64Array>;
  /** Accumulator id → [largest value, its task id]. */
  maxByMetric: Map<number, [number, number]>;
}

interface LiveExecution {
  model: SqlExecutionModel & {
    metrics: Map<number, SqlPlanMetricJson>;
    metricValues: Map<number, string>;
    metricStages: Map<number, number[]>;
  };
  /** Accumulator id → metric type, for every metric of every plan of the query. */
  metricTypes: Map<number, string>;
  driverUpdates: [number, number][];
  jobStatus: Map<number, 'running' | 'succeeded' | 'failed'>;
}

/**
 * Follows the SQL events (and the jobs, stages and tasks they own) one event
 * at a time; `executions` is updated in place. Metric values are aggregated
 * on demand by {@link refresh}, so a live view pays for them only when it
 * redraws.
 *
 * @example
 * const sql = new SqlModelBuilder();
 * for (const event of events) sql.add(event);
 * sql.refresh();
 * sql.executions.get(0)?.metricValues.get(40) // '1,000'
 */
export class SqlModelBuilder {
  readonly executions = new Map<number, SqlExecutionModel>();
  readonly #live = new Map<number, LiveExecution>();
  readonly #stageMetrics = new Map<number, StageMetrics>();
  /** Stage id → the executions whose jobs listed it. */
  readonly #executionsByStage = new Map<number, Set<LiveExecution>>();
  readonly #dirty = new Set<LiveExecution>();

  /** Called by {@link AppModelBuilder} for the events SQL cares about. */
  executionStarted(event: EventOf<'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart'>): void {
    const live = this.#execution(event.executionId);
    const model = live.model;
    const plan = buildSparkPlanGraph(event.sparkPlanInfo);
    model.rootExecutionId = event.rootExecutionId ?? event.executionId;
    model.description = event.description ?? '';
    model.details = event.details ?? '';
    model.physicalPlanDescription = event.physicalPlanDescription ?? '';
    model.initialPhysicalPlanDescription = model.physicalPlanDescription;
    model.plan = plan;
    model.initialPlan = plan;
    model.submissionTime = event.time;
    model.modifiedConfigs = { ...event.modifiedConfigs };
    this.#addMetrics(live, planGraphMetrics(plan));
    this.#updateStatus(live);
  }

  adaptiveExecutionUpdated(
    event: EventOf<'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate'>,
  ): void {
    const live = this.#execution(event.executionId);
    const plan = buildSparkPlanGraph(event.sparkPlanInfo);
    live.model.plan = plan;
    live.model.physicalPlanDescription = event.physicalPlanDescription ?? '';
    live.model.planUpdates += 1;
    this.#addMetrics(live, planGraphMetrics(plan));
  }

  adaptiveMetricsUpdated(
    event: EventOf<'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveSQLMetricUpdates'>,
  ): void {
    this.#addMetrics(this.#execution(event.executionId), event.sqlPlanMetrics ?? []);
  }

  executionEnded(event: EventOf<'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd'>): void {
    const live = this.#live.get(event.executionId);
    if (!live) return;
    live.model.completionTime = event.time;
    if (event.errorMessage) live.model.errorMessage = event.errorMessage;
    this.#updateStatus(live);
    this.#dirty.add(live);
  }

  driverAccumsUpdated(event: EventOf<'org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates'>): void {
    const live = this.#live.get(event.executionId);
    if (!live) return;
    for (const update of event.accumUpdates ?? []) {
      // Jackson writes the pairs as two-element arrays; very old logs wrote objects.
      const pair = Array.isArray(update) ? update : Object.values(update as object);
      const [id, value] = pair.map(Number);
      if (Number.isFinite(id) && Number.isFinite(value)) live.driverUpdates.push([id, value]);
    }
    this.#dirty.add(live);
  }

  jobStarted(event: EventOf<'SparkListenerJobStart'>): void {
    const idText = event.Properties?.[SQL_EXECUTION_ID_KEY];
    if (idText === undefined || idText === null) return; // not a job SQL ran
    const live = this.#execution(Number(idText));
    const model = live.model;
    if (live.metricTypes.size > 0) {
      for (const info of event['Stage Infos'] ?? []) {
        this.#stageMetrics.set(info['Stage ID'], newStageMetrics(info['Stage ID'], 0, info['Number of Tasks'], live));
      }
    }
    if (!model.jobIds.includes(event['Job ID'])) model.jobIds.push(event['Job ID']);
    live.jobStatus.set(event['Job ID'], 'running');
    const stageIds = new Set(model.stageIds);
    for (const stageId of event['Stage IDs'] ?? []) {
      stageIds.add(stageId);
      let owners = this.#executionsByStage.get(stageId);
      if (!owners) this.#executionsByStage.set(stageId, (owners = new Set()));
      owners.add(live);
    }
    model.stageIds = [...stageIds].sort((a, b) => a - b);
    this.#updateStatus(live);
  }

  jobEnded(event: EventOf<'SparkListenerJobEnd'>): void {
    for (const live of this.#live.values()) {
      if (!live.jobStatus.has(event['Job ID'])) continue;
      live.jobStatus.set(event['Job ID'], event['Job Result'].Result === 'JobSucceeded' ? 'succeeded' : 'failed');
      this.#updateStatus(live);
    }
  }

  stageSubmitted(stageId: number, attemptId: number): void {
    const stage = this.#stageMetrics.get(stageId);
    // A new attempt starts its metrics afresh.
    if (stage && stage.attemptId !== attemptId) {
      this.#stageMetrics.set(stageId, {
        ...stage,
        attemptId,
        completedIndices: new Set(),
        values: new Map(),
        maxByMetric: new Map(),
      });
    }
  }

  taskEnded(stageId: number, attemptId: number, info: TaskInfo, succeeded: boolean): void {
    const stage = this.#stageMetrics.get(stageId);
    if (!stage || stage.attemptId !== attemptId) return;
    const index = info.Index;
    if (stage.completedIndices.has(index)) return;
    for (const accumulable of info.Accumulables ?? []) this.#record(stage, info['Task ID'], index, accumulable);
    if (succeeded) stage.completedIndices.add(index);
    for (const live of this.#executionsByStage.get(stageId) ?? []) this.#dirty.add(live);
  }

  /**
   * Aggregates the metrics of every execution that changed since the last
   * call, as `SQLAppStatusListener.aggregateMetrics` does.
   */
  refresh(): void {
    for (const live of this.#dirty) this.#aggregate(live);
    this.#dirty.clear();
  }

  #record(stage: StageMetrics, taskId: number, index: number, accumulable: AccumulableInfo): void {
    const type = stage.metricTypes.get(accumulable.ID);
    if (type === undefined || accumulable.Update === undefined || index < 0 || index >= stage.numTasks) return;
    // Live accumulators are numbers; event logs write SQL metrics as strings.
    const value = Number(accumulable.Update);
    if (!Number.isFinite(value)) return;
    let values = stage.values.get(accumulable.ID);
    if (!values) stage.values.set(accumulable.ID, (values = new Float64Array(stage.numTasks)));
    values[index] = value;
    if (metricNeedsMax(type)) {
      const max = stage.maxByMetric.get(accumulable.ID);
      if (!max) stage.maxByMetric.set(accumulable.ID, [value, taskId]);
      else if (value > max[0]) {
        max[0] = value;
        max[1] = taskId;
      }
    }
  }

  #aggregate(live: LiveExecution): void {
    const model = live.model;
    const stages = model.stageIds.flatMap((id) => this.#stageMetrics.get(id) ?? []);
    const allValues = new Map<number, number[]>();
    const maxOrigin = new Map<number, [number, number, number, number]>();
    const metricStages: Map<number, number[]> = model.metricStages;
    metricStages.clear();
    for (const stage of stages) {
      for (const [id, values] of stage.values) {
        if (!live.metricTypes.has(id)) continue;
        const reporting = metricStages.get(id);
        if (!reporting) metricStages.set(id, [stage.stageId]);
        else if (!reporting.includes(stage.stageId)) reporting.push(stage.stageId);
        let all = allValues.get(id);
        if (!all) allValues.set(id, (all = []));
        for (const value of values) all.push(value);
      }
      for (const [id, [value, taskId]] of stage.maxByMetric) {
        if (!live.metricTypes.has(id)) continue;
        const max = maxOrigin.get(id);
        if (!max) maxOrigin.set(id, [value, stage.stageId, stage.attemptId, taskId]);
        else if (value > max[0]) maxOrigin.set(id, [value, stage.stageId, stage.attemptId, taskId]);
      }
    }
    for (const [id, value] of live.driverUpdates) {
      if (!live.metricTypes.has(id)) continue;
      // A driver value above every task's makes the driver the origin of the maximum.
      const max = maxOrigin.get(id);
      if (max && value > max[0]) maxOrigin.delete(id);
      let all = allValues.get(id);
      if (!all) allValues.set(id, (all = []));
      all.push(value);
    }
    model.metricValues.clear();
    for (const [id, values] of allValues) {
      const origin: MaxMetricOrigin = maxOrigin.get(id) ?? [];
      model.metricValues.set(id, sqlMetricStringValue(live.metricTypes.get(id)!, values, origin));
    }
  }

  #addMetrics(live: LiveExecution, metrics: readonly SqlPlanMetricJson[]): void {
    for (const metric of metrics) {
      live.model.metrics.set(metric.accumulatorId, metric);
      live.metricTypes.set(metric.accumulatorId, metric.metricType);
    }
  }

  #updateStatus(live: LiveExecution): void {
    const statuses = [...live.jobStatus.values()];
    const model = live.model;
    model.status =
      model.completionTime === undefined || statuses.includes('running')
        ? 'running'
        : model.errorMessage !== undefined || statuses.includes('failed')
          ? 'failed'
          : 'completed';
  }

  #execution(executionId: number): LiveExecution {
    let live = this.#live.get(executionId);
    if (!live) {
      const empty: SqlPlanGraph = { nodes: [], clusters: [], edges: [] };
      live = {
        model: {
          executionId,
          rootExecutionId: executionId,
          description: '',
          details: '',
          physicalPlanDescription: '',
          initialPhysicalPlanDescription: '',
          plan: empty,
          initialPlan: empty,
          planUpdates: 0,
          status: 'running',
          jobIds: [],
          stageIds: [],
          modifiedConfigs: {},
          metrics: new Map(),
          metricValues: new Map(),
          metricStages: new Map(),
        },
        metricTypes: new Map(),
        driverUpdates: [],
        jobStatus: new Map(),
      };
      this.#live.set(executionId, live);
      this.executions.set(executionId, live.model);
    }
    return live;
  }
}

function newStageMetrics(stageId: number, attemptId: number, numTasks: number, live: LiveExecution): StageMetrics {
  return {
    stageId,
    attemptId,
    numTasks: Math.max(0, numTasks),
    // Spark 4.0 takes the execution's metrics as they are when the job starts.
    metricTypes: new Map(live.metricTypes),
    completedIndices: new Set(),
    values: new Map(),
    maxByMetric: new Map(),
  };
}
