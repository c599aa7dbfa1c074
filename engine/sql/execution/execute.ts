/**
 * Runs a physical plan on the engine, as Spark's `SparkPlan.execute` does:
 * each operator becomes RDDs of the existing engine, so SQL runs through the
 * same DAG and task schedulers, executors and IndexedDB shuffle as RDD
 * programs. Operators of one pipeline (a whole-stage codegen stage) become
 * one MapPartitionsRDD whose `sql` operation lists them; a ShuffleExchange
 * becomes a map-side step that computes each row's partition, a
 * ShuffledRDD with Spark SQL's PartitionIdPassthrough, and a read; a
 * BroadcastExchange runs a job that collects its side to the driver;
 * a global sort's range exchange first runs the RangePartitioner's sampling
 * job. Kept apart from the operator classes so planning needs no engine.
 */
import type { SparkContext } from '../../context';
import type { CallSite } from '../../rdd/call-site';
import { MapPartitionsRDD, PartitionerAwareUnionRDD, ShuffledRDD, type RDD } from '../../rdd/rdd';
import { PartitionIdPassthrough } from '../../rdd/partitioner';
import type { SparkPlan } from './SparkPlan';
import type { Expression } from '../catalyst/expressions/Expression';
import { bindReference, type AttributeReference } from '../catalyst/expressions/namedExpressions';
import type { SortOrder } from '../catalyst/expressions/ordering';
import { AggregateExpression } from '../catalyst/expressions/aggregate/interfaces';
import { InputAdapter, WholeStageCodegenExec } from './WholeStageCodegenExec';
import { CoalesceExec, ExpandExec, FilterExec, ProjectExec, RangeExec, UnionExec } from './basicPhysicalOperators';
import { LocalTableScanExec, RDDScanExec } from './ExistingRDD';
import { ColumnarToRowExec, FileSourceScanExec } from './datasources/FileSourceScanExec';
import { FileScanRDD } from './datasources/FileScanRDD';
import type { FileScanWire } from '../../rdd/wire';
import { SortExec } from './SortExec';
import { CollectLimitExec, GlobalLimitExec, LocalLimitExec, TakeOrderedAndProjectExec } from './limit';
import { HashAggregateExec } from './aggregate/HashAggregateExec';
import { BroadcastExchangeExec, ReusedExchangeExec, ShuffleExchangeExec } from './exchange/ShuffleExchangeExec';
import { SortMergeJoinExec } from './joins/SortMergeJoinExec';
import {
  BroadcastHashJoinExec,
  BroadcastNestedLoopJoinExec,
  CartesianProductExec,
  ShuffledHashJoinExec,
} from './joins/HashJoinExec';
import { WindowExec } from './window/WindowExec';
import { AQEShuffleReadExec, ShuffleQueryStageExec, TableCacheQueryStageExec } from './adaptive/QueryStageExec';
import { AdaptiveSparkPlanExec } from './adaptive/AdaptiveSparkPlanExec';
import { executeAdaptive } from './adaptive/AdaptiveExecution';
import { InMemoryTableScanExec } from './columnar/InMemoryTableScanExec';
import type { CachedRDDBuilder } from './columnar/InMemoryRelation';
import { ShuffledRowRDD } from './ShuffledRowRDD';
import { BatchEvalPythonExec, collectFunctions } from './python/BatchEvalPythonExec';
import { BatchEvalPythonRDD } from '../../python/python-rdd';
import { dataTypeToJson } from '../types/json';
import { metricIds, postDriverMetricUpdates, sqlMetrics } from './metric/SQLMetrics';
import type { ShuffleDependency } from '../../rdd/dependency';
import type { Accumulator } from '../../shared-variables';
import {
  HashPartitioning,
  RangePartitioning,
  RoundRobinPartitioning,
  SinglePartitionClass,
  type Partitioning,
} from '../catalyst/plans/physical/partitioning';
import { encodeExpr } from './runtime/expressionCodec';
import { unsafeRowSize } from './runtime/metrics';
import { keyComparator, type SqlOp } from './runtime/operators';
import type { HashKind } from './runtime/murmur3';
import {
  BooleanType,
  DateType,
  DoubleType,
  FloatType,
  IntegerType,
  ShortType,
  ByteType,
  TimestampType,
  type DataType,
} from '../types';

/** Rows on their way through a stage: an RDD plus the operator steps still to fuse onto it. */
export interface Pipeline {
  rdd: RDD;
  steps: SqlOp[];
  /** Operator names, for the RDD's scope (what the DAG view shows). */
  names: string[];
}

