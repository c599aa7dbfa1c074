/**
 * Spark's `org.apache.spark.util.random.XORShiftRandom`: Marsaglia's 64-bit
 * xorshift (shifts 21, 35, 4) behind `java.util.Random`'s interface, its seed
 * spread over all 64 bits by MurmurHash3 (`XORShiftRandom.hashSeed`). Spark
 * uses it where a row's fate is drawn: `repartition`'s start positions,
 * Bernoulli and gap sampling, the reservoir of `sortByKey`'s sketch.
 *
 * The 64-bit state is kept as two unsigned 32-bit halves, so drawing never
 * allocates.
 *
 * @module
 */
import { ARRAY_SEED, bytesHash } from '../murmur-hash3';
import { JavaRandomBase, toLong } from './java-random';

/**
 * `XORShiftRandom.hashSeed`: the seed's 8 big-endian bytes hashed twice,
 * the first hash seeding the second; returns the state as [high, low] words.
 */
export function hashSeed(seed: number | bigint): [high: number, low: number] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, toLong(seed));
  const low = bytesHash(bytes, ARRAY_SEED);
  const high = bytesHash(bytes, low);
  return [high >>> 0, low >>> 0];
}

/**
 * @example
 * new XORShiftRandom(0).nextInt(3); // 2: where repartition(3)'s partition 0 starts
 */
export class XORShiftRandom extends JavaRandomBase {
  #high = 0;
  #low = 0;

  constructor(seed: number | bigint) {
    super();
    this.setSeed(seed);
  }

  setSeed(seed: number | bigint): void {
    [this.#high, this.#low] = hashSeed(seed);
  }

  protected next(bits: number): number {
    let high = this.#high;
    let low = this.#low;
    // s ^= s << 21
    high = (high ^ ((high << 21) | (low >>> 11))) >>> 0;
    low = (low ^ (low << 21)) >>> 0;
    // s ^= s >>> 35
    low = (low ^ (high >>> 3)) >>> 0;
    // s ^= s << 4
    high = (high ^ ((high << 4) | (low >>> 28))) >>> 0;
    low = (low ^ (low << 4)) >>> 0;
    this.#high = high;
    this.#low = low;
    // The low bits, unlike java.util.Random's high ones; 32 bits come back signed.
    return bits === 32 ? low | 0 : low & (0xffffffff >>> (32 - bits));
  }
}
