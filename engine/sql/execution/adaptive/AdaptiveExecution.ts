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
import { BroadcastExchangeExec, ReusedExchangeExec, ShuffleExchangeExec } from '../exchange/ShuffleExchangeExec';
import { canonicalPlan } from '../exchange/ReuseExchange';
import { SortMergeJoinExec } from '../joins/SortMergeJoinExec';
import { BroadcastHashJoinExec, ShuffledHashJoinExec, boundKeys } from '../joins/HashJoinExec';
import { SortExec } from '../SortExec';
import { collapseCodegenStages } from '../WholeStageCodegenExec';
import type { SQLConf } from '../../internal/SQLConf';
import { buildCache, execute, type ExecutionEnv, type Pipeline } from '../execute';
import { AQEShuffleReadExec, ShuffleQueryStageExec, TableCacheQueryStageExec } from './QueryStageExec';
import { InMemoryTableScanExec } from '../columnar/InMemoryTableScanExec';
import { optimizeSkewedJoin } from './OptimizeSkewedJoin';
import { coalesceShufflePartitions } from './CoalesceShufflePartitions';
import { optimizeShuffleWithLocalRead, validateRequirements } from './OptimizeShuffleWithLocalRead';
import type { ShuffledRDD } from '../../../rdd/rdd';