export interface ExecutionEnv {
  sc: SparkContext;
  /** The action's call site: every job the query runs is reported at the learner's line. */
  site: CallSite;
  /**
   * Exchanges already turned into RDDs in this query, by plan id (copies of a node keep its id), so a
   * ReusedExchange, a later action and a re-planned parent read the same shuffle or broadcast.
   */
  exchanges: Map<number, Pipeline | unknown[][]>;
  /** Shuffle map stages adaptive execution already materialised, by exchange plan id. */
  materialized?: Map<number, Pipeline>;
  /** False when `spark.sql.codegen.wholeStage` is off: executors then interpret every operator. */
  codegen?: boolean;
}

const EXECUTION_ID_KEY = 'spark.sql.execution.id';

const bind = (e: Expression, input: readonly AttributeReference[]) => encodeExpr(bindReference(e, input));

/** Fuses the pending steps into one MapPartitionsRDD (keeping the partitioner: rows stay where they are). */
export function materialize(p: Pipeline, env: ExecutionEnv): RDD {
  if (p.steps.length === 0) return p.rdd;
  return env.sc.withScope(
    p.names[p.names.length - 1] ?? 'SQL',
    () => new MapPartitionsRDD(p.rdd, { op: 'sql', steps: p.steps, codegen: env.codegen !== false }, true),
    env.site,
  );
}

function extend(p: Pipeline, step: SqlOp, name: string): Pipeline {
  return { rdd: p.rdd, steps: [...p.steps, step], names: [...p.names, name] };
}

/** The Murmur3 hashing of each key column's type. */
function hashKind(t: DataType): HashKind {
  if (t === IntegerType || t === ShortType || t === ByteType) return 'int';
  if (t === BooleanType) return 'boolean';
  if (t === DoubleType) return 'double';
  if (t === FloatType) return 'float';
  if (t === DateType) return 'date';
  if (t === TimestampType) return 'timestamp';
  if (t.simpleString === 'bigint') return 'long';
  return 'string';
}

/**
 * The RDD pipeline that computes `plan`'s rows.
 *
 * @example
 * const rows = await materialize(await execute(plan, env), env).collect();
 */
