/**
 * Adaptive query execution, as Spark's AdaptiveSparkPlanExec runs a query:
 * exchanges become query stages materialised bottom-up, each shuffle by a
 * map-stage job of its own (DAGScheduler.submitMapStage) that reports the
 * bytes of every reduce partition; with those sizes the plan is
 * re-optimised — a sort-merge join whose side proves small becomes a
 * broadcast hash join (DynamicJoinSelection / the join re-planned with
 * runtime statistics), and shuffle partitions are coalesced
 * (CoalesceShufflePartitions: parallelismFirst, advisory 64 MB, minimum
 * 1 MB) — and the final plan runs in a last job that reads the stages.
 */
import type { SparkPlan } from '../SparkPlan';
import { BroadcastExchangeExec, ShuffleExchangeExec } from '../exchange/ShuffleExchangeExec';
import { SortMergeJoinExec } from '../joins/SortMergeJoinExec';
import { BroadcastHashJoinExec, ShuffledHashJoinExec, boundKeys } from '../joins/HashJoinExec';
import { SortExec } from '../SortExec';
import { collapseCodegenStages } from '../WholeStageCodegenExec';
import type { SQLConf } from '../../internal/SQLConf';
import { execute, type ExecutionEnv, type Pipeline } from '../execute';
import { AQEShuffleReadExec, ShuffleQueryStageExec } from './QueryStageExec';
import type { ShuffledRDD } from '../../../rdd/rdd';

interface StageResult {
  /** The exchange as plans print it under its query stage (with its own codegen stage ids). */
  printed: ShuffleExchangeExec;
  pipeline: Pipeline;
  bytesByPartitionId: number[];
  stageId: number;
}

/** The exchanges in `plan` whose inputs hold no exchange still to run (the stages that can run now). */
function readyExchanges(plan: SparkPlan, done: Map<number, StageResult>): ShuffleExchangeExec[] {
  const out: ShuffleExchangeExec[] = [];
  const visit = (p: SparkPlan): boolean => {
    // True when `p`'s subtree still holds an exchange that has not run.
    if (p instanceof ShuffleExchangeExec && done.has(p.id)) return false;
    let pending = false;
    for (const c of p.children) pending = visit(c) || pending;
    if (p instanceof ShuffleExchangeExec) {
      if (!pending && !out.includes(p)) out.push(p);
      return true;
    }
    return pending;
  };
  visit(plan);
  return out;
}

