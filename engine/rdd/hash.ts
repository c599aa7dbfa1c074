/**
 * JVM hash codes for keys, so that `HashPartitioner` places a key where Spark
 * on the JVM would, and a learner can work it out by hand:
 * `"a".hashCode() == 97`, so with 4 partitions `"a"` lands in partition 1.
 *
 * | JS value | hashed as |
 * |---|---|
 * | string | `java.lang.String.hashCode`: `h = 31·h + c` over UTF-16 code units |
 * | number, an int32 | `Integer.hashCode`: the value itself |
 * | number, other integer of magnitude ≤ 2^53 | `Long.hashCode`: `(int)(v ^ (v >>> 32))` |
 * | number, otherwise (fractions, `±Infinity`, `NaN`, beyond 2^53) | `Double.hashCode`: `(int)(bits ^ (bits >>> 32))`, `NaN` canonical |
 * | `-0` | as `0` (Java's `Double.hashCode(-0.0)` is `-2147483648`, but JS `Map` keys and `keyEquals` cannot tell `-0` from `0`, and equal keys must hash alike) |
 * | boolean | `Boolean.hashCode`: `true` → 1231, `false` → 1237 |
 * | `null`, `undefined` | 0 (`HashPartitioner` sends them to partition 0) |
 * | bigint within 64 bits | `Long.hashCode` (so `-1n` → 0, while the number `-1` → -1) |
 * | bigint beyond 64 bits | `java.math.BigInteger.hashCode` |
 * | array of 1 to 22 elements (pairs, tuples) | Scala 2.13's `TupleN.hashCode`: `MurmurHash3.productHash`, with each element hashed as above (its `##`) |
 * | array of 0 or more than 22 elements | Scala's `IndexedSeq` hash (`MurmurHash3.seqHash`), as a `Vector` of the elements would |
 * | typed array, `ArrayBuffer`, `DataView` | `java.util.Arrays.hashCode` of its elements (bytes for the last two), each hashed as the JS value it reads as |
 * | `Date` | `Long.hashCode(getTime())` |
 * | plain object, `Map` | `java.util.AbstractMap.hashCode`: Σ `hash(k) ^ hash(v)`, independent of key order |
 * | `Set` | `java.util.AbstractSet.hashCode`: Σ `hash(e)`, independent of order |
 * | `RegExp` | the `String.hashCode` of its `toString()` |
 *
 * A two-element array is what a program writes for a Scala tuple, so a pair
 * key `['a', 1]` hashes as `("a", 1).hashCode` does in Spark 4 (Scala 2.13),
 * and lands in the partition Scala would put it in. (PySpark's
 * `portable_hash` of a Python tuple is another function; Python programs
 * have their own.) The elements are hashed with this same function, which
 * for numbers, strings, booleans and null is Scala's `##`.
 *
 * @module
 */

import { SEQ_SEED, indexedSeqHash, productHash } from '../util/murmur-hash3';

/** 2^32, to split a safe integer into its high and low 32-bit words. */
const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

const TRUE_HASH = 1231;
const FALSE_HASH = 1237;

// One scratch buffer to read a double's IEEE-754 bits without allocating.
const doubleView = new DataView(new ArrayBuffer(8));

/**
 * The JVM hash code of a key, a 32-bit signed integer (see the module comment
 * for the rule for each type). Keys that `keyEquals` (key-map.ts) calls equal always
 * hash alike.
 *
 * @throws {TypeError} for functions and symbols, which cannot be shuffle keys.
 * @example
 * hashCode('a');      // 97
 * hashCode('spark');  // 109638365
 * hashCode(2 ** 32);  // 1, as Java's Long.hashCode(4294967296L)
 * hashCode(['a', 1]); // -1734940110, as ("a", 1).hashCode in Scala 2.13
 */
export function hashCode(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringHash(value);
    case 'number':
      return numberHash(value);
    case 'boolean':
      return value ? TRUE_HASH : FALSE_HASH;
    case 'undefined':
      return 0;
    case 'bigint':
      return bigintHash(value);
    case 'object':
      return value === null ? 0 : objectHash(value);
    default:
      throw new TypeError(`cannot hash a ${typeof value}: it cannot be used as a key`);
  }
}

/**
 * Spark's `Utils.nonNegativeMod`: `x mod n` in `[0, n)`, even for a negative
 * hash code (Java's `%`, like JS's, keeps the sign of `x`).
 *
 * @example
 * nonNegativeMod(-7, 3); // 2, since -7 % 3 == -1 and -1 + 3 == 2
 */
