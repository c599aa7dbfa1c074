/**
 * Spark's OptimizeSkewedJoin (Spark 4.0, for a join of two shuffle query
 * stages): a reduce partition of one side larger than both
 * `skewedPartitionFactor` × the side's median partition size and
 * `skewedPartitionThresholdInBytes` is split by ranges of its maps into
 * pieces near the target size (the mean of the other partitions, at least
 * the advisory size); the other side's matching partition is read once per
 * piece, so each pair still meets. The join prints as `(skew=true)`.
 */
import type { SparkPlan } from '../SparkPlan';
import { SortExec } from '../SortExec';
import { SortMergeJoinExec } from '../joins/SortMergeJoinExec';
import { ShuffledHashJoinExec } from '../joins/HashJoinExec';
import type { SQLConf } from '../../internal/SQLConf';
import { AQEShuffleReadExec, ShuffleQueryStageExec } from './QueryStageExec';
import { createSkewPartitionSpecs, type MapStats, type SizedSpec } from './ShufflePartitionsUtil';

/** Spark's Utils.median: the middle size (mean of the two middle ones for an even count), at least 1. */
export function medianSize(sizes: readonly number[]): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  const n = sorted.length;
  const m = n % 2 === 0 ? Math.floor((sorted[n / 2] + sorted[n / 2 - 1]) / 2) : sorted[Math.floor(n / 2)];
  return Math.max(m, 1);
}

const canSplitLeft = (t: string) => ['Inner', 'Cross', 'LeftSemi', 'LeftAnti', 'LeftOuter'].includes(t);
const canSplitRight = (t: string) => ['Inner', 'Cross', 'RightOuter'].includes(t);

/** A join side as the rule accepts it: a shuffle query stage, maybe under its Sort. */
function stageOf(side: SparkPlan): ShuffleQueryStageExec | undefined {
  const inner = side instanceof SortExec ? side.child : side;
  return inner instanceof ShuffleQueryStageExec ? inner : undefined;
}

export function optimizeSkewedJoin(
  plan: SparkPlan,
  statsOf: (stage: ShuffleQueryStageExec) => MapStats,
  conf: SQLConf,
): SparkPlan {
  if (!conf.skewJoinEnabled) return plan;
  return plan.transformUp((p) => {
    if (!(p instanceof SortMergeJoinExec || p instanceof ShuffledHashJoinExec) || p.isSkewJoin) return undefined;
    const left = stageOf(p.left);
    const right = stageOf(p.right);
    if (!left || !right) return undefined;
    const specs = skewSpecs(statsOf(left), statsOf(right), p.joinType, conf);
    if (!specs) return undefined;
    const wrap = (side: SparkPlan, stage: ShuffleQueryStageExec, sized: SizedSpec[]) => {
      const read = new AQEShuffleReadExec(
        stage,
        sized.map((s) => s.spec),
        sized.map((s) => s.dataSize),
      );
      return side instanceof SortExec ? side.withNewChildren([read]) : read;
    };
    const joined = p.withNewChildren([wrap(p.left, left, specs[0]), wrap(p.right, right, specs[1])]);
    return joined.copyWith({ isSkewJoin: true } as Partial<SparkPlan>);
  });
}

/** Both sides' specs with skewed partitions split, or undefined when no partition is skewed. */
function skewSpecs(
  left: MapStats,
  right: MapStats,
  joinType: string,
  conf: SQLConf,
): [SizedSpec[], SizedSpec[]] | undefined {
  const splitLeft = canSplitLeft(joinType);
  const splitRight = canSplitRight(joinType);
  if (!splitLeft && !splitRight) return undefined;
  const n = left.bytesByPartitionId.length;
  if (n === 0 || right.bytesByPartitionId.length !== n) return undefined;
  const threshold = (sizes: readonly number[]) =>
    Math.max(conf.skewedPartitionThresholdInBytes, medianSize(sizes) * conf.skewedPartitionFactor);
  const target = (sizes: readonly number[], skew: number) => {
    const normal = sizes.filter((s) => s <= skew);
    const advisory = conf.advisoryPartitionSizeInBytes;
    return normal.length === 0
      ? advisory
      : Math.max(advisory, Math.floor(normal.reduce((a, b) => a + b, 0) / normal.length));
  };
  const leftSkew = threshold(left.bytesByPartitionId);
  const rightSkew = threshold(right.bytesByPartitionId);
  const leftTarget = target(left.bytesByPartitionId, leftSkew);
  const rightTarget = target(right.bytesByPartitionId, rightSkew);
  const leftOut: SizedSpec[] = [];
  const rightOut: SizedSpec[] = [];
  let skewed = 0;
  for (let i = 0; i < n; i++) {
    const whole = (stats: MapStats): SizedSpec[] => [
      { spec: { kind: 'coalesced', startReducer: i, endReducer: i + 1 }, dataSize: stats.bytesByPartitionId[i] },
    ];
    const splitOf = (stats: MapStats, can: boolean, skew: number, t: number) => {
      if (!can || stats.bytesByPartitionId[i] <= skew) return undefined;
      return createSkewPartitionSpecs(stats, i, t);
    };
    const l = splitOf(left, splitLeft, leftSkew, leftTarget);
    const r = splitOf(right, splitRight, rightSkew, rightTarget);
    if (l || r) skewed++;
    const ls = l ?? whole(left);
    const rs = r ?? whole(right);
    for (const a of ls)
      for (const b of rs) {
        leftOut.push(a);
        rightOut.push(b);
      }
  }
  return skewed > 0 ? [leftOut, rightOut] : undefined;
}