/** Spark's ShufflePartitionsUtil.coalescePartitions over one or more shuffles read by the same stage. */
export function coalescedGroups(
  sizes: readonly (readonly number[])[],
  conf: SQLConf,
  defaultParallelism: number,
): number[][] {
  const n = sizes[0].length;
  const total = sizes.reduce((a, s) => a + s.reduce((x, y) => x + y, 0), 0);
  const minNumPartitions = conf.coalesceParallelismFirst ? defaultParallelism : 1;
  const maxTarget = Math.ceil(total / minNumPartitions);
  const target = Math.max(Math.min(maxTarget, conf.advisoryPartitionSizeInBytes), conf.coalesceMinPartitionSize);
  const groups: number[][] = [];
  let current: number[] = [];
  let currentSize = 0;
  for (let i = 0; i < n; i++) {
    const size = sizes.reduce((a, s) => a + s[i], 0);
    if (current.length > 0 && currentSize + size > target) {
      groups.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(i);
    currentSize += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Runs the adaptive plan; returns the final plan (for `explain` after the
 * action, with its codegen ids) and the rows' pipeline for the last job.
 */
export async function executeAdaptive(
  initial: SparkPlan,
  env: ExecutionEnv,
  conf: SQLConf,
  onPlanChange: (plan: SparkPlan) => void,
): Promise<{ finalPlan: SparkPlan; pipeline: Pipeline }> {
  const sc = env.sc;
  const done = new Map<number, StageResult>();
  env.materialized = new Map();
  let plan = initial;
  let nextStageId = 0;
  // Codegen stages are numbered across the query stages in the order they run, then the final plan.
  const codegen = { next: 1 };
  for (;;) {
    const ready = readyExchanges(plan, done);
    if (ready.length === 0) break;
    await Promise.all(
      ready.map(async (exchange) => {
        const stageId = nextStageId++;
        // The stages this one reads are read as the final plan will read them (coalesced).
        const prepared = withQueryStages(exchange, done, conf, sc.defaultParallelism, exchange);
        const pipeline = await execute(prepared, env);
        const stats = await sc.submitMapStage(pipeline.rdd as ShuffledRDD<unknown>, env.site);
        const printed = collapseCodegenStages(prepared, codegen) as ShuffleExchangeExec;
        done.set(exchange.id, { printed, pipeline, bytesByPartitionId: stats.bytesByPartitionId, stageId });
        env.materialized!.set(exchange.id, pipeline);
      }),
    );
    plan = replanJoins(plan, done, conf);
    onPlanChange(plan);
  }
  const finalPlan = collapseCodegenStages(withQueryStages(plan, done, conf, sc.defaultParallelism), codegen);
  const pipeline = await execute(finalPlan, env);
  return { finalPlan, pipeline };
}

/** A sort-merge join with a side whose shuffle proved small enough to broadcast becomes a broadcast hash join. */
function replanJoins(plan: SparkPlan, done: Map<number, StageResult>, conf: SQLConf): SparkPlan {
  const threshold = conf.adaptiveAutoBroadcastJoinThreshold;
  if (threshold < 0) return plan;
  return plan.transformUp((p) => {
    if (!(p instanceof SortMergeJoinExec) && !(p instanceof ShuffledHashJoinExec)) return undefined;
    const exchangeOf = (c: SparkPlan) => (c instanceof SortExec ? c.child : c);
    const sizeOf = (c: SparkPlan) => {
      const r = done.get(exchangeOf(c).id);
      return r ? r.bytesByPartitionId.reduce((a, b) => a + b, 0) : undefined;
    };
    const l = sizeOf(p.left);
    const r = sizeOf(p.right);
    const canRight =
      ['Inner', 'Cross', 'LeftOuter', 'LeftSemi', 'LeftAnti'].includes(p.joinType) && r !== undefined && r <= threshold;
    const canLeft = ['Inner', 'Cross', 'RightOuter'].includes(p.joinType) && l !== undefined && l <= threshold;
    if (!canRight && !canLeft) return undefined;
    const buildRight = canRight && (!canLeft || r! <= l!);
    const build = exchangeOf(buildRight ? p.right : p.left);
    const stream = exchangeOf(buildRight ? p.left : p.right);
    const buildKeys = buildRight ? p.rightKeys : p.leftKeys;
    const broadcast = new BroadcastExchangeExec({ kind: 'HashedRelation', keys: boundKeys(buildKeys, build) }, build);
    const [left, right] = buildRight ? [stream, broadcast] : [broadcast, stream];
    return new BroadcastHashJoinExec(
      p.leftKeys,
      p.rightKeys,
      p.joinType,
      buildRight ? 'BuildRight' : 'BuildLeft',
      p.condition,
      left,
      right,
    );
  });
}

/** The final plan: materialised exchanges as query stages, their reads coalesced. */
function withQueryStages(
  plan: SparkPlan,
  done: Map<number, StageResult>,
  conf: SQLConf,
  defaultParallelism: number,
  keep?: SparkPlan,
): SparkPlan {
  // Shuffles read side by side by one join are coalesced alike, so their partitions still line up.
  const groupOf = new Map<SparkPlan, ShuffleExchangeExec[]>();
  plan.foreach((p) => {
    if (!(p instanceof SortMergeJoinExec) && !(p instanceof ShuffledHashJoinExec)) return;
    const sides = p.children.map((c) => (c instanceof SortExec ? c.child : c));
    if (sides.every((s) => s instanceof ShuffleExchangeExec && done.has(s.id)))
      for (const s of sides) groupOf.set(s, sides as ShuffleExchangeExec[]);
  });
  const groupsCache = new Map<SparkPlan, number[][]>();
  const coalescable = (e: ShuffleExchangeExec) =>
    conf.coalescePartitionsEnabled && e.shuffleOrigin !== 'REPARTITION_BY_NUM';
  // Top-down, so an exchange is replaced before a change below it makes a copy of it.
  return plan.transformDown((p) => {
    if (!(p instanceof ShuffleExchangeExec) || p === keep) return undefined;
    const r = done.get(p.id);
    if (!r) return undefined;
    const stage = new ShuffleQueryStageExec(r.stageId, r.printed, r.bytesByPartitionId);
    const siblings = groupOf.get(p) ?? [p];
    if (!siblings.every(coalescable)) return stage;
    let groups = groupsCache.get(p);
    if (!groups) {
      groups = coalescedGroups(
        siblings.map((s) => done.get(s.id)!.bytesByPartitionId),
        conf,
        defaultParallelism,
      );
      for (const s of siblings) groupsCache.set(s, groups);
    }
    if (groups.length === r.bytesByPartitionId.length) return stage;
    return new AQEShuffleReadExec(stage, groups);
  });
}

export { ShuffleQueryStageExec, AQEShuffleReadExec };
