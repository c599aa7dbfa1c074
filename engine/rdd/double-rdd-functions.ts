/**
 * Spark's `DoubleRDDFunctions`: statistics of an RDD of numbers. The `RDD`
 * class's `sum`, `stats`, `mean`, `variance`, `stdev`, `sampleVariance`,
 * `sampleStdev` and `histogram` delegate here. Each runs the job Spark's
 * does: `sum` a fold over the RDD itself; `stats` (and what is derived from
 * it) a StatCounter per partition through a `mapPartitions`, merged on the
 * driver; `histogram` a `mapPartitions` of counters (after a first one for
 * the minimum and maximum when given a bucket count).
 *
 * @module
 */
import type { RDD } from './rdd';
import { builtin } from './wire';
import { fromSource } from '../closure/closure';
import { StatCounter, type StatCounterFields } from '../util/stat-counter';
import {
  emptyCollectionError,
  histogramOnEmptyRDDOrContainingInfinityOrNaNError,
  IllegalArgumentException,
} from '../errors/spark-core-errors';

/** `fold(0.0)(_ + _)`: each partition summed from 0 on its executor, then the partial sums on the driver. */
export async function sum(self: RDD): Promise<number> {
  const site = self.context.callSiteFor('sum');
  const parts = (await self.context.runJob(self, { kind: 'sum' }, undefined, site)) as number[];
  return parts.reduce((a, b) => a + b, 0);
}

/** StatCounter's `merge(value)` over a partition, as a task runs it. */
const PARTITION_STATS = `(it) => {
  let n = 0, mu = 0, m2 = 0, max = -Infinity, min = Infinity;
  for (const value of it) {
    const delta = value - mu;
    n += 1;
    mu += delta / n;
    m2 += delta * (value - mu);
    max = Math.max(max, value);
    min = Math.min(min, value);
  }
  return [{ n, mu, m2, max, min }];
}`;

/**
 * `mapPartitions(nums => Iterator(StatCounter(nums))).reduce(_ merge _)`;
 * `name` is the action the learner called (stats, mean, stdev…), which names
 * the job and the RDD it creates.
 */
export async function stats(self: RDD, name: string): Promise<StatCounter> {
  const site = self.context.callSiteFor(name);
  const perPartition = self.context.withScope(name, () => self.mapPartitions(builtin(PARTITION_STATS) as never), site);
  const parts = (await self.context.runJob(
    perPartition,
    { kind: 'collect' },
    undefined,
    site,
  )) as StatCounterFields[][];
  if (parts.length === 0) throw Object.assign(emptyCollectionError(), { callSite: site });
  const total = new StatCounter();
  for (const [fields] of parts) total.merge(StatCounter.fromFields(fields));
  return total;
}

/** Each partition's (max, min); NaN wins, as Scala's `max`/`min` on doubles. */
const PARTITION_MAX_MIN = `(it) => {
  let max = -Infinity, min = Infinity;
  for (const e of it) { max = Math.max(max, e); min = Math.min(min, e); }
  return [[max, min]];
}`;

/**
 * Counts per bucket over a partition: `even` buckets by arithmetic (Spark's
 * fastBucketFunction), others by binary search (basicBucketFunction); values
 * outside the buckets (and NaN) are not counted; the last bucket includes its
 * upper boundary.
 */
const PARTITION_HISTOGRAM = `(it) => {
  const counts = new Array(buckets.length - 1).fill(0);
  const last = buckets.length - 1;
  for (const e of it) {
    let bucket = -1;
    if (even) {
      const min = buckets[0], max = buckets[last];
      if (!(Number.isNaN(e) || e < min || e > max)) {
        const ratio = ((e - min) / (max - min)) * last;
        bucket = Math.min(Number.isNaN(ratio) ? 0 : Math.trunc(ratio), last - 1);
      }
    } else if (!Number.isNaN(e)) {
      let lo = 0, hi = last, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (buckets[mid] < e) lo = mid + 1;
        else if (buckets[mid] > e) hi = mid - 1;
        else { found = mid; break; }
      }
      if (found >= 0) bucket = found < last ? found : found - 1;
      else if (lo > 0 && lo < buckets.length) bucket = lo - 1;
    }
    if (bucket >= 0) counts[bucket]++;
  }
  return [counts];
}`;

/**
 * PySpark's `histogram(buckets)` with Spark's jobs and answers:
 * `histogram(bucketCount)` finds the minimum and maximum (a job), spaces
 * `bucketCount` buckets evenly between them, then counts (a second job);
 * `histogram(boundaries)` counts into the given sorted boundaries (one job).
 * Returns `[buckets, counts]`.
 */
export async function histogram(self: RDD, buckets: number | number[]): Promise<[number[], number[]]> {
  const site = self.context.callSiteFor('histogram');
  const fail = (error: Error): never => {
    throw Object.assign(error, { callSite: site });
  };
  let boundaries: number[];
  let even: boolean;
  if (typeof buckets === 'number') {
    if (!Number.isInteger(buckets)) fail(new TypeError(`histogram(bucketCount) needs a whole number, got ${buckets}`));
    const maxMin = self.context.withScope(
      'histogram',
      () => self.mapPartitions(builtin(PARTITION_MAX_MIN) as never),
      site,
    );
    const parts = (await self.context.runJob(maxMin, { kind: 'collect' }, undefined, site)) as [number, number][][];
    if (parts.length === 0) fail(emptyCollectionError());
    let max = -Infinity;
    let min = Infinity;
    for (const [[pmax, pmin]] of parts) {
      max = Math.max(max, pmax);
      min = Math.min(min, pmin);
    }
    if (Number.isNaN(min) || Number.isNaN(max) || !Number.isFinite(max) || !Number.isFinite(min))
      fail(histogramOnEmptyRDDOrContainingInfinityOrNaNError());
    // Spark's customRange: min + (s · span) / steps for each step, then max itself.
    const span = max - min;
    boundaries =
      min !== max
        ? [...Array.from({ length: Math.max(0, buckets) }, (_, s) => min + (s * span) / buckets), max]
        : [min, min];
    even = true;
  } else {
    boundaries = [...buckets];
    even = false;
  }
  if (boundaries.length < 2) fail(new IllegalArgumentException('buckets array must have at least two elements'));
  if (!even) {
    if (boundaries.some((b, i) => i > 0 && !(b > boundaries[i - 1])))
      fail(new IllegalArgumentException('buckets must be sorted and must not contain duplicates'));
  }
  if (self.getNumPartitions() === 0) return [boundaries, new Array(boundaries.length - 1).fill(0)];
  const counters = self.context.withScope(
    'histogram',
    () => self.mapPartitions(fromSource(PARTITION_HISTOGRAM, { buckets: boundaries, even })),
    site,
  );
  const parts = (await self.context.runJob(counters, { kind: 'collect' }, undefined, site)) as number[][][];
  const counts = new Array<number>(boundaries.length - 1).fill(0);
  for (const [partial] of parts) partial.forEach((c, i) => (counts[i] += c));
  return [boundaries, counts];
}