export async function execute(plan: SparkPlan, env: ExecutionEnv): Promise<Pipeline> {
  const sc = env.sc;
  const metrics = metricIds(plan, sc);
  if (plan instanceof InputAdapter) return execute(plan.child, env);
  if (plan instanceof WholeStageCodegenExec) {
    const child = await execute(plan.child, env);
    return extend(child, { kind: 'duration', metrics }, `WholeStageCodegen (${plan.codegenStageId})`);
  }
  if (plan instanceof RangeExec) {
    const rdd = sc.withScope('Range', () => sc.range(plan.start, plan.end, plan.step, plan.numSlices), env.site);
    return { rdd, steps: [{ kind: 'wrapValue', metrics }], names: ['Range'] };
  }
  if (plan instanceof RDDScanExec)
    return { rdd: plan.rdd as RDD, steps: [{ kind: 'scan', metrics }], names: ['Scan ExistingRDD'] };
  if (plan instanceof FileSourceScanExec) return executeFileScan(plan, env);
  if (plan instanceof ColumnarToRowExec)
    return extend(await execute(plan.child, env), { kind: 'scan', metrics }, 'ColumnarToRow');
  if (plan instanceof LocalTableScanExec) {
    const n = Math.min(Math.max(plan.rows.length, 1), sc.defaultParallelism);
    const rdd = sc.withScope('LocalTableScan', () => sc.parallelize(plan.rows, n), env.site);
    return { rdd, steps: [{ kind: 'scan', metrics }], names: ['LocalTableScan'] };
  }
  if (plan instanceof ProjectExec) {
    const child = await execute(plan.child, env);
    return extend(
      child,
      { kind: 'project', exprs: plan.projectList.map((e) => bind(e, plan.child.output)), metrics },
      'Project',
    );
  }
  if (plan instanceof BatchEvalPythonExec) {
    // The child's pipeline computes every UDF's arguments beside the row; Python then runs over the partition.
    const child = await execute(plan.child, env);
    const input = plan.child.output;
    // A chain of UDFs (`f(g(x))`) reads the innermost one's arguments; its functions run one after another.
    const chains = plan.udfs.map(collectFunctions);
    const args = chains.flatMap((c) => c.args);
    const withArgs = extend(
      child,
      { kind: 'project', exprs: [...input, ...args].map((e) => bind(e, input)), metrics },
      'BatchEvalPython',
    );
    let offset = input.length;
    const udfs = chains.map(({ funcs, args: chainArgs }) => {
      const udf = {
        funcs,
        argOffset: offset,
        argTypes: JSON.stringify(chainArgs.map((c) => dataTypeToJson(c.dataType))),
        argCount: chainArgs.length,
      };
      offset += chainArgs.length;
      return udf;
    });
    const parent = materialize(withArgs, env);
    const rdd = sc.withScope('BatchEvalPython', () => new BatchEvalPythonRDD(parent, udfs, input.length), env.site);
    return { rdd, steps: [], names: ['BatchEvalPython'] };
  }
  if (plan instanceof ExpandExec) {
    const child = await execute(plan.child, env);
    const projections = plan.projections.map((p) => p.map((e) => bind(e, plan.child.output)));
    return extend(child, { kind: 'expand', projections, metrics }, 'Expand');
  }
  if (plan instanceof FilterExec) {
    const child = await execute(plan.child, env);
    return extend(child, { kind: 'filter', condition: bind(plan.condition, plan.child.output), metrics }, 'Filter');
  }
  if (plan instanceof SortExec) {
    const child = await execute(plan.child, env);
    return extend(
      child,
      { kind: 'sort', orders: plan.sortOrder.map((o) => bind(o, plan.child.output)), metrics },
      'Sort',
    );
  }
  if (plan instanceof LocalLimitExec || plan instanceof GlobalLimitExec) {
    const child = await execute(plan.child, env);
    return extend(
      child,
      { kind: 'limit', n: plan.limit, metrics },
      plan instanceof LocalLimitExec ? 'LocalLimit' : 'GlobalLimit',
    );
  }
  if (plan instanceof TakeOrderedAndProjectExec) return executeTakeOrdered(plan, env);
  if (plan instanceof CollectLimitExec) {
    // CollectLimitExec.doExecute (as a subquery's root): each partition's first rows, shuffled into one partition.
    const local = extend(await execute(plan.child, env), { kind: 'limit', n: plan.limit }, 'CollectLimit');
    return extend(singlePartition(plan, local, env), { kind: 'limit', n: plan.limit }, 'CollectLimit');
  }
  if (plan instanceof HashAggregateExec) return executeAggregate(plan, env);
  if (plan instanceof WindowExec) {
    const child = await execute(plan.child, env);
    const input = plan.child.output;
    return extend(
      child,
      {
        kind: 'window',
        partition: plan.partitionSpec.map((e) => bind(e, input)),
        orders: plan.orderSpec.map((o) => bind(o, input)),
        functions: plan.windowExpression.map((w) => bind((w as unknown as { child: Expression }).child, input)),
        metrics,
      },
      'Window',
    );
  }
  if (plan instanceof ShuffleExchangeExec) return executeShuffle(plan, env);
  if (plan instanceof ReusedExchangeExec) {
    const p = await execute(plan.exchange, env);
    return p;
  }
  if (plan instanceof UnionExec) {
    const rdds = await Promise.all(plan.children.map(async (c) => materialize(await execute(c, env), env)));
    return { rdd: sc.withScope('Union', () => sc.union(rdds), env.site), steps: [], names: ['Union'] };
  }
  if (plan instanceof CoalesceExec) {
    const rdd = materialize(await execute(plan.child, env), env);
    return {
      rdd: sc.withScope('Coalesce', () => rdd.coalesce(plan.numPartitions), env.site),
      steps: [],
      names: ['Coalesce'],
    };
  }
  if (plan instanceof BroadcastNestedLoopJoinExec && keepsBuildSideWhole(plan)) return nestedLoopDefaultJoin(plan, env);
  if (plan instanceof BroadcastHashJoinExec || plan instanceof BroadcastNestedLoopJoinExec) {
    const { stream, op } = await broadcastJoin(plan, env);
    const name = plan instanceof BroadcastHashJoinExec ? 'BroadcastHashJoin' : 'BroadcastNestedLoopJoin';
    return extend(stream, { ...op, metrics }, name);
  }
  if (plan instanceof SortMergeJoinExec || plan instanceof ShuffledHashJoinExec) {
    const sides = await Promise.all(
      plan.children.map(async (c, side) => {
        const p = extend(await execute(c, env), { kind: 'tag', side }, 'Tag');
        return materialize(p, env);
      }),
    );
    if (!sides[0].partitioner || !sides[0].partitioner.equals(sides[1].partitioner))
      throw new Error(`${plan.formattedName}: both sides must be read from shuffles of the same partitioning`);
    const union = sc.withScope(plan.formattedName, () => new PartitionerAwareUnionRDD(sc, sides), env.site);
    return {
      rdd: union,
      steps: [
        {
          kind: 'join',
          joinType: plan.joinType,
          leftKeys: plan.leftKeys.map((k) => bind(k, plan.left.output)),
          rightKeys: plan.rightKeys.map((k) => bind(k, plan.right.output)),
          condition: plan.condition ? bind(plan.condition, [...plan.left.output, ...plan.right.output]) : undefined,
          leftWidth: plan.left.output.length,
          rightWidth: plan.right.output.length,
          metrics,
        },
      ],
      names: [plan.formattedName],
    };
  }
  if (plan instanceof CartesianProductExec) {
    // Spark's CartesianProductExec: an (Unsafe)CartesianRDD over both sides, a task per pair of partitions, no shuffle.
    const [left, right] = await Promise.all(plan.children.map(async (c) => materialize(await execute(c, env), env)));
    const rdd = sc.withScope('CartesianProduct', () => left.cartesian(right), env.site);
    const condition = plan.condition ? bind(plan.condition, [...plan.left.output, ...plan.right.output]) : undefined;
    return { rdd, steps: [{ kind: 'cartesian', condition, metrics }], names: ['CartesianProduct'] };
  }
  if (plan instanceof TableCacheQueryStageExec) return execute(plan.scan, env);
  if (plan instanceof InMemoryTableScanExec) {
    // The cached rows are in the cached plan's column order, which is the relation's.
    const rdd = await buildCache(plan.relation.cacheBuilder, env);
    const columns = plan.attributes.map((a) => bind(a, plan.relation.output));
    return { rdd, steps: [{ kind: 'project', exprs: columns, metrics }], names: ['InMemoryTableScan'] };
  }
  if (plan instanceof ShuffleQueryStageExec || plan instanceof AQEShuffleReadExec) return readStage(plan, env);
  throw new Error(`Kindling cannot run ${plan.formattedName} yet`);
}

