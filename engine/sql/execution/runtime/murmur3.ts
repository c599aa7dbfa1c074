/**
 * Spark's Murmur3_x86_32 with seed 42, as its HashPartitioning hashes rows
 * (`pmod(hash(keys), n)`), so a row lands in the partition Spark would put
 * it in: ints by `hashInt`, longs by `hashLong`, strings by the UTF-8 bytes
 * (`hashUnsafeBytes`, whose trailing bytes are mixed one at a time), doubles
 * by their bits, each column seeding the next.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixH1(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function hashInt(v: number, seed: number): number {
  return fmix(mixH1(seed, mixK1(v | 0)), 4);
}

const TWO_32 = 4294967296;

/**
 * A long given as a JavaScript number (exact up to 2^53): its low and high 32-bit words, as
 * two's complement gives them (division by 2^32 and its remainder are exact for doubles).
 */
export function hashLong(v: number, seed: number): number {
  const x = Math.trunc(v);
  const low = (x % TWO_32) | 0;
  const high = Math.floor(x / TWO_32) | 0;
  return hashWords(low, high, seed);
}

function hashWords(low: number, high: number, seed: number): number {
  let h = mixH1(seed, mixK1(low));
  h = mixH1(h, mixK1(high));
  return fmix(h, 8);
}

const encoder = new TextEncoder();
/** Strings are hashed by their UTF-8 bytes, encoded into this buffer (grown as needed) rather than a new array each. */
let utf8Buffer = new Uint8Array(256);

export function hashBytes(bytes: Uint8Array, seed: number, length = bytes.length): number {
  const aligned = length - (length % 4);
  let h = seed;
  for (let i = 0; i < aligned; i += 4) {
    const word = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h = mixH1(h, mixK1(word));
  }
  for (let i = aligned; i < length; i++) h = mixH1(h, mixK1((bytes[i] << 24) >> 24));
  return fmix(h, length);
}

/** Murmur3 of a string's UTF-8 bytes (Spark's `hashUnsafeBytes` over the UTF8String). */
function hashString(s: string, seed: number): number {
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  if (utf8Buffer.length < s.length * 3) utf8Buffer = new Uint8Array(s.length * 3);
  const { written } = encoder.encodeInto(s, utf8Buffer);
  return hashBytes(utf8Buffer, seed, written);
}

const doubleView = new DataView(new ArrayBuffer(8));

/** How a column's type is hashed. */
export type HashKind = 'int' | 'long' | 'double' | 'float' | 'string' | 'boolean' | 'date' | 'timestamp';

/** Spark's Murmur3Hash of one value into `seed`; nulls leave the seed as it is. */
export function hashValue(v: unknown, kind: HashKind, seed: number): number {
  if (v === null || v === undefined) return seed;
  switch (kind) {
    case 'int':
      return hashInt(v as number, seed);
    case 'boolean':
      return hashInt(v ? 1 : 0, seed);
    case 'long':
      return hashLong(v as number, seed);
    case 'date':
      return hashInt(Math.floor((v as Date).getTime() / 86_400_000), seed);
    case 'timestamp':
      return hashLong((v as Date).getTime() * 1000, seed);
    case 'float': {
      const f = v === 0 ? 0 : (v as number);
      doubleView.setFloat32(0, f);
      return hashInt(doubleView.getInt32(0), seed);
    }
    case 'double': {
      const d = v === 0 ? 0 : (v as number);
      doubleView.setFloat64(0, d);
      // Big-endian: the high word first.
      return hashWords(doubleView.getInt32(4), doubleView.getInt32(0), seed);
    }
    default:
      return hashString(String(v), seed);
  }
}

/**
 * The partition of a row's key values (Spark's HashPartitioning.partitionIdExpression).
 *
 * @example
 * partitionOf([1], ['int'], 200); // where Spark puts the int key 1 among 200 partitions
 */
export function partitionOf(values: readonly unknown[], kinds: readonly HashKind[], n: number): number {
  let h = 42;
  for (let i = 0; i < values.length; i++) h = hashValue(values[i], kinds[i], h);
  const m = h % n;
  return m < 0 ? m + n : m;
}
