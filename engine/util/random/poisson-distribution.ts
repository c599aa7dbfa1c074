/**
 * The two pieces of Apache Commons Math 3.6.1 that Spark samples with when
 * rows may repeat: the `Well19937c` generator (what a `PoissonDistribution`
 * and a `RandomDataGenerator` draw from) and `PoissonDistribution.sample()`.
 * Spark's `PoissonSampler` uses them for fractions above 0.4, and
 * `sampleByKey` (through `RandomDataGenerator`) always.
 *
 * Both of Commons Math's algorithms are followed draw for draw: below a
 * mean of 40, uniforms multiplied until the product drops under e^-mean;
 * from 40 on (sampling with replacement at a fraction of 40 or more, or
 * `takeSample(true, n)` of many more rows than there are), Devroye's
 * rejection method, with the generator's own Box–Muller Gaussian (whose
 * second value waits in the generator for the next call) and Ahrens and
 * Dieter's exponential sampler. `Math.exp`, `Math.log`, `Math.sin` and
 * `Math.cos` may differ from Commons Math's `FastMath` in the last bit,
 * which could change a draw only when a value lands within one ulp of a
 * boundary it is compared with (unit tests compare thousands of draws with
 * the jar's).
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
    this.#nextGaussian = NaN;
  }

  /** `BitsStreamGenerator.nextGaussian`'s second value, kept for the next call (NaN: none). */
  #nextGaussian = NaN;

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

  /**
   * `BitsStreamGenerator.nextGaussian`: Box–Muller over two uniforms gives a
   * pair; the cosine one is returned, the sine one on the next call.
   */
  nextGaussian(): number {
    if (!Number.isNaN(this.#nextGaussian)) {
      const kept = this.#nextGaussian;
      this.#nextGaussian = NaN;
      return kept;
    }
    const angle = 2 * Math.PI * this.nextDouble();
    const radius = Math.sqrt(-2 * Math.log(this.nextDouble()));
    this.#nextGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/** `CombinatoricsUtils.factorialLog`: exact factorials' logs up to 20, a sum of logs beyond. */
function factorialLog(n: number): number {
  if (n < 21) {
    let factorial = 1;
    for (let i = 2; i <= n; i++) factorial *= i;
    return Math.log(factorial);
  }
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/**
 * `ExponentialDistribution.EXPONENTIAL_SA_QI`: the partial sums of
 * ln(2)^i / i! up to the first that reaches 1.
 */
const EXPONENTIAL_SA_QI: readonly number[] = (() => {
  const table: number[] = [];
  const ln2 = Math.log(2);
  let qi = 0;
  let factorial = 1;
  for (let i = 1; qi < 1; i++) {
    factorial *= i;
    qi += ln2 ** i / factorial;
    table.push(qi);
  }
  return table;
})();

/** `ExponentialDistribution(1).sample()`: Ahrens and Dieter's algorithm SA (1972). */
function sampleExponential(random: Well19937c): number {
  let a = 0;
  let u = random.nextDouble();
  while (u < 0.5) {
    a += EXPONENTIAL_SA_QI[0];
    u *= 2;
  }
  u += u - 1;
  if (u <= EXPONENTIAL_SA_QI[0]) return a + u;
  let i = 0;
  let smallest = random.nextDouble();
  do {
    i++;
    smallest = Math.min(smallest, random.nextDouble());
  } while (u > EXPONENTIAL_SA_QI[i]);
  return a + smallest * EXPONENTIAL_SA_QI[0];
}

/**
 * Commons Math's large-mean Poisson draw (Devroye 1981, "The Computer
 * Generation of Poisson Random Variables"): the integer part of the mean by
 * rejection from a normal body and an exponential tail, plus a small-mean
 * draw for the fractional part, taken first.
 */
function samplePoissonLarge(random: Well19937c, mean: number): number {
  const lambda = Math.floor(mean);
  const fraction = mean - lambda;
  const logLambda = Math.log(lambda);
  const logLambdaFactorial = factorialLog(lambda);
  const fromFraction = fraction < Number.MIN_VALUE ? 0 : samplePoisson(random, fraction);
  const delta = Math.sqrt(lambda * Math.log((32 * lambda) / Math.PI + 1));
  const halfDelta = delta / 2;
  const twoLambdaPlusDelta = 2 * lambda + delta;
  const a1 = Math.sqrt(Math.PI * twoLambdaPlusDelta) * Math.exp(1 / (8 * lambda));
  const a2 = (twoLambdaPlusDelta / delta) * Math.exp((-delta * (1 + delta)) / twoLambdaPlusDelta);
  const total = a1 + a2 + 1;
  const p1 = a1 / total;
  const p2 = a2 / total;
  const c1 = 1 / (8 * lambda);
  for (;;) {
    const u = random.nextDouble();
    let x: number;
    let y: number;
    let v: number;
    if (u <= p1) {
      // The normal body.
      const n = random.nextGaussian();
      x = n * Math.sqrt(lambda + halfDelta) - 0.5;
      if (x > delta || x < -lambda) continue;
      y = x < 0 ? Math.floor(x) : Math.ceil(x);
      v = -sampleExponential(random) - (n * n) / 2 + c1;
    } else if (u > p1 + p2) {
      // The mode itself.
      return fromFraction + lambda;
    } else {
      // The exponential tail.
      x = delta + (twoLambdaPlusDelta / delta) * sampleExponential(random);
      y = Math.ceil(x);
      v = -sampleExponential(random) - (delta * (x + 1)) / twoLambdaPlusDelta;
    }
    const below = x < 0 ? 1 : 0;
    const t = (y * (y + 1)) / (2 * lambda);
    if (v < -t && below === 0) return fromFraction + lambda + y;
    const qr = t * ((2 * y + 1) / (6 * lambda) - 1);
    const qa = qr - (t * t) / (3 * (lambda + below * (y + 1)));
    if (v < qa) return fromFraction + lambda + y;
    if (v > qr) continue;
    if (v < y * logLambda - factorialLog(y + lambda) + logLambdaFactorial) return fromFraction + lambda + y;
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
  return Math.min(samplePoissonLarge(random, mean), 2147483647);
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