/** A broadcast join's sides (the broadcast rows, the streamed pipeline) and its join step, without metrics. */
async function broadcastJoin(
  plan: BroadcastHashJoinExec | BroadcastNestedLoopJoinExec,
  env: ExecutionEnv,
): Promise<{ rows: unknown[][]; stream: Pipeline; op: Extract<SqlOp, { kind: 'join' }> }> {
  const buildLeft = plan.buildSide === 'BuildLeft';
  const rows = await executeBroadcast(buildLeft ? plan.left : plan.right, env);
  const stream = await execute(buildLeft ? plan.right : plan.left, env);
  const keys = plan instanceof BroadcastHashJoinExec;
  const op: Extract<SqlOp, { kind: 'join' }> = {
    kind: 'join',
    joinType: plan.joinType,
    leftKeys: keys ? plan.leftKeys.map((k) => bind(k, plan.left.output)) : [],
    rightKeys: keys ? plan.rightKeys.map((k) => bind(k, plan.right.output)) : [],
    condition: plan.condition ? bind(plan.condition, [...plan.left.output, ...plan.right.output]) : undefined,
    leftWidth: plan.left.output.length,
    rightWidth: plan.right.output.length,
    broadcast: { side: buildLeft ? 'left' : 'right', rows },
    nullAware: plan instanceof BroadcastHashJoinExec && plan.isNullAwareAntiJoin ? true : undefined,
  };
  return { rows, stream, op };
}

/**
 * Whether a nested loop join must know, over all the streamed side, which broadcast rows met none: an outer join
 * keeping the broadcast side, a full join, a semi or anti join of the broadcast side (BroadcastNestedLoopJoinExec's
 * doExecute sends these to defaultJoin; the others are joined partition by partition).
 */
function keepsBuildSideWhole(plan: BroadcastNestedLoopJoinExec): boolean {
  const t = plan.joinType;
  if (t === 'Inner' || t === 'Cross') return false;
  if (plan.buildSide === 'BuildRight') return t === 'RightOuter' || t === 'FullOuter';
  return t !== 'RightOuter';
}

/**
 * BroadcastNestedLoopJoinExec.defaultJoin: a job over the streamed side folds which broadcast rows met a streamed
 * row (Spark folds one BitSet per partition); a semi or anti join is then those rows, or the others, as a local
 * collection (sparkContext.makeRDD, so defaultParallelism slices); the outer joins are the streamed side's pairs
 * (and, for a full join, its rows that met none) in union with the broadcast rows that met none, padded with nulls.
 */
