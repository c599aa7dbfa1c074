/**
 * What Spark's `RangePartitioner` constructor does before `sortByKey` can
 * return (Partitioner.scala): sketch every partition of the keys with a
 * reservoir of `ceil(3 · min(20 · partitions, 1e6) / inputPartitions)` keys
 * (one job), re-sample partitions that hold far more than their share (a
 * second job, only then), and pick `partitions − 1` bounds by weight
 * (`determineBounds`). The partitioner that results has `bounds.length + 1`
 * partitions: fewer than asked when there are fewer distinct keys, 1 for an
 * empty input.
 *
 * @module
 */
import { compareKeys } from './ordering';
import { RangePartitioner } from './partitioner';
import type { CallSite } from './call-site';
import { MapPartitionsRDD, PartitionPruningRDD, type RDD } from './rdd';
import { byteswap32 } from '../util/murmur-hash3';

/** `samplePointsPerPartitionHint`'s default. */
const SAMPLE_POINTS_PER_PARTITION = 20;

/**
 * The sketch job's RDDs, made at once when `sortByKey` is called so their
 * ids come before the ShuffledRDD's, as in Spark, where the partitioner is
 * built before the ShuffledRDD it is passed to.
 */
export interface RangeSketch {
  partitions: number;
  ascending: boolean;
  /** `rdd.map(_._1)`: RangePartitioner.sketch's `shift` is its id. */
  keys: RDD;
  /** The `mapPartitionsWithIndex` that reservoir-samples each partition; null when no job is needed. */
  sketch: RDD | null;
  sampleSize: number;
  sampleSizePerPartition: number;
}

/**
 * Creates the sketch RDDs of `RangePartitioner(partitions, rdd, ascending)`
 * (none when `partitions` ≤ 1: Spark then runs no job).
 */
export function planRangeSketch(rdd: RDD, partitions: number, ascending: boolean): RangeSketch | null {
  if (partitions <= 1) return null;
  const sampleSize = Math.min(SAMPLE_POINTS_PER_PARTITION * partitions, 1e6);
  const sampleSizePerPartition = Math.ceil((3 * sampleSize) / rdd.getNumPartitions());
  const keys = rdd.keys();
  const sketch = new MapPartitionsRDD(keys, { op: 'sketch', sampleSize: sampleSizePerPartition, shift: keys.id() });
  return { partitions, ascending, keys, sketch, sampleSize, sampleSizePerPartition };
}

/**
 * Runs the sketch (and, for skewed partitions, the re-sample) and returns
 * the partitioner. `runJob` is how the caller runs a job from inside a
 * transformation (see SparkContext.runBlocking).
 */
export async function computeRangePartitioner(
  plan: RangeSketch | null,
  rdd: RDD,
  ascending: boolean,
  runJob: (rdd: RDD) => Promise<unknown[]>,
  site: CallSite,
): Promise<RangePartitioner> {
  if (!plan || !plan.sketch) return new RangePartitioner([], ascending);
  const sketched = ((await runJob(plan.sketch)) as [number, number, unknown[]][][]).flat();
  const numItems = sketched.reduce((total, [, n]) => total + n, 0);
  if (numItems === 0) return new RangePartitioner([], ascending);
  const fraction = Math.min(plan.sampleSize / Math.max(numItems, 1), 1);
  const candidates: [unknown, number][] = [];
  const imbalanced: number[] = [];
  for (const [index, n, sample] of sketched) {
    if (fraction * n > plan.sampleSizePerPartition) imbalanced.push(index);
    else {
      // The weight is 1 over the sampling probability, as a Float.
      const weight = Math.fround(n / sample.length);
      for (const key of sample) candidates.push([key, weight]);
    }
  }
  if (imbalanced.length > 0) {
    // Re-sample the imbalanced partitions at the desired probability: a PartitionPruningRDD of them, sampled.
    const sampled = rdd.context.withScope(
      'sortByKey',
      () => new PartitionPruningRDD(rdd.keys(), imbalanced).sample(false, fraction, byteswap32(-rdd.id() - 1)),
      site,
    );
    const weight = Math.fround(1 / fraction);
    for (const key of ((await runJob(sampled)) as unknown[][]).flat()) candidates.push([key, weight]);
  }
  return new RangePartitioner(determineBounds(candidates, Math.min(plan.partitions, candidates.length)), ascending);
}

/**
 * `RangePartitioner.determineBounds`: walk the candidates in key order,
 * adding up weights, and take a key as a bound each time the running weight
 * passes the next step of `total / partitions`, skipping duplicates.
 *
 * @example
 * determineBounds([['a', 1], ['b', 1], ['c', 1], ['d', 1]], 2); // ['b']
 */
export function determineBounds(candidates: [unknown, number][], partitions: number): unknown[] {
  const ordered = [...candidates].sort((a, b) => compareKeys(a[0], b[0]));
  const sumWeights = ordered.reduce((total, [, w]) => total + w, 0);
  const step = sumWeights / partitions;
  let cumWeight = 0;
  let target = step;
  const bounds: unknown[] = [];
  let previous: { key: unknown } | null = null;
  for (let i = 0, j = 0; i < ordered.length && j < partitions - 1; i++) {
    const [key, weight] = ordered[i];
    cumWeight += weight;
    if (cumWeight >= target && (previous === null || compareKeys(key, previous.key) > 0)) {
      bounds.push(key);
      target += step;
      j++;
      previous = { key };
    }
  }
  return bounds;
}
