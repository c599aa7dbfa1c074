/**
 * Spark's samplers (`org.apache.spark.util.random.RandomSampler.scala`),
 * drawing the same numbers in the same order as Spark 4.0, so a seeded
 * `sample`, `randomSplit` or `takeSample` keeps the rows Spark keeps.
 *
 * A sampler is seeded once per partition (`setSeed`) and then asked, row
 * by row, how many times the row goes into the sample (`sample()`: 0, 1, or
 * more when sampling with replacement); `sampleAll` applies that to an
 * iterable lazily, one row at a time.
 *
 * @module
 */
import { XORShiftRandom } from './xorshift-random';
import { PoissonDistribution } from './poisson-distribution';
import type { SamplerWire } from '../../rdd/wire';

/** `RandomSampler.defaultMaxGapSamplingFraction`: at or below it, gap sampling skips rows in bulk. */
const MAX_GAP_SAMPLING_FRACTION = 0.4;
/** `RandomSampler.rngEpsilon`: keeps log(u) finite. */
const RNG_EPSILON = 5e-11;
/** `RandomSampler.roundingEpsilon`: slop for fractions that are sums of others. */
const ROUNDING_EPSILON = 1e-6;

export interface RandomSampler {
  setSeed(seed: number | bigint): void;
  /** How many times the next row is sampled (0: not at all). */
  sample(): number;
}

/** Scala's `Double.toInt`: truncates toward zero, saturating at Int's bounds (NaN is 0). */
export function doubleToInt(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(x)));
}

/** Each row of `items`, repeated as many times as the sampler says, one row at a time. */
export function* sampleAll<T>(sampler: RandomSampler, items: Iterable<T>): Generator<T> {
  for (const item of items) {
    const count = sampler.sample();
    for (let i = 0; i < count; i++) yield item;
  }
}

/**
 * `GapSampling`: instead of a uniform per row, draws how many rows to skip
 * (geometric with parameter f). Constructed lazily, after the seed is set,
 * as Spark's `lazy val` is.
 */
class GapSampling {
  readonly #lnq: number;
  #countForDropping = 0;

  constructor(
    fraction: number,
    private readonly rng: XORShiftRandom,
  ) {
    this.#lnq = Math.log1p(-fraction);
    this.#advance();
  }

  sample(): number {
    if (this.#countForDropping > 0) {
      this.#countForDropping--;
      return 0;
    }
    this.#advance();
    return 1;
  }

  #advance(): void {
    const u = Math.max(this.rng.nextDouble(), RNG_EPSILON);
    this.#countForDropping = doubleToInt(Math.log(u) / this.#lnq);
  }
}

/** `GapSamplingReplacement`: skips rows whose Poisson count is 0, draws a count ≥ 1 for the others. */
class GapSamplingReplacement {
  readonly #q: number;
  #countForDropping = 0;

  constructor(
    private readonly fraction: number,
    private readonly rng: XORShiftRandom,
  ) {
    this.#q = Math.exp(-fraction);
    this.#advance();
  }

  sample(): number {
    if (this.#countForDropping > 0) {
      this.#countForDropping--;
      return 0;
    }
    const r = this.#poissonGE1();
    this.#advance();
    return r;
  }

  /** A Poisson draw conditioned on being at least 1. */
  #poissonGE1(): number {
    const q = this.#q;
    let pp = q + (1 - q) * this.rng.nextDouble();
    let r = 1;
    pp *= this.rng.nextDouble();
    while (pp > q) {
      r++;
      pp *= this.rng.nextDouble();
    }
    return r;
  }

  #advance(): void {
    const u = Math.max(this.rng.nextDouble(), RNG_EPSILON);
    this.#countForDropping = doubleToInt(Math.log(u) / -this.fraction);
  }
}

/**
 * `BernoulliSampler(fraction)`: each row in with probability `fraction`
 * (gap sampling at fractions ≤ 0.4). What `sample(false, fraction)` uses.
 *
 * @example
 * const s = new BernoulliSampler(0.5);
 * s.setSeed(-5025562857975149833n); // partition 0's seed for sample(false, 0.5, 42)
 * [...sampleAll(s, [0, 1, 2, 3, 4])]; // [0, 1, 2], as Spark keeps
 */