export function nonNegativeMod(x: number, mod: number): number {
  const rawMod = x % mod;
  // `+ 0` turns the -0 that JS gives for e.g. -4 % 2 into 0.
  return (rawMod < 0 ? rawMod + mod : rawMod) + 0;
}

/** `java.lang.String.hashCode`: `s[0]·31^(n-1) + … + s[n-1]` in 32-bit arithmetic. */
function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function numberHash(v: number): number {
  if ((v | 0) === v) return v | 0; // int32; also maps -0 to 0
  return Number.isInteger(v) && Math.abs(v) <= TWO_53 ? longHash(v) : doubleHash(v);
}

/** `Long.hashCode` of an integral number of magnitude at most 2^53. */
function longHash(v: number): number {
  // Two's complement split: v = high·2^32 + low with low unsigned.
  const high = Math.floor(v / TWO_32);
  const low = v - high * TWO_32;
  return (low ^ high) | 0;
}

/** `Double.hashCode`: the high and low words of `doubleToLongBits(v)` XORed; NaN has one canonical pattern. */
function doubleHash(v: number): number {
  doubleView.setFloat64(0, Number.isNaN(v) ? NaN : v);
  return doubleView.getInt32(0) ^ doubleView.getInt32(4);
}

function bigintHash(v: bigint): number {
  if (BigInt.asIntN(64, v) === v) {
    const bits = BigInt.asUintN(64, v);
    return (Number(bits >> 32n) ^ Number(bits & 0xffffffffn)) | 0;
  }
  // BigInteger.hashCode: over the big-endian 32-bit words of |v|, then times the sign.
  const negative = v < 0n;
  let magnitude = negative ? -v : v;
  const words: number[] = [];
  while (magnitude > 0n) {
    words.push(Number(magnitude & 0xffffffffn));
    magnitude >>= 32n;
  }
  let h = 0;
  for (let i = words.length - 1; i >= 0; i--) h = (Math.imul(31, h) + words[i]!) | 0;
  return negative ? -h | 0 : h;
}

function objectHash(value: object): number {
  if (Array.isArray(value)) return tupleHash(value);
  if (value instanceof Date) {
    // A Date is a Long in Java even when small: Long.hashCode(-1L) is 0, not -1.
    const time = value.getTime();
    return Number.isNaN(time) ? doubleHash(time) : longHash(time);
  }
  if (value instanceof Map) {
    let h = 0;
    for (const [k, v] of value) h = (h + (hashCode(k) ^ hashCode(v))) | 0;
    return h;
  }
  if (value instanceof Set) {
    let h = 0;
    for (const element of value) h = (h + hashCode(element)) | 0;
    return h;
  }
  if (value instanceof RegExp) return stringHash(value.toString());
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return arrayHash(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return arrayHash(value as unknown as ArrayLike<unknown>);
  }
  if (value instanceof ArrayBuffer) return arrayHash(new Uint8Array(value));
  // Plain objects, and any other object, by their own enumerable properties.
  let h = 0;
  for (const key of Object.keys(value)) {
    h = (h + (stringHash(key) ^ hashCode((value as Record<string, unknown>)[key]))) | 0;
  }
  return h;
}

/** Scala has tuples of 1 to 22 elements. */
const MAX_TUPLE_ARITY = 22;
/** `"Tuple1".hashCode` … `"Tuple22".hashCode`, the product prefixes mixed into a tuple's hash. */
const TUPLE_PREFIX_HASHES = Array.from({ length: MAX_TUPLE_ARITY + 1 }, (_, n) => stringHash(`Tuple${n}`));

/** A JS array as the Scala tuple it stands for (or, outside tuple arities, as a Scala `Vector`). */
function tupleHash(elements: readonly unknown[]): number {
  const n = elements.length;
  const hashes = new Array<number>(n);
  for (let i = 0; i < n; i++) hashes[i] = hashCode(elements[i]);
  return n >= 1 && n <= MAX_TUPLE_ARITY
    ? productHash(TUPLE_PREFIX_HASHES[n], hashes)
    : indexedSeqHash(hashes, SEQ_SEED);
}

/** `java.util.Arrays.hashCode`, for typed arrays and buffers (Java arrays of primitives). */
function arrayHash(elements: ArrayLike<unknown>): number {
  let h = 1;
  for (let i = 0; i < elements.length; i++) h = (Math.imul(31, h) + hashCode(elements[i])) | 0;
  return h;
}
