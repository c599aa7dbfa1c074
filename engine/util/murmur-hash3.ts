/**
 * Scala 2.13's `scala.util.hashing.MurmurHash3` (MurmurHash3_x86_32) and
 * `byteswap32`: the hashes Spark reaches through Scala. `Tuple2.hashCode` is
 * `productHash` (so a pair key lands where a Scala tuple would), Spark's
 * `XORShiftRandom` hashes its seed with `bytesHash`, and `RangePartitioner`'s
 * sketch seeds each partition with `byteswap32`.
 *
 * Every function works in 32-bit two's complement, as the JVM's `Int` does.
 *
 * @module
 */

/** `MurmurHash3.arraySeed`. */
export const ARRAY_SEED = 0x3c074a61;
/** `MurmurHash3.productSeed` (0xcafebabe as a signed Int). */
export const PRODUCT_SEED = 0xcafebabe | 0;
/** `MurmurHash3.seqSeed`: `"Seq".hashCode`. */
export const SEQ_SEED = 83007;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

/** `mixLast`: mixes one block into the hash without the final rotation. */
export function mixLast(hash: number, data: number): number {
  let k = Math.imul(data, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  return hash ^ k;
}

/** `mix`: mixes one 32-bit block into the running hash. */
export function mix(hash: number, data: number): number {
  const h = rotl(mixLast(hash, data), 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function avalanche(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** `finalizeHash`: folds in the length and avalanches. */
export function finalizeHash(hash: number, length: number): number {
  return avalanche(hash ^ length);
}

/**
 * `MurmurHash3.bytesHash(data, seed)`: four little-endian bytes per block.
 *
 * @example
 * bytesHash(new Uint8Array(0), ARRAY_SEED); // -1579025880
 */
export function bytesHash(data: Uint8Array, seed: number): number {
  let h = seed;
  let i = 0;
  let left = data.length;
  while (left >= 4) {
    const k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    h = mix(h, k);
    i += 4;
    left -= 4;
  }
  let k = 0;
  if (left === 3) k ^= data[i + 2] << 16;
  if (left >= 2) k ^= data[i + 1] << 8;
  if (left >= 1) {
    k ^= data[i];
    h = mixLast(h, k);
  }
  return finalizeHash(h, data.length);
}

/**
 * `MurmurHash3.productHash(x)` for a product whose prefix hashes to
 * `prefixHash` and whose elements' `##` are `elementHashes`: Scala 2.13's
 * case-class and tuple `hashCode`.
 *
 * @example
 * productHash(stringHashCode('Tuple2'), [97, 1]); // -1734940110, the hash of ("a", 1)
 */
export function productHash(prefixHash: number, elementHashes: readonly number[], seed = PRODUCT_SEED): number {
  if (elementHashes.length === 0) return prefixHash;
  let h = mix(seed, prefixHash);
  for (const e of elementHashes) h = mix(h, e);
  return finalizeHash(h, elementHashes.length);
}

/**
 * `MurmurHash3.indexedSeqHash(xs, seqSeed)`: what a Scala `Vector` or
 * `ArraySeq` hashes to, with its arithmetic-progression special case.
 */
export function indexedSeqHash(elementHashes: readonly number[], seed = SEQ_SEED): number {
  const n = elementHashes.length;
  if (n === 0) return finalizeHash(seed, 0);
  if (n === 1) return finalizeHash(mix(seed, elementHashes[0]), 1);
  const initial = elementHashes[0];
  let h = mix(seed, initial);
  const h0 = h;
  let prev = elementHashes[1];
  const rangeDiff = (prev - initial) | 0;
  for (let i = 2; i < n; i++) {
    h = mix(h, prev);
    const hash = elementHashes[i];
    if (rangeDiff !== ((hash - prev) | 0)) {
      h = mix(h, hash);
      for (let j = i + 1; j < n; j++) h = mix(h, elementHashes[j]);
      return finalizeHash(h, n);
    }
    prev = hash;
  }
  return avalanche(mix(mix(h0, rangeDiff), prev));
}

/**
 * `scala.util.hashing.byteswap32`: a multiplicative hash with its bytes
 * reversed in between.
 *
 * @example
 * byteswap32(1); // -1875198074
 */
export function byteswap32(v: number): number {
  let hc = Math.imul(v, 0x9e3775cd);
  hc = ((hc & 0xff) << 24) | ((hc & 0xff00) << 8) | ((hc >>> 8) & 0xff00) | (hc >>> 24);
  return Math.imul(hc, 0x9e3775cd);
}
