/**
 * The sampling parts of Spark's RDD.scala on the driver: `sample` (a
 * PartitionwiseSampledRDD), `randomSplit` (`randomSampleWithRange` per
 * split) and `takeSample` (a count, then sampling jobs at an oversampling
 * fraction, shuffled with `java.util.Random`). The samplers themselves run
 * in tasks (engine/executor/sampling.ts, engine/util/random/).
 *
 * @module
 */
import type { CallSite } from './call-site';
import { MapPartitionsRDD, type RDD } from './rdd';
import type { SamplerWire } from './wire';
import { requirement } from '../errors/spark-core-errors';
import { samplerFromWire } from '../util/random/random-sampler';
import { JavaRandom, randomLong, randomizeInPlace, toLong } from '../util/random/java-random';
import { computeFractionForSampleSize } from '../util/random/sampling-utils';

export function sample(self: RDD, withReplacement: boolean, fraction: number, seed?: number | bigint): RDD {
  requirement(fraction >= 0, `Fraction must be nonnegative, but got ${fraction}`);
  const sampler: SamplerWire = withReplacement ? { kind: 'poisson', fraction } : { kind: 'bernoulli', fraction };
  // The sampler's own checks (a fraction above 1 without replacement), on the driver as in Spark.
  samplerFromWire(sampler);
  const s = seed === undefined ? randomLong() : toLong(seed);
  return new MapPartitionsRDD(
    self,
    { op: 'sample', sampler, seed: s, seeding: 'javaRandom' },
    true,
    'PartitionwiseSampledRDD',
  );
}

/**
 * RDD.randomSplit: the weights normalized and summed into bounds
 * (`scanLeft`), one `mapPartitionsWithIndex` per split with a
 * BernoulliCellSampler over [lower, upper), seeded `seed + partition`.
 */
export function randomSplit(self: RDD, weights: number[], seed?: number | bigint): RDD[] {
  requirement(
    weights.every((w) => w >= 0),
    `Weights must be nonnegative, but got ${scalaArray(weights)}`,
  );
  const sum = weights.reduce((a, b) => a + b, 0);
  requirement(sum > 0, `Sum of weights must be positive, but got ${scalaArray(weights)}`);
  const s = seed === undefined ? randomLong() : toLong(seed);
  const bounds = [0];
  for (const w of weights) bounds.push(bounds[bounds.length - 1] + w / sum);
  return weights.map(
    (_, i) =>
      new MapPartitionsRDD(
        self,
        {
          op: 'sample',
          sampler: { kind: 'bernoulliCell', lb: bounds[i], ub: bounds[i + 1], complement: false },
          seed: s,
          seeding: 'plusIndex',
        },
        true,
      ),
  );
}

/** Scala's `weights.mkString("[", ",", "]")` of doubles: `[0.5,-1.0]`. */
function scalaArray(values: number[]): string {
  return `[${values.map((v) => (Number.isInteger(v) ? v.toFixed(1) : String(v))).join(',')}]`;
}

/** The largest sample takeSample accepts: Int.MaxValue − 10·√Int.MaxValue. */
const MAX_SAMPLE_SIZE = 2147483647 - Math.trunc(10 * Math.sqrt(2147483647));

/**
 * RDD.takeSample: `num` elements (all of them, shuffled, when sampling
 * without replacement asks for at least as many as there are).
 */
export async function takeSample(
  self: RDD,
  withReplacement: boolean,
  num: number,
  seed: number | bigint | undefined,
  site: CallSite,
): Promise<unknown[]> {
  requirement(num >= 0, 'Negative number of elements requested');
  requirement(num <= MAX_SAMPLE_SIZE, `Cannot support a sample size > Int.MaxValue - 10.0 * math.sqrt(Int.MaxValue)`);
  if (num === 0) return [];
  const sc = self.context;
  const count = async (): Promise<number> =>
    ((await sc.runJob(self, { kind: 'count' }, undefined, site)) as number[]).reduce((a, b) => a + b, 0);
  const collect = async (rdd: RDD): Promise<unknown[]> =>
    ((await sc.runJob(rdd, { kind: 'collect' }, undefined, site)) as unknown[][]).flat();
  const initialCount = await count();
  if (initialCount === 0) return [];
  const rand = new JavaRandom(seed === undefined ? randomLong() : toLong(seed));
  if (!withReplacement && num >= initialCount) return randomizeInPlace(await collect(self), rand);
  const fraction = computeFractionForSampleSize(num, initialCount, withReplacement);
  const sampled = () => sc.withScope('takeSample', () => sample(self, withReplacement, fraction, rand.nextInt()), site);
  let samples = await collect(sampled());
  // If the sample came out short, sample again (rare: the fraction is set for 99.99% success).
  while (samples.length < num) samples = await collect(sampled());
  return randomizeInPlace(samples, rand).slice(0, num);
}
