/**
 * The HyperLogLog++ counter Spark's `countApproxDistinct` uses: stream-lib
 * 2.9.8's `HyperLogLogPlus` in its normal (dense) form, as Spark builds it
 * (`new HyperLogLogPlus(p, 0)`), hashing each element as stream-lib does:
 * `MurmurHash.hash64` (MurmurHash64A, seed 0xe17a1465) of the UTF-8 bytes of
 * the element's `toString`.
 *
 * The estimate is stream-lib's `cardinality()`, step for step: the raw
 * HyperLogLog estimate `alphaMM · (1 / Σ 2^−register)`; up to 5·m, less the
 * bias HyperLogLog++ measured near it (the mean of the biases at the six
 * nearest of the paper's raw estimates, `hll-bias-data.ts`, for p ≤ 18); the
 * linear count `m · ln(m / empty registers)` while a register is empty; and
 * the linear count when it is below stream-lib's threshold for p (400 at the
 * default relativeSD 0.05, i.e. p = 9), else the corrected estimate. So the
 * answer is Spark's for every register state, whatever the count. An
 * element's text is its JavaScript form where Scala's would differ only in
 * spelling: integers as `5`, other numbers as JavaScript prints them (Java
 * would print `5.0` for a Double), arrays (tuples) as `(a,1)`, objects as JSON.
 *
 * @module
 */

const M = 0xc6a4a7935bd1e995n;
const SEED = 0xe17a1465n;
const MASK_64 = (1n << 64n) - 1n;

/** stream-lib's thresholds for p = 4 … 18: below them the linear count is used. */
const THRESHOLDS = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000];

const encoder = new TextEncoder();

/** stream-lib's `MurmurHash.hash64(byte[], length, seed)` (MurmurHash64A), as an unsigned 64-bit bigint. */
export function murmurHash64(data: Uint8Array): bigint {
  const length = data.length;
  let h = (SEED ^ ((BigInt(length) * M) & MASK_64)) & MASK_64;
  const blocks = length >>> 3;
  for (let i = 0; i < blocks; i++) {
    let k = 0n;
    for (let b = 7; b >= 0; b--) k = (k << 8n) | BigInt(data[i * 8 + b]);
    k = (k * M) & MASK_64;
    k ^= k >> 47n;
    k = (k * M) & MASK_64;
    h ^= k;
    h = (h * M) & MASK_64;
  }
  const tail = length & 7;
  if (tail > 0) {
    for (let b = tail - 1; b >= 0; b--) h ^= BigInt(data[(length & ~7) + b]) << BigInt(8 * b);
    h = (h * M) & MASK_64;
  }
  h ^= h >> 47n;
  h = (h * M) & MASK_64;
  h ^= h >> 47n;
  return h;
}

/** The text stream-lib hashes for an element (its `toString`); see the module comment. */
export function elementText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `(${value.map((v) => elementText(v) ?? 'null').join(',')})`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * @example
 * const hll = new HyperLogLogPlus(9);
 * for (const x of [1, 2, 2, 3]) hll.offer(x);
 * hll.cardinality(); // 3
 */
export class HyperLogLogPlus {
  readonly registers: Uint8Array;

  constructor(
    readonly p: number,
    registers?: Uint8Array,
  ) {
    if (!(p >= 4 && p <= 32)) throw new RangeError(`p (${p}) must be between 4 and 32`);
    this.registers = registers ?? new Uint8Array(1 << p);
  }

  /** A counter holding the registers of several (the partitions' counters merged, `addAll`). */
  static merged(p: number, registerSets: Uint8Array[]): HyperLogLogPlus {
    const merged = new HyperLogLogPlus(p);
    for (const set of registerSets)
      for (let i = 0; i < set.length; i++) if (set[i] > merged.registers[i]) merged.registers[i] = set[i];
    return merged;
  }

  offer(value: unknown): void {
    const text = elementText(value);
    // stream-lib hashes null to 0.
    this.offerHashed(text === null ? 0n : murmurHash64(encoder.encode(text)));
  }

  /** The register is chosen by the top p bits; its value is the run of zeros after them, plus one. */
  offerHashed(hash: bigint): void {
    const p = this.p;
    const index = Number(hash >> BigInt(64 - p));
    // `(long) (1 << (p - 1))`: an int shift, sign-extended to 64 bits (it matters at p = 32).
    const rest = ((hash << BigInt(p)) & MASK_64) | BigInt.asUintN(64, BigInt(1 << (p - 1)));
    const runLength = 64 - rest.toString(2).length + 1;
    if (runLength > this.registers[index]) this.registers[index] = runLength;
  }