export class BernoulliSampler implements RandomSampler {
  readonly #rng = new XORShiftRandom(0);
  #gap: GapSampling | null = null;

  constructor(readonly fraction: number) {
    if (!(fraction >= -ROUNDING_EPSILON && fraction <= 1 + ROUNDING_EPSILON))
      throw new RangeError(`Sampling fraction (${fraction}) must be on interval [0, 1]`);
  }

  setSeed(seed: number | bigint): void {
    this.#rng.setSeed(seed);
  }

  sample(): number {
    const f = this.fraction;
    if (f <= 0) return 0;
    if (f >= 1) return 1;
    if (f <= MAX_GAP_SAMPLING_FRACTION) return (this.#gap ??= new GapSampling(f, this.#rng)).sample();
    return this.#rng.nextDouble() <= f ? 1 : 0;
  }
}

/**
 * `BernoulliCellSampler(lb, ub, complement)`: a row is in when its uniform
 * draw falls in [lb, ub). `randomSplit` gives each split its own cell of
 * the same draws (same seed), so the splits partition the rows.
 */
export class BernoulliCellSampler implements RandomSampler {
  readonly #rng = new XORShiftRandom(0);

  constructor(
    readonly lb: number,
    readonly ub: number,
    readonly complement = false,
  ) {
    if (!(lb <= ub + ROUNDING_EPSILON)) throw new RangeError(`Lower bound (${lb}) must be <= upper bound (${ub})`);
    if (!(lb >= -ROUNDING_EPSILON)) throw new RangeError(`Lower bound (${lb}) must be >= 0.0`);
    if (!(ub <= 1 + ROUNDING_EPSILON)) throw new RangeError(`Upper bound (${ub}) must be <= 1.0`);
  }

  setSeed(seed: number | bigint): void {
    this.#rng.setSeed(seed);
  }

  sample(): number {
    if (this.ub - this.lb <= 0) return this.complement ? 1 : 0;
    const x = this.#rng.nextDouble();
    const n = x >= this.lb && x < this.ub ? 1 : 0;
    return this.complement ? 1 - n : n;
  }
}

/**
 * `PoissonSampler(fraction)`: each row repeated a Poisson(fraction) number of
 * times; gap sampling over XORShiftRandom at fractions ≤ 0.4, Commons Math's
 * PoissonDistribution above. What `sample(true, fraction)` uses.
 */
export class PoissonSampler implements RandomSampler {
  readonly #poisson: PoissonDistribution;
  readonly #rngGap = new XORShiftRandom(0);
  #gap: GapSamplingReplacement | null = null;

  constructor(
    readonly fraction: number,
    readonly useGapSamplingIfPossible = true,
  ) {
    if (!(fraction >= -ROUNDING_EPSILON)) throw new RangeError(`Sampling fraction (${fraction}) must be >= 0`);
    this.#poisson = new PoissonDistribution(fraction > 0 ? fraction : 1);
  }

  setSeed(seed: number | bigint): void {
    this.#poisson.reseedRandomGenerator(seed);
    this.#rngGap.setSeed(seed);
  }

  sample(): number {
    if (this.fraction <= 0) return 0;
    if (this.useGapSamplingIfPossible && this.fraction <= MAX_GAP_SAMPLING_FRACTION)
      return (this.#gap ??= new GapSamplingReplacement(this.fraction, this.#rngGap)).sample();
    return this.#poisson.sample();
  }
}

/** The sampler a wire description names (see SamplerWire), unseeded. */
export function samplerFromWire(wire: SamplerWire): RandomSampler {
  switch (wire.kind) {
    case 'bernoulli':
      return new BernoulliSampler(wire.fraction);
    case 'poisson':
      return new PoissonSampler(wire.fraction);
    case 'bernoulliCell':
      return new BernoulliCellSampler(wire.lb, wire.ub, wire.complement);
  }
}
