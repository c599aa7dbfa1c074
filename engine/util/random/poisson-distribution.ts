/**
 * The two pieces of Apache Commons Math 3.6.1 that Spark samples with when
 * rows may repeat: the `Well19937c` generator (what a `PoissonDistribution`
 * and a `RandomDataGenerator` draw from) and `PoissonDistribution.sample()`.
 * Spark's `PoissonSampler` uses them for fractions above 0.4, and
 * `sampleByKey` (through `RandomDataGenerator`) always.
 *
 * Means below 40 — every sampling fraction a program realistically uses —
 * follow Commons Math's small-mean algorithm draw for draw. Its large-mean
 * branch (Devroye's rejection method, with Commons Math's own Gaussian and
 * exponential samplers) is not reproduced: means of 40 or more are drawn
 * with a normal approximation here, so they match Spark in distribution
 * only. `Math.exp` may also differ from Commons Math's `FastMath.exp` in
 * the last bit, which could change a draw only when a running product lands
 * within one ulp of e^-mean.
 *
 * @module
 */
import { toLong } from './java-random';

const K = 19937;
const M1 = 70;
const M2 = 179;
const M3 = 449;
const R = Math.ceil(K / 32);

/**
 * Commons Math's `Well19937c` (WELL with Matsumoto–Kurita tempering).
 *
 * @example
 * new Well19937c(42n).nextDouble(); // 0.28813207678514097
 */
export class Well19937c {
  readonly #v = new Int32Array(R);
  #index = 0;
  static readonly #iRm1 = Int32Array.from({ length: R }, (_, j) => (j + R - 1) % R);
  static readonly #iRm2 = Int32Array.from({ length: R }, (_, j) => (j + R - 2) % R);
  static readonly #i1 = Int32Array.from({ length: R }, (_, j) => (j + M1) % R);
  static readonly #i2 = Int32Array.from({ length: R }, (_, j) => (j + M2) % R);
  static readonly #i3 = Int32Array.from({ length: R }, (_, j) => (j + M3) % R);

  constructor(seed: number | bigint) {
    this.setSeed(seed);
  }

  /** `AbstractWell.setSeed(long)`: the two halves of the long, then the Mersenne Twister's fill. */
  setSeed(seed: number | bigint): void {
    const long = BigInt.asUintN(64, toLong(seed));
    const v = this.#v;
    v[0] = Number(long >> 32n) | 0;
    v[1] = Number(long & 0xffffffffn) | 0;
    for (let i = 2; i < R; i++) {
      const l = v[i - 2];
      v[i] = (Math.imul(1812433253, l ^ (l >> 30)) + i) | 0;
    }
    this.#index = 0;
  }

  #next(bits: number): number {
    const v = this.#v;
    const index = this.#index;
    const indexRm1 = Well19937c.#iRm1[index];
    const indexRm2 = Well19937c.#iRm2[index];
    const v0 = v[index];
    const vM1 = v[Well19937c.#i1[index]];
    const vM2 = v[Well19937c.#i2[index]];
    const vM3 = v[Well19937c.#i3[index]];
    const z0 = (0x80000000 & v[indexRm1]) ^ (0x7fffffff & v[indexRm2]);
    const z1 = v0 ^ (v0 << 25) ^ (vM1 ^ (vM1 >>> 27));
    const z2 = (vM2 >>> 9) ^ (vM3 ^ (vM3 >>> 1));
    const z3 = z1 ^ z2;
    let z4 = z0 ^ (z1 ^ (z1 << 9)) ^ (z2 ^ (z2 << 21)) ^ (z3 ^ (z3 >>> 21));
    v[index] = z3;
    v[indexRm1] = z4;
    v[indexRm2] &= 0x80000000;
    this.#index = indexRm1;
    z4 ^= (z4 << 7) & 0xe46e1700;
    z4 ^= (z4 << 15) & 0x9b868000;
    return z4 >>> (32 - bits);
  }

  /** `BitsStreamGenerator.nextDouble`: two 26-bit draws, 52 bits in all. */
  nextDouble(): number {
    return (this.#next(26) * 67108864 + this.#next(26)) * 2 ** -52;
  }

  nextInt(): number {
    return this.#next(32) | 0;
  }
}

/**
 * `PoissonDistribution(mean).sample()` over a given generator (Commons Math
 * shares one generator between a distribution and its `RandomDataGenerator`).
 */
export function samplePoisson(random: Well19937c, mean: number): number {
  if (mean < 40) {
    // Multiplies uniforms until the product drops below e^-mean; the count is the draw.
    const p = Math.exp(-mean);
    let n = 0;
    let r = 1;
    while (n < 1000 * mean) {
      r *= random.nextDouble();
      if (r >= p) n++;
      else return n;
    }
    return n;
  }
  // Large means: a normal approximation (see the module comment).
  const u1 = Math.max(random.nextDouble(), Number.MIN_VALUE);
  const u2 = random.nextDouble();
  const gaussian = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
}

/** Commons Math's own error, e.g. for `sampleByKey(true, …)` with a fraction of 0. */
export class NotStrictlyPositiveException extends RangeError {
  override name = 'NotStrictlyPositiveException';
}

function checkMean(mean: number): void {
  if (!(mean > 0)) throw new NotStrictlyPositiveException(`mean (${mean})`);
}

/**
 * Commons Math's `PoissonDistribution(mean)` as Spark's `PoissonSampler`
 * holds it: reseeded per partition.
 */
export class PoissonDistribution {
  readonly #random = new Well19937c(0);

  constructor(readonly mean: number) {
    checkMean(mean);
  }

  reseedRandomGenerator(seed: number | bigint): void {
    this.#random.setSeed(seed);
  }

  sample(): number {
    return samplePoisson(this.#random, this.mean);
  }
}

/**
 * The two draws `sampleByKey` makes through Commons Math's
 * `RandomDataGenerator`, reseeded per partition.
 */
export class RandomDataGenerator {
  readonly #random = new Well19937c(0);

  reSeed(seed: number | bigint): void {
    this.#random.setSeed(seed);
  }

  /** `nextUniform(0, 1)`: never 0 (the lower bound is exclusive). */
  nextUniform(): number {
    let u = this.#random.nextDouble();
    while (u <= 0) u = this.#random.nextDouble();
    return u;
  }

  nextPoisson(mean: number): number {
    checkMean(mean);
    return samplePoisson(this.#random, mean);
  }
}