async function nestedLoopDefaultJoin(plan: BroadcastNestedLoopJoinExec, env: ExecutionEnv): Promise<Pipeline> {
  const { sc } = env;
  const buildLeft = plan.buildSide === 'BuildLeft';
  const { rows, stream, op } = await broadcastJoin(plan, env);
  const marks = materialize(extend(stream, { ...op, defaultJoin: 'matched' }, 'BroadcastNestedLoopJoin'), env);
  const parts = (await sc.withScope('BroadcastNestedLoopJoin', () => marks.collect(), env.site)) as number[][][];
  const matched = new Uint8Array(rows.length);
  for (const row of parts) for (const i of row[0]) matched[i] = 1;
  const keep = (want: number) => rows.filter((_, i) => matched[i] === want);
  const local = (data: unknown[][]) => sc.withScope('BroadcastNestedLoopJoin', () => sc.parallelize(data), env.site);
  const counted = (rdd: RDD): Pipeline => ({
    rdd,
    steps: [{ kind: 'scan', metrics: metricIds(plan, sc) }],
    names: ['BroadcastNestedLoopJoin'],
  });
  if (plan.joinType === 'LeftSemi') return counted(local(keep(1)));
  if (plan.joinType === 'LeftAnti') return counted(local(keep(0)));
  const nulls = new Array(buildLeft ? plan.right.output.length : plan.left.output.length).fill(null);
  const unmatched = keep(0).map((r) => (buildLeft ? [...r, ...nulls] : [...nulls, ...r]));
  const pairs = materialize(extend(stream, { ...op, defaultJoin: 'stream' }, 'BroadcastNestedLoopJoin'), env);
  return counted(sc.withScope('BroadcastNestedLoopJoin', () => sc.union([pairs, local(unmatched)]), env.site));
}

/**
 * How a job reads a query stage: its shuffle as it is, or by the partition
 * specs of an AQEShuffleRead (Spark's ShuffledRowRDD), whose metrics the
 * driver sets and posts as it builds the read (AQEShuffleReadExec.sendDriverMetrics).
 */
function readStage(plan: ShuffleQueryStageExec | AQEShuffleReadExec, env: ExecutionEnv): Pipeline {
  const stage = plan instanceof AQEShuffleReadExec ? plan.stage : plan;
  const shuffled = env.materialized!.get(stage.exchange.id);
  if (!shuffled) throw new Error(`Query stage ${stage.stageId} has not run`);
  if (plan instanceof ShuffleQueryStageExec) return shuffled;
  const dependency = shuffled.rdd.dependencies[0] as ShuffleDependency;
  const rdd = env.sc.withScope(
    'AQEShuffleRead',
    () => new ShuffledRowRDD(dependency, shuffled.rdd.getNumPartitions(), plan.specs),
    env.site,
  );
  const m = sqlMetrics(plan, env.sc);
  const skewed = plan.specs.flatMap((s) => (s.kind === 'partialReducer' ? [s.reducer] : []));
  const coalesced = plan.specs.filter(
    (s) => s.kind === 'coalesced' && (s.endReducer - s.startReducer > 1 || s.endReducer === 0),
  ).length;
  postDriverMetricUpdates(env.sc, env.sc.getLocalProperty(EXECUTION_ID_KEY), [
    [m.numPartitions, plan.specs.length],
    [m.numSkewedPartitions, new Set(skewed).size],
    [m.numSkewedSplits, skewed.length],
    [m.numCoalescedPartitions, coalesced],
    ...(plan.dataSizes ?? []).map((size): [Accumulator | undefined, number] => [m.partitionDataSize, size]),
  ]);
  return { rdd, steps: shuffled.steps, names: ['AQEShuffleRead'] };
}

