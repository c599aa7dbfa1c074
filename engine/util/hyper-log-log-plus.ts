/**
 * The HyperLogLog++ counter Spark's `countApproxDistinct` uses: stream-lib
 * 2.9.8's `HyperLogLogPlus` in its normal (dense) form, as Spark builds it
 * (`new HyperLogLogPlus(p, 0)`), hashing each element as stream-lib does:
 * `MurmurHash.hash64` (MurmurHash64A, seed 0xe17a1465) of the UTF-8 bytes of
 * the element's `toString`.
 *
 * What matches Spark: every register, so the answer, whenever the estimate
 * falls in the linear-counting range (some register still empty and the
 * linear count below stream-lib's threshold for p: 400 at the default
 * relativeSD 0.05, i.e. p = 9) — the range of a learner's data. Between that
 * threshold and 5·m, stream-lib subtracts a bias looked up in tables
 * measured for the HyperLogLog++ paper; those tables are not reproduced here,
 * and the raw estimate is far from the truth there, so Kindling keeps the
 * linear count (typically within a few percent of the true count, as
 * Spark's corrected estimate is) while a register is still empty. Above 5·m
 * both use the raw estimate. An element's text is its JavaScript form where Scala's
 * would differ only in spelling: integers as `5`, other numbers as JavaScript
 * prints them (Java would print `5.0` for a Double), arrays (tuples) as
 * `(a,1)`, objects as JSON.
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

  cardinality(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const estimate = alphaMM(this.p, m) / sum;
    const linear = zeros > 0 ? m * Math.log(m / zeros) : estimate;
    if (this.p <= 18 ? linear < THRESHOLDS[this.p - 4] : estimate <= 5 * m) return Math.round(linear);
    // stream-lib's bias-corrected range (see the module comment): the linear count stands in for it.
    if (estimate <= 5 * m && zeros > 0) return Math.round(linear);
    return Math.round(estimate);
  }
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