  /**
   * Whether {@link cardinality} needs the bias data for this counter's
   * registers: p ≤ 18, the raw estimate is at most 5·m, and the linear count
   * does not decide the answer on its own. The data is loaded separately
   * ({@link biasDataFor}), only then.
   */
  needsBiasData(): boolean {
    return this.p <= 18 && this.#rawEstimate() <= 5 * this.registers.length && this.#linearAnswer() === null;
  }

  /**
   * stream-lib's `HyperLogLogPlus.cardinality()` for the normal form.
   * `bias` is {@link biasDataFor}(p) when {@link needsBiasData} says so.
   */
  cardinality(bias: BiasData | null = null): number {
    const m = this.registers.length;
    const linear = this.#linearAnswer();
    if (linear !== null) return linear;
    const estimate = this.#rawEstimate();
    let estimatePrime = estimate;
    if (estimate <= 5 * m && this.p <= 18) {
      if (bias === null) throw new Error(`HyperLogLog++ needs its bias data for p = ${this.p} (see biasDataFor)`);
      estimatePrime = estimate - estimateBias(estimate, bias);
    }
    // With no empty register stream-lib's H is the corrected estimate itself, so either branch gives it.
    return Math.round(estimatePrime);
  }

  /**
   * The answer when it is the linear count `m · ln(m / empty registers)`
   * (stream-lib's `HyperLogLog.linearCounting`): some register is empty and
   * the count is below the threshold for p (for p > 18: the raw estimate is
   * at most 5·m). Null when the answer is the (corrected) estimate. Rounded
   * as Java's Math.round rounds: to the nearest integer, halves up.
   */
  #linearAnswer(): number | null {
    const m = this.registers.length;
    let zeros = 0;
    for (const r of this.registers) if (r === 0) zeros++;
    if (zeros === 0) return null;
    const h = m * Math.log(m / zeros);
    const linearWins = this.p <= 18 ? h < THRESHOLDS[this.p - 4] : this.#rawEstimate() <= 5 * m;
    return linearWins ? Math.round(h) : null;
  }

  /** `alphaMM * (1 / registerSum)`, summed in register order as stream-lib sums. */
  #rawEstimate(): number {
    let sum = 0;
    for (const r of this.registers) sum += 2 ** -r;
    return alphaMM(this.p, this.registers.length) * (1 / sum);
  }
}

/** One precision's rows of HyperLogLog++'s bias data: raw estimates and the bias at each. */
export interface BiasData {
  rawEstimates: readonly number[];
  biases: readonly number[];
}

/** The bias data for precision `p` (4 … 18), from its own chunk. */
export async function biasDataFor(p: number): Promise<BiasData> {
  if (!(p >= 4 && p <= 18)) throw new RangeError(`HyperLogLog++ has bias data for p = 4 … 18, not ${p}`);
  const { RAW_ESTIMATES, BIASES } = await import('./hll-bias-data');
  return { rawEstimates: RAW_ESTIMATES[p - 4], biases: BIASES[p - 4] };
}

/**
 * stream-lib's getEstimateBias: the raw estimates' squared distances to
 * `estimate` go into a `TreeMap<Double, Integer>` (so of equal distances the
 * later index stays), the first six indexes in distance order are the
 * nearest (index 0 standing in for any missing), and the bias is the mean of
 * their biases, summed in that order.
 */
function estimateBias(estimate: number, { rawEstimates, biases }: BiasData): number {
  const byDistance = new Map<number, number>();
  for (let i = 0; i < rawEstimates.length; i++) {
    const d = estimate - rawEstimates[i];
    // Math.pow(d, 2), which Java computes as d * d.
    byDistance.set(d * d, i);
  }
  const nearest = [...byDistance.entries()].sort((a, b) => a[0] - b[0]).slice(0, 6);
  let total = 0;
  for (let k = 0; k < 6; k++) total += biases[k < nearest.length ? nearest[k][1] : 0];
  return total / 6;
}

function alphaMM(p: number, m: number): number {
  switch (p) {
    case 4:
      return 0.673 * m * m;
    case 5:
      return 0.697 * m * m;
    case 6:
      return 0.709 * m * m;
    default:
      return (0.7213 / (1 + 1.079 / m)) * m * m;
  }
}