async function executeAggregate(plan: HashAggregateExec, env: ExecutionEnv): Promise<Pipeline> {
  const child = await execute(plan.child, env);
  const input = plan.child.output;
  const aggregates = plan.aggregateExpressions.map((a) => {
    const merges = a.mode === 'Final' || a.mode === 'PartialMerge';
    const fn = a.aggregateFunction;
    // Merging modes read the partial buffers from the input; updating modes evaluate the function's inputs (and
    // its filter).
    const bound = merges
      ? a
      : (a.withNewChildren(a.children.map((c) => bindReference(c, input))) as AggregateExpression);
    const offset = merges ? input.findIndex((x) => x.exprId === fn.aggBufferAttributes[0]?.exprId) : -1;
    if (merges && offset < 0) throw new Error(`The buffer of ${a} is not in the aggregate's input`);
    return { expr: encodeExpr(bound), inputOffset: offset };
  });
  const isFinal =
    plan.aggregateExpressions.length === 0
      ? plan.requiredChildDistributionExpressions !== undefined
      : plan.aggregateExpressions.every((a) => a.mode === 'Final' || a.mode === 'Complete');
  const groupingAttrs = plan.groupingExpressions.map((g) => g.toAttribute());
  const result = isFinal
    ? plan.resultExpressions.map((r) => bind(r, [...groupingAttrs, ...plan.aggregateAttributes]))
    : undefined;
  return extend(
    child,
    {
      kind: 'aggregate',
      grouping: plan.groupingExpressions.map((g) => bind(g, input)),
      aggregates,
      result,
      global: plan.groupingExpressions.length === 0,
      metrics: metricIds(plan, env.sc),
    },
    plan.kind,
  );
}

/** Each partition's top rows by a TakeOrderedAndProject's order (Utils.takeOrdered), its child's output kept. */
export async function localTopK(plan: TakeOrderedAndProjectExec, env: ExecutionEnv): Promise<Pipeline> {
  const orders = plan.sortOrder.map((o) => bind(o, plan.child.output));
  return extend(await execute(plan.child, env), { kind: 'topK', orders, n: plan.limit }, 'TakeOrderedAndProject');
}

/**
 * The rows of a pipeline in one partition, through a shuffle of the operator's own (not an Exchange: its writer and
 * reader add to the operator's metrics), or as they are when there is one partition already.
 */
function singlePartition(plan: SparkPlan, local: Pipeline, env: ExecutionEnv): Pipeline {
  if (local.rdd.getNumPartitions() <= 1) return local;
  const name = local.names[local.names.length - 1];
  const mapSide = materialize(extend(local, { kind: 'singlePartition' }, name), env);
  const shuffled = env.sc.withScope(name, () => new ShuffledRDD(mapSide, new PartitionIdPassthrough(1)), env.site);
  (shuffled.dependencies[0] as ShuffleDependency).sqlMetrics = metricIds(plan, env.sc);
  return { rdd: shuffled, steps: [{ kind: 'exchangeRead' }], names: [name] };
}

/**
 * TakeOrderedAndProjectExec.doExecute: the top rows of each partition are shuffled into a single partition (no
 * shuffle when there is one already), whose top rows are kept and projected. The shuffle is the operator's own, not
 * an Exchange: its map side ends a stage of the job, and its writer and reader add to the operator's metrics.
 */
async function executeTakeOrdered(plan: TakeOrderedAndProjectExec, env: ExecutionEnv): Promise<Pipeline> {
  const single = singlePartition(plan, await localTopK(plan, env), env);
  const input = plan.child.output;
  const orders = plan.sortOrder.map((o) => bind(o, input));
  const top = extend(single, { kind: 'topK', orders, n: plan.limit }, 'TakeOrderedAndProject');
  return extend(top, { kind: 'project', exprs: plan.projectList.map((e) => bind(e, input)) }, 'TakeOrderedAndProject');
}

/** The map side of an exchange: each row paired with its reduce partition, as Spark's ShuffleExchangeExec prepares it. */
async function partitionStep(
  partitioning: Partitioning,
  input: readonly AttributeReference[],
  child: Pipeline,
  env: ExecutionEnv,
): Promise<SqlOp> {
  if (partitioning instanceof HashPartitioning)
    return {
      kind: 'hashPartition',
      keys: partitioning.expressions.map((e) => bind(e, input)),
      kinds: partitioning.expressions.map((e) => hashKind(e.dataType)),
      numPartitions: partitioning.numPartitions,
    };
  if (partitioning instanceof RoundRobinPartitioning)
    return { kind: 'roundRobin', numPartitions: partitioning.numPartitions, seed: 0 };
  if (partitioning instanceof SinglePartitionClass) return { kind: 'singlePartition' };
  if (partitioning instanceof RangePartitioning) {
    const orders = partitioning.ordering.map((o) => bindReference(o, input) as SortOrder);
    const bounds = await rangeBounds(orders, partitioning.numPartitions, child, env);
    return { kind: 'rangePartition', orders: orders.map((o) => encodeExpr(o)), bounds };
  }
  throw new Error(`Kindling cannot shuffle by ${partitioning}`);
}

/**
 * Spark's RangePartitioner for a global sort: a sampling job over the
 * exchange's input (`sketch`: about 20 keys per output partition, 3× over
 * sampled per input partition), then bounds from the weighted sample.
 */
