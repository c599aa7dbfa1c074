/**
 * Spark's CoalesceShufflePartitions: the shuffles a stage reads are read in
 * fewer tasks, consecutive reduce partitions packed up to a target size —
 * with `parallelismFirst` (the default) the total size over the default
 * parallelism, between `minPartitionSize` (1 MB) and the advisory size
 * (64 MB); shuffles read side by side by a join are packed alike so their
 * partitions still meet, around a skew join's splits. Shuffles whose
 * partition count the program chose (`repartition(n)`) keep it.
 */
import type { SparkPlan } from '../SparkPlan';
import { SortExec } from '../SortExec';
import { SortMergeJoinExec } from '../joins/SortMergeJoinExec';
import { ShuffledHashJoinExec } from '../joins/HashJoinExec';
import type { SQLConf } from '../../internal/SQLConf';
import { AQEShuffleReadExec, ShuffleQueryStageExec } from './QueryStageExec';
import { coalescePartitions, type MapStats, type SizedSpec } from './ShufflePartitionsUtil';

type Read = ShuffleQueryStageExec | AQEShuffleReadExec;

const stageOf = (r: Read) => (r instanceof AQEShuffleReadExec ? r.stage : r);
const sideRead = (side: SparkPlan): Read | undefined => {
  const inner = side instanceof SortExec ? side.child : side;
  if (inner instanceof ShuffleQueryStageExec) return inner;
  // A skew join's reads (the split side and the side read once per split).
  if (inner instanceof AQEShuffleReadExec && !inner.isLocalRead) return inner;
  return undefined;
};

export function coalesceShufflePartitions(
  plan: SparkPlan,
  statsOf: (stage: ShuffleQueryStageExec) => MapStats,
  conf: SQLConf,
  defaultParallelism: number,
): SparkPlan {
  if (!conf.coalescePartitionsEnabled) return plan;
  // The reads coalesced together: both sides of each shuffled join, every other stage alone.
  const groups: Read[][] = [];
  const grouped = new Set<SparkPlan>();
  plan.foreach((p) => {
    if (!(p instanceof SortMergeJoinExec) && !(p instanceof ShuffledHashJoinExec)) return;
    const sides = p.children.map(sideRead);
    if (sides.every((s): s is Read => s !== undefined)) {
      groups.push(sides);
      for (const s of sides) grouped.add(s).add(stageOf(s));
    }
  });
  plan.foreach((p) => {
    if (p instanceof ShuffleQueryStageExec && !grouped.has(p)) groups.push([p]);
  });
  const replaced = new Map<SparkPlan, SparkPlan>();
  for (const group of groups) {
    if (!group.every((r) => stageOf(r).exchange.shuffleOrigin !== 'REPARTITION_BY_NUM')) continue;
    const inputSpecs = group.map((r): SizedSpec[] | undefined =>
      r instanceof AQEShuffleReadExec
        ? r.specs.map((spec, i) => ({ spec, dataSize: r.dataSizes?.[i] ?? 0 }))
        : undefined,
    );
    const specs = coalescePartitions(
      group.map((r) => statsOf(stageOf(r))),
      inputSpecs,
      conf.advisoryPartitionSizeInBytes,
      conf.coalesceParallelismFirst ? defaultParallelism : 1,
      conf.coalesceMinPartitionSize,
    );
    if (!specs) continue;
    group.forEach((r, i) =>
      replaced.set(
        r,
        new AQEShuffleReadExec(
          stageOf(r),
          specs[i].map((s) => s.spec),
          specs[i].map((s) => s.dataSize),
        ),
      ),
    );
  }
  if (replaced.size === 0) return plan;
  // Bottom-up, so a new read is never visited again (its stage is below it).
  return plan.transformUp((p) => replaced.get(p));
}
