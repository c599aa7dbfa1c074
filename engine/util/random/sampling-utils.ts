/**
 * Spark's `SamplingUtils`, `PoissonBounds` and `BinomialBounds`
 * (`util/random/SamplingUtils.scala`): the reservoir `sortByKey`'s sketch
 * keeps per partition, and the oversampling fraction `takeSample` asks for
 * so that one sampling pass almost always yields enough rows.
 *
 * @module
 */
import { XORShiftRandom } from './xorshift-random';

/**
 * `SamplingUtils.reservoirSampleAndCount`: the first `k` items, then item
 * number l (1-based) replaces slot ⌊u·l⌋ when that is below k. Returns the
 * reservoir and how many items there were. The generator is created only
 * when there are more than k items, as in Spark.
 *
 * @example
 * reservoirSampleAndCount([1, 2, 3], 5, 7n); // { sample: [1, 2, 3], count: 3 }
 */
export function reservoirSampleAndCount<T>(
  input: Iterable<T>,
  k: number,
  seed: number | bigint,
): { sample: T[]; count: number } {
  const reservoir: T[] = [];
  const it = input[Symbol.iterator]();
  let step = it.next();
  while (reservoir.length < k && !step.done) {
    reservoir.push(step.value);
    step = it.next();
  }
  if (reservoir.length < k) return { sample: reservoir, count: reservoir.length };
  let count = reservoir.length;
  let rand: XORShiftRandom | null = null;
  while (!step.done) {
    rand ??= new XORShiftRandom(seed);
    count++;
    const replacementIndex = Math.floor(rand.nextDouble() * count);
    if (replacementIndex < k) reservoir[replacementIndex] = step.value;
    step = it.next();
  }
  return { sample: reservoir, count };
}

/** `PoissonBounds.getUpperBound`: a mean λ such that Poisson(λ) < s is very unlikely. */
export function poissonUpperBound(s: number): number {
  return Math.max(s + numStd(s) * Math.sqrt(s), 1e-10);
}

function numStd(s: number): number {
  if (s < 6) return 12;
  if (s < 16) return 9;
  return 6;
}

/** `BinomialBounds.getUpperBound`: a rate p such that fewer than fraction·n successes of n is very unlikely. */
export function binomialUpperBound(delta: number, n: number, fraction: number): number {
  const gamma = -Math.log(delta) / n;
  return Math.min(1, Math.max(1e-10, fraction + gamma + Math.sqrt(gamma * gamma + 2 * gamma * fraction)));
}

/**
 * `SamplingUtils.computeFractionForSampleSize`: the fraction to sample at so
 * that at least `sampleSizeLowerBound` rows come back 99.99% of the time.
 *
 * @example
 * computeFractionForSampleSize(3, 100, false); // about 0.157
 */
export function computeFractionForSampleSize(
  sampleSizeLowerBound: number,
  total: number,
  withReplacement: boolean,
): number {
  if (withReplacement) return poissonUpperBound(sampleSizeLowerBound) / total;
  return binomialUpperBound(1e-4, total, sampleSizeLowerBound / total);
}