async function rangeBounds(
  orders: SortOrder[],
  partitions: number,
  child: Pipeline,
  env: ExecutionEnv,
): Promise<unknown[][]> {
  if (partitions <= 1) return [];
  // spark.sql.execution.rangeExchange.sampleSizePerPartition (100) keys per output partition.
  const sampleSize = Math.min(100 * partitions, 1e6);
  const perPartition = Math.ceil((3 * sampleSize) / Math.max(child.rdd.getNumPartitions(), 1));
  const sketchRdd = materialize(
    extend(
      child,
      { kind: 'sketch', keys: orders.map((o) => encodeExpr(o.child)), sampleSize: perPartition, seed: 42 },
      'Exchange',
    ),
    env,
  );
  const sketches = (await env.sc.withScope('Exchange', () => sketchRdd.collect(), env.site)) as unknown as [
    number,
    unknown[][],
  ][];
  const total = sketches.reduce((a, [n]) => a + n, 0);
  if (total === 0) return [];
  const candidates: [unknown[], number][] = [];
  for (const [n, sample] of sketches) {
    if (sample.length === 0) continue;
    const weight = n / sample.length;
    for (const key of sample) candidates.push([key, weight]);
  }
  const cmp = keyComparator(orders);
  candidates.sort((a, b) => cmp(a[0], b[0]));
  const sumWeights = candidates.reduce((a, [, w]) => a + w, 0);
  // RangePartitioner.determineBounds(candidates, min(partitions, candidates.size)).
  const wanted = Math.min(partitions, candidates.length);
  const step = sumWeights / wanted;
  const bounds: unknown[][] = [];
  let cum = 0;
  let target = step;
  for (let i = 0; i < candidates.length && bounds.length < wanted - 1; i++) {
    cum += candidates[i][1];
    if (cum >= target && (bounds.length === 0 || cmp(candidates[i][0], bounds[bounds.length - 1]) > 0)) {
      bounds.push(candidates[i][0]);
      target += step;
    }
  }
  return bounds;
}

const cachesBeingBuilt = new WeakMap<CachedRDDBuilder, Promise<RDD>>();

/**
 * CachedRDDBuilder.buildBuffers: the cached plan's rows as an RDD persisted at the cache's level and named as
 * Spark names it. An adaptive cached plan runs its query stages now, in jobs of the current query, with its final
 * stage's shuffle reads left as they are (its partitioning kept, see AdaptiveOptions); a static one only builds
 * RDDs, and the job that first reads the cache computes it.
 */
export function buildCache(builder: CachedRDDBuilder, env: ExecutionEnv): Promise<RDD> {
  const built = builder.cachedRDD;
  if (built) return Promise.resolve(built as RDD);
  let pending = cachesBeingBuilt.get(builder);
  if (!pending) {
    pending = (async () => {
      const inner: ExecutionEnv = { sc: env.sc, site: env.site, exchanges: new Map() };
      let plan = builder.cachedPlan;
      if (plan instanceof AdaptiveSparkPlanExec) {
        const adaptive = plan;
        const { finalPlan } = await executeAdaptive(adaptive.initialPlan, inner, builder.conf, () => {}, {
          finalStageShuffleOptimizations: false,
        });
        builder.cachedPlanAsRun = new AdaptiveSparkPlanExec(adaptive.initialPlan, finalPlan);
        plan = finalPlan;
      }
      const rdd = materialize(await execute(plan, inner), inner);
      rdd.persist(builder.storageLevel).setName(builder.cachedName);
      builder.cachedRDD = rdd;
      return rdd;
    })();
    cachesBeingBuilt.set(builder, pending);
    void pending.finally(() => cachesBeingBuilt.delete(builder)).catch(() => {});
  }
  return pending;
}

/** Exchanges being built, so two readers of one exchange (a self-join's ReusedExchange) share one shuffle. */
const building = new WeakMap<ExecutionEnv['exchanges'], Map<number, Promise<unknown>>>();

function once<T>(env: ExecutionEnv, id: number, make: () => Promise<T>): Promise<T> {
  let pending = building.get(env.exchanges);
  if (!pending) building.set(env.exchanges, (pending = new Map()));
  let p = pending.get(id) as Promise<T> | undefined;
  if (!p) {
    p = make();
    pending.set(id, p);
    p.catch(() => pending!.delete(id));
  }
  return p;
}

function executeShuffle(plan: ShuffleExchangeExec, env: ExecutionEnv): Promise<Pipeline> {
  const ready = env.materialized?.get(plan.id);
  if (ready) return Promise.resolve(ready);
  return once(env, plan.id, () => buildShuffle(plan, env));
}

