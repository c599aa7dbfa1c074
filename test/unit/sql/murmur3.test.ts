/**
 * Spark's Murmur3 (HashPartitioning's hash) as the SQL operators compute it
 * without allocating: longs and doubles by their two 32-bit words, strings by
 * their UTF-8 bytes encoded into a reused buffer; and an UnsafeRow's size,
 * with strings counted in UTF-8 without encoding them.
 */
import { expect, test } from 'vitest';
import { hashBytes, hashInt, hashValue } from '../../../engine/sql/execution/runtime/murmur3';
import { unsafeRowSize } from '../../../engine/sql/execution/runtime/metrics';

const utf8 = new TextEncoder();

/** A long's hash from its two's-complement words as BigInt gives them: the reference the arithmetic must match. */
function longByBigInt(v: number, seed: number): number {
  const bits = BigInt.asIntN(64, BigInt(Math.trunc(v)));
  return hashWordsReference(Number(BigInt.asIntN(32, bits)), Number(BigInt.asIntN(32, bits >> 32n)), seed);
}

function doubleByBigInt(v: number, seed: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v === 0 ? 0 : v);
  const bits = view.getBigInt64(0);
  return hashWordsReference(Number(BigInt.asIntN(32, bits)), Number(BigInt.asIntN(32, bits >> 32n)), seed);
}

/** Murmur3 of a long's words, through hashBytes on their little-endian bytes (Spark's hashLong is the same mix). */
function hashWordsReference(low: number, high: number, seed: number): number {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setInt32(0, low, true);
  new DataView(bytes.buffer).setInt32(4, high, true);
  return hashBytes(bytes, seed);
}

/** A seeded generator, so a failure names values that can be tried again. */
function random(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
}

test("hash('Spark', array(123), 2) is Spark's -1321691492 (Murmur3Hash's example in hash.scala)", () => {
  let h = hashValue('Spark', 'string', 42);
  h = hashValue(123, 'int', h);
  expect(hashValue(2, 'int', h)).toBe(-1321691492);
  expect(hashInt(2, hashInt(123, hashValue('Spark', 'string', 42)))).toBe(-1321691492);
});

test('longs hash by their two 32-bit words, negative and past 2^32 alike', () => {
  const next = random(7);
  const values = [0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 32, -(2 ** 32), 2 ** 32 - 1, 2 ** 53 - 1, -(2 ** 53 - 1)];
  values.push(1.7, -1.7, 123456789012, -987654321098, 2 ** 62, -(2 ** 63));
  for (let i = 0; i < 2000; i++) values.push(Math.round((next() - 0.5) * 2 ** (next() * 60)));
  for (const v of values) expect([v, hashValue(v, 'long', 42)]).toEqual([v, longByBigInt(v, 42)]);
});

test('doubles hash by their IEEE bits, -0 as 0', () => {
  const next = random(11);
  const values = [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 1e-300, 5e-324, Number.MAX_VALUE];
  for (let i = 0; i < 2000; i++) values.push((next() - 0.5) * 10 ** (next() * 40 - 20));
  for (const v of values) expect([v, hashValue(v, 'double', 7)]).toEqual([v, doubleByBigInt(v, 7)]);
  expect(hashValue(-0, 'double', 7)).toBe(hashValue(0, 'double', 7));
});

test("strings hash by their UTF-8 bytes, TextEncoder's (a lone surrogate as U+FFFD), however long", () => {
  const next = random(3);
  const values = ['', 'a', 'abcd', 'abcde', 'é', '日本語', '😀', 'a\ud800b', '\udc00', 'x'.repeat(1000)];
  values.push('ü'.repeat(300) + '😀'.repeat(200));
  for (let i = 0; i < 500; i++) {
    let s = '';
    const length = Math.floor(next() * 40);
    for (let j = 0; j < length; j++)
      s += String.fromCharCode(next() < 0.7 ? 32 + Math.floor(next() * 90) : Math.floor(next() * 65536));
    values.push(s);
  }
  for (const s of values) {
    expect([s, hashValue(s, 'string', 42)]).toEqual([s, hashBytes(utf8.encode(s), 42)]);
    // One string field: the null bitset word, the field's word, and its UTF-8 bytes rounded up to a word.
    expect([s, unsafeRowSize([s])]).toEqual([s, 16 + ((utf8.encode(s).length + 7) & ~7)]);
  }
});
