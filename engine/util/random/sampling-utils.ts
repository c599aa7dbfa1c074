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
 * `SamplingUtils.reservoirSampleAndCount`, fed one item at a time: keeps the
 * first `k` items, then item number l (1-based) replaces slot ⌊u·l⌋ when that
 * is below k. The generator is created only once there are more than k
 * items, as in Spark.
 *
 * @example
 * const r = new Reservoir<number>(2, 7);
 * [1, 2, 3].forEach((x) => r.offer(x));
 * r.count; // 3, and r.sample holds two of the three
 */
export class Reservoir<T> {
  readonly sample: T[] = [];
  count = 0;
  #rand: XORShiftRandom | null = null;

  constructor(
    readonly k: number,
    readonly seed: number | bigint,
  ) {}

  offer(item: T): void {
    this.count++;
    if (this.sample.length < this.k) {
      this.sample.push(item);
      return;
    }
    this.#rand ??= new XORShiftRandom(this.seed);
    const replacementIndex = Math.floor(this.#rand.nextDouble() * this.count);
    if (replacementIndex < this.k) this.sample[replacementIndex] = item;
  }
}

/**
 * `SamplingUtils.reservoirSampleAndCount` over an iterable: the reservoir and
 * how many items there were.
 *
 * @example
 * reservoirSampleAndCount([1, 2, 3], 5, 7n); // { sample: [1, 2, 3], count: 3 }
 */
export function reservoirSampleAndCount<T>(
  input: Iterable<T>,
  k: number,
  seed: number | bigint,
): { sample: T[]; count: number } {
  const reservoir = new Reservoir<T>(k, seed);
  for (const item of input) reservoir.offer(item);
  return { sample: reservoir.sample, count: reservoir.count };
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