async function buildShuffle(plan: ShuffleExchangeExec, env: ExecutionEnv): Promise<Pipeline> {
  const done = env.materialized?.get(plan.id) ?? (env.exchanges.get(plan.id) as Pipeline | undefined);
  if (done) return done;
  const child = await execute(plan.child, env);
  const metrics = sqlMetrics(plan, env.sc);
  const step = await partitionStep(plan.partitioning, plan.child.output, child, env);
  const mapSide = materialize(extend(child, { ...step, metrics: { dataSize: metrics.dataSize.id } }, 'Exchange'), env);
  // A range exchange has as many partitions as its RangePartitioner found ranges (bounds + 1), as in Spark.
  const n = step.kind === 'rangePartition' ? step.bounds.length + 1 : plan.partitioning.numPartitions;
  const shuffled = env.sc.withScope(
    'Exchange',
    () => new ShuffledRDD(mapSide, new PartitionIdPassthrough(n)),
    env.site,
  );
  // The shuffle writer and readers add to the exchange's shuffle metrics (SQLShuffleWrite/ReadMetricsReporter).
  (shuffled.dependencies[0] as ShuffleDependency).sqlMetrics = metricIds(plan, env.sc);
  postDriverMetricUpdates(env.sc, env.sc.getLocalProperty(EXECUTION_ID_KEY), [[metrics.numPartitions, n]]);
  const out: Pipeline = { rdd: shuffled, steps: [{ kind: 'exchangeRead' }], names: ['Exchange'] };
  env.exchanges.set(plan.id, out);
  return out;
}

/**
 * Spark's FileSourceScanExec.inputRDD: a FileScanRDD over the FilePartitions; the driver posts the
 * files' count and size (its driver metrics) when the scan's RDD is made.
 */
function executeFileScan(plan: FileSourceScanExec, env: ExecutionEnv): Pipeline {
  const sc = env.sc;
  const r = plan.relation;
  const scan: FileScanWire = {
    mode: 'rows',
    format: r.format,
    options: { ...r.options },
    fields: plan.output.map((a) => ({ name: a.name, type: a.dataType.simpleString })),
  };
  const rdd = sc.withScope(`Scan ${r.format}`, () => new FileScanRDD(sc, plan.filePartitions, scan), env.site);
  const m = sqlMetrics(plan, sc);
  const pieces = plan.filePartitions.flat();
  postDriverMetricUpdates(sc, sc.getLocalProperty(EXECUTION_ID_KEY), [
    [m.numFiles, new Set(pieces.map((p) => p.path)).size],
    [m.filesSize, r.files.reduce((a, f) => a + f.size, 0)],
  ]);
  return { rdd, steps: [{ kind: 'scan', metrics: metricIds(plan, sc) }], names: [`Scan ${r.format}`] };
}

/** Spark's BroadcastExchangeExec: a job that collects the rows to the driver, which ships them to executors. */
async function executeBroadcast(side: SparkPlan, env: ExecutionEnv): Promise<unknown[][]> {
  let plan = side;
  while (plan instanceof InputAdapter || plan instanceof WholeStageCodegenExec) plan = plan.child;
  const exchange = plan instanceof ReusedExchangeExec ? plan.exchange : plan;
  return once(env, exchange.id, () => buildBroadcast(exchange, env));
}

async function buildBroadcast(exchange: SparkPlan, env: ExecutionEnv): Promise<unknown[][]> {
  const cached = env.exchanges.get(exchange.id);
  if (Array.isArray(cached)) return cached;
  const child = exchange instanceof BroadcastExchangeExec ? exchange.child : exchange;
  const rdd = materialize(await execute(child, env), env);
  const started = performance.now();
  const rows = (await env.sc.withScope('BroadcastExchange', () => rdd.collect(), env.site)) as unknown[][];
  const collected = performance.now();
  env.exchanges.set(exchange.id, rows);
  // BroadcastExchangeExec's metrics are the driver's: it collected, built and broadcast the relation.
  const m = sqlMetrics(exchange, env.sc);
  postDriverMetricUpdates(env.sc, env.sc.getLocalProperty(EXECUTION_ID_KEY), [
    [m.dataSize, rows.reduce((a, r) => a + unsafeRowSize(r), 0)],
    [m.numOutputRows, rows.length],
    [m.collectTime, Math.round(collected - started)],
    [m.buildTime, Math.round(performance.now() - collected)],
  ]);
  return rows;
}

export { AggregateExpression };