interface StageResult {
  /** The exchange as plans print it under its query stage (with its own codegen stage ids). */
  printed: ShuffleExchangeExec;
  pipeline: Pipeline;
  bytesByPartitionId: number[];
  /** Each map's bytes per reduce partition (for splitting a skewed partition by maps). */
  sizesByMap: number[][];
  stageId: number;
  /** A stage that reads another's shuffle: the ReusedExchange it prints. */
  reused?: ReusedExchangeExec;
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

/**
 * Runs the adaptive plan; returns the final plan (for `explain` after the
 * action, with its codegen ids) and the rows' pipeline for the last job.
 */
export async function executeAdaptive(
  initial: SparkPlan,
  env: ExecutionEnv,
  conf: SQLConf,
  onPlanChange: (plan: SparkPlan) => void,
  options: AdaptiveOptions = {},
): Promise<{ finalPlan: SparkPlan }> {
  const sc = env.sc;
  const done = new Map<number, StageResult>();
  const stageCache = new Map<string, Promise<StageResult>>();
  env.materialized = new Map();
  let plan = initial;
  let nextStageId = 0;
  // Codegen stages are numbered across the query stages in the order they are created, then the final plan:
  // AdaptiveSparkPlanExec.newQueryStage applies CollapseCodegenStages to each stage's plan before it runs it
  // (and not at all when spark.sql.codegen.wholeStage is off), so a stage runs, and is timed, as it is printed.
  const codegen = { next: 1 };
  const collapse = (p: SparkPlan) => (conf.wholeStageEnabled ? collapseCodegenStages(p, codegen) : p);
  // Scans of cached queries are query stages of their own, materialised before the exchanges above them
  // (AdaptiveSparkPlanExec.createQueryStages: an InMemoryTableScanLike always makes a new stage).
  plan = plan.transformUp((p) =>
    p instanceof InMemoryTableScanExec ? new TableCacheQueryStageExec(nextStageId++, p) : undefined,
  );
  const cacheStages = plan.collect((p) => (p instanceof TableCacheQueryStageExec ? p : undefined));
  if (cacheStages.length > 0) {
    await Promise.all(cacheStages.map((stage) => materializeTableCache(stage.scan as InMemoryTableScanExec, env)));
    onPlanChange(plan);
  }
  for (;;) {
    const ready = readyExchanges(plan, done);
    if (ready.length === 0) break;
    await Promise.all(
      ready.map(async (exchange) => {
        const stageId = nextStageId++;
        // AdaptiveSparkPlanExec.createQueryStages looks each exchange up in the stage cache first: one that
        // computes the same rows as a stage already made reuses it (a new stage id printing a ReusedExchange,
        // and no job of its own), as ReuseExchangeAndSubquery does for static plans.
        const key = conf.exchangeReuseEnabled ? canonicalPlan(exchange) : undefined;
        const cached = key === undefined ? undefined : stageCache.get(key);
        if (cached) {
          const first = await cached;
          done.set(exchange.id, { ...first, stageId, reused: new ReusedExchangeExec(exchange.output, first.printed) });
          return;
        }
        const made = (async (): Promise<StageResult> => {
          // The stages this one reads are read as the final plan will read them (coalesced).
          const prepared = exchange.withNewChildren([
            prepareStage(exchange.child, done, conf, sc.defaultParallelism),
          ]) as ShuffleExchangeExec;
          const printed = collapse(prepared) as ShuffleExchangeExec;
          const pipeline = await execute(printed, env);
          const stats = await sc.submitMapStage(pipeline.rdd as ShuffledRDD<unknown>, env.site);
          return {
            printed,
            pipeline,
            bytesByPartitionId: stats.bytesByPartitionId,
            sizesByMap: stats.sizesByMap,
            stageId,
          };
        })();
        if (key !== undefined) stageCache.set(key, made);
        const result = await made;
        done.set(exchange.id, result);
        env.materialized!.set(exchange.id, result.pipeline);
      }),
    );
    plan = replanJoins(plan, done, conf);
    onPlanChange(plan);
  }
  // The caller runs the final plan: running it here too would build its reads twice (and post their metrics twice).
  const shuffleReads = options.finalStageShuffleOptimizations ?? true;
  return {
    finalPlan: collapse(prepareStage(plan, done, conf, sc.defaultParallelism, shuffleReads)),
  };
}

export interface AdaptiveOptions {
  /**
   * Spark's spark.sql.adaptive.applyFinalStageShuffleOptimizations: whether the final stage's shuffle reads
   * are coalesced and read locally. CacheManager turns it off for the plans it caches
   * (spark.sql.optimizer.canChangeCachedPlanOutputPartitioning is false), so a cache keeps its partitioning.
   */
  finalStageShuffleOptimizations?: boolean;
}

/**
 * TableCacheQueryStageExec.doMaterialize: when the cache is not loaded, a job over every partition of its RDD
 * (building the RDD first runs the cached plan's own query stages); when it is, nothing.
 */
async function materializeTableCache(scan: InMemoryTableScanExec, env: ExecutionEnv): Promise<void> {
  const builder = scan.relation.cacheBuilder;
  if (builder.isCachedColumnBuffersLoaded) return;
  const rdd = await buildCache(builder, env);
  await env.sc.runJob(rdd, { kind: 'iteratorSize' }, undefined, env.site);
}

/**
 * A sort-merge join with a side whose shuffle proved small enough to broadcast becomes a broadcast hash join,
 * unless Spark's DynamicJoinSelection demotes that side: a shuffle with under
 * `nonEmptyPartitionRatioForBroadcastJoin` (0.2) of its partitions non-empty is not broadcast (an inner join
 * can skip its empty partitions' tasks instead), nor, for an outer or anti join, the side opposite such a shuffle.
 */
function replanJoins(plan: SparkPlan, done: Map<number, StageResult>, conf: SQLConf): SparkPlan {
  const threshold = conf.adaptiveAutoBroadcastJoinThreshold;
  if (threshold < 0) return plan;
  const outerOrAnti = ['LeftOuter', 'RightOuter', 'LeftAnti'];
  return plan.transformUp((p) => {
    if (!(p instanceof SortMergeJoinExec) && !(p instanceof ShuffledHashJoinExec)) return undefined;
    const exchangeOf = (c: SparkPlan) => (c instanceof SortExec ? c.child : c);
    const sizeOf = (c: SparkPlan) => {
      const r = done.get(exchangeOf(c).id);
      return r ? r.bytesByPartitionId.reduce((a, b) => a + b, 0) : undefined;
    };
    const manyEmpty = (c: SparkPlan) => {
      const sizes = done.get(exchangeOf(c).id)?.bytesByPartitionId;
      const nonEmpty = sizes?.filter((b) => b > 0).length ?? 0;
      return (
        sizes !== undefined && nonEmpty > 0 && nonEmpty / sizes.length < conf.nonEmptyPartitionRatioForBroadcastJoin
      );
    };
    const demoted = (side: SparkPlan, other: SparkPlan) =>
      manyEmpty(side) ? !outerOrAnti.includes(p.joinType) : manyEmpty(other) && outerOrAnti.includes(p.joinType);
    const l = sizeOf(p.left);
    const r = sizeOf(p.right);
    const canRight =
      ['Inner', 'Cross', 'LeftOuter', 'LeftSemi', 'LeftAnti'].includes(p.joinType) &&
      r !== undefined &&
      r <= threshold &&
      !demoted(p.right, p.left);
    const canLeft =
      ['Inner', 'Cross', 'RightOuter'].includes(p.joinType) &&
      l !== undefined &&
      l <= threshold &&
      !demoted(p.left, p.right);
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

/**
 * A stage's plan as adaptive execution runs it (Spark's reOptimize and
 * optimizeQueryStage): materialised exchanges become query stages, skewed
 * join partitions are split (OptimizeSkewedJoin), reads are coalesced
 * (CoalesceShufflePartitions), then read locally where nothing needs their
 * partitioning (OptimizeShuffleWithLocalRead).
 */
function prepareStage(
  plan: SparkPlan,
  done: Map<number, StageResult>,
  conf: SQLConf,
  parallelism: number,
  shuffleReads = true,
): SparkPlan {
  const withStages = plan.transformDown((p) => {
    if (!(p instanceof ShuffleExchangeExec)) return undefined;
    const r = done.get(p.id);
    return r ? new ShuffleQueryStageExec(r.stageId, r.printed, r.bytesByPartitionId, r.reused) : undefined;
  });
  const statsOf = (stage: ShuffleQueryStageExec) => done.get(stage.exchange.id)!;
  const skewed = optimizeSkewedJoin(withStages, statsOf, conf);
  if (!shuffleReads) return skewed;
  const coalesced = coalesceShufflePartitions(skewed, statsOf, conf, parallelism);
  if (!conf.localShuffleReaderEnabled) return coalesced;
  const local = optimizeShuffleWithLocalRead(coalesced, (stage) => statsOf(stage).sizesByMap.length);
  // A local read that leaves an operator without the distribution it needs is not applied.
  return validateRequirements(local) || !validateRequirements(coalesced) ? local : coalesced;
}

export { ShuffleQueryStageExec, AQEShuffleReadExec };
