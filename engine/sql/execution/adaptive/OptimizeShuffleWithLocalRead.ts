/**
 * Spark's OptimizeShuffleWithLocalRead: where nothing needs a shuffle's
 * partitioning any more — the probe side of a broadcast hash join that
 * adaptive execution made from a sort-merge join, or a broadcast's input —
 * its stage is read locally: each task reads what some maps wrote, on the
 * executors that wrote it, instead of gathering reduce partitions from every
 * map. Only the reads of ENSURE_REQUIREMENTS shuffles change, and a local
 * read that would break an operator's required distribution is undone.
 */
import type { SparkPlan } from '../SparkPlan';
import { BroadcastHashJoinExec } from '../joins/HashJoinExec';
import { BroadcastExchangeExec } from '../exchange/ShuffleExchangeExec';
import { SinglePartitionClass } from '../../catalyst/plans/physical/partitioning';
import type { ShufflePartitionSpec } from '../ShuffledRowRDD';
import { AQEShuffleReadExec, ShuffleQueryStageExec } from './QueryStageExec';

function canUseLocalShuffleRead(p: SparkPlan): boolean {
  const stage = p instanceof AQEShuffleReadExec ? p.stage : p;
  if (!(stage instanceof ShuffleQueryStageExec)) return false;
  if (p instanceof AQEShuffleReadExec && (p.isLocalRead || p.hasSkewedPartition)) return false;
  const e = stage.exchange;
  const origins = ['ENSURE_REQUIREMENTS', 'REBALANCE_PARTITIONS_BY_NONE'];
  return !(e.partitioning instanceof SinglePartitionClass) && origins.includes(e.shuffleOrigin);
}

/** `n` items in `buckets` near-equal runs, the first `n % buckets` one longer: each run's start. */
export function equallyDivide(n: number, buckets: number): number[] {
  const per = Math.floor(n / buckets);
  const remaining = n % buckets;
  const split = (per + 1) * remaining;
  return Array.from({ length: buckets }, (_, i) => (i < remaining ? i * (per + 1) : split + (i - remaining) * per));
}

/**
 * The local read's specs: as many tasks as the read had (or the shuffle's
 * partitions), each map's reducers in runs, or runs of maps when there are
 * fewer tasks than maps.
 */
export function localReadSpecs(numMappers: number, numReducers: number, parallelism: number): ShufflePartitionSpec[] {
  if (parallelism >= numMappers) {
    const points = [...equallyDivide(numReducers, Math.floor(parallelism / numMappers)), numReducers];
    const specs: ShufflePartitionSpec[] = [];
    for (let map = 0; map < numMappers; map++)
      for (let i = 0; i + 1 < points.length; i++)
        specs.push({ kind: 'partialMapper', map, startReducer: points[i], endReducer: points[i + 1] });
    return specs;
  }
  const points = [...equallyDivide(numMappers, parallelism), numMappers];
  return points
    .slice(0, -1)
    .map((startMap, i) => ({ kind: 'coalescedMapper', startMap, endMap: points[i + 1], numReducers }));
}

function createLocalRead(p: SparkPlan, numMappers: (stage: ShuffleQueryStageExec) => number): AQEShuffleReadExec {
  const stage = p instanceof AQEShuffleReadExec ? p.stage : (p as ShuffleQueryStageExec);
  const reducers = stage.bytesByPartitionId.length;
  const parallelism = p instanceof AQEShuffleReadExec ? p.specs.length : reducers;
  return new AQEShuffleReadExec(stage, localReadSpecs(numMappers(stage), reducers, parallelism));
}

export function optimizeShuffleWithLocalRead(
  plan: SparkPlan,
  numMappers: (stage: ShuffleQueryStageExec) => number,
): SparkPlan {
  if (canUseLocalShuffleRead(plan)) return createLocalRead(plan, numMappers);
  return plan.transformDown((p) => {
    if (p instanceof BroadcastExchangeExec && canUseLocalShuffleRead(p.child))
      return p.withNewChildren([createLocalRead(p.child, numMappers)]);
    if (!(p instanceof BroadcastHashJoinExec)) return undefined;
    if (p.buildSide === 'BuildRight' && canUseLocalShuffleRead(p.left))
      return p.withNewChildren([createLocalRead(p.left, numMappers), p.right]);
    if (p.buildSide === 'BuildLeft' && canUseLocalShuffleRead(p.right))
      return p.withNewChildren([p.left, createLocalRead(p.right, numMappers)]);
    return undefined;
  });
}

/** Spark's ValidateRequirements: every operator's inputs still meet the distributions it requires. */
export function validateRequirements(plan: SparkPlan): boolean {
  let ok = true;
  plan.foreach((p) => {
    const required = p.requiredChildDistribution;
    p.children.forEach((c, i) => {
      const d = required[i];
      if (d && d.kind !== 'Unspecified' && !c.outputPartitioning.satisfies(d)) ok = false;
    });
    const clustered = p.children.filter((_, i) => required[i]?.kind === 'Clustered');
    if (new Set(clustered.map((c) => c.outputPartitioning.numPartitions)).size > 1) ok = false;
  });
  return ok;
}
