import { describe, expect, it } from 'vitest';
import { compareKeys, reverseOrdering } from '../../engine/rdd/ordering';
import { keyEquals } from '../../engine/rdd/key-map';
import { mulberry32 } from '../../engine/util/random/mulberry32';

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * Sorted copy, so a test reads as input → expected order. Values are boxed
 * because Array.prototype.sort never shows `undefined` to a comparator: it
 * moves every undefined element to the end itself.
 */
const sorted = (values: unknown[], compare = compareKeys) =>
  values
    .map((value) => ({ value }))
    .sort((a, b) => compare(a.value, b.value))
    .map(({ value }) => value);

describe('compareKeys within a type', () => {
  it('numbers numerically, not as strings', () => {
    expect(sorted([10, 9, -1, 2.5, 100, -Infinity, Infinity])).toEqual([-Infinity, -1, 2.5, 9, 10, 100, Infinity]);
  });

  it('NaN after everything, equal to itself (Double.compare)', () => {
    expect(sorted([NaN, 1, Infinity, NaN, -Infinity])).toEqual([-Infinity, 1, Infinity, NaN, NaN]);
    expect(compareKeys(NaN, NaN)).toBe(0);
    expect(sign(compareKeys(NaN, Infinity))).toBe(1);
    expect(sign(compareKeys(Infinity, NaN))).toBe(-1);
  });

  it('-0 equals 0 (keys cannot tell them apart)', () => {
    expect(compareKeys(-0, 0)).toBe(0);
    expect(compareKeys(0, -0)).toBe(0);
  });

  it('strings by UTF-16 code units, like String.compareTo', () => {
    expect(sorted(['b', 'a', 'B', 'aa', '', 'A'])).toEqual(['', 'A', 'B', 'a', 'aa', 'b']);
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FFFF by code unit
    // (code point order would put it after).
    expect(sign(compareKeys('😀', '\uFFFF'))).toBe(-1);
    // no locale: "é" (U+00E9) after "z"
    expect(sign(compareKeys('é', 'z'))).toBe(1);
  });

  it('false before true', () => {
    expect(sorted([true, false, true])).toEqual([false, true, true]);
    expect(compareKeys(true, true)).toBe(0);
  });

  it('bigints numerically, and together with numbers', () => {
    expect(sorted([3n, -5n, 2n ** 70n, 0n])).toEqual([-5n, 0n, 3n, 2n ** 70n]);
    expect(sorted([3n, 2.5, 1, 2n, NaN, 2n ** 64n, 1e30])).toEqual([1, 2n, 2.5, 3n, 2n ** 64n, 1e30, NaN]);
  });

  it('a number before a bigint of the same value, so distinct keys never tie', () => {
    expect(sign(compareKeys(1, 1n))).toBe(-1);
    expect(sign(compareKeys(1n, 1))).toBe(1);
  });

  it('Dates by time, an invalid Date last', () => {
    const dates = [new Date(NaN), new Date(5), new Date(-5), new Date(0)];
    expect(sorted(dates).map((d) => (d as Date).getTime())).toEqual([-5, 0, 5, NaN]);
    expect(compareKeys(new Date(7), new Date(7))).toBe(0);
  });

  it('arrays element by element, then the shorter first (tuple ordering)', () => {
    expect(sorted([['b', 1], ['a', 2], ['a', 1], ['a'], [], ['a', 1, 0]])).toEqual([
      [],
      ['a'],
      ['a', 1],
      ['a', 1, 0],
      ['a', 2],
      ['b', 1],
    ]);
    expect(compareKeys([1, [2, 3]], [1, [2, 3]])).toBe(0);
    expect(sign(compareKeys([1, [2, 3]], [1, [2, 4]]))).toBe(-1);
  });

  it('pairs sort by key then value, as sortByKey on tuples would', () => {
    const pairs = [
      [3, 'c'],
      [1, 'z'],
      [2, 'b'],
      [1, 'a'],
    ];
    expect(sorted(pairs)).toEqual([
      [1, 'a'],
      [1, 'z'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('plain objects by their entries sorted by key, whatever the insertion order', () => {
    expect(compareKeys({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(0);
    expect(sign(compareKeys({ a: 1 }, { a: 2 }))).toBe(-1);
    expect(sign(compareKeys({ a: 1 }, { b: 0 }))).toBe(-1);
    expect(sign(compareKeys({ a: 1 }, { a: 1, b: 0 }))).toBe(-1);
  });

  it('Maps and Sets whatever their insertion order', () => {
    expect(
      compareKeys(
        new Map<unknown, unknown>([
          [1, 'a'],
          [2, 'b'],
        ]),
        new Map<unknown, unknown>([
          [2, 'b'],
          [1, 'a'],
        ]),
      ),
    ).toBe(0);
    expect(sign(compareKeys(new Map([[1, 'a']]), new Map([[1, 'b']])))).toBe(-1);
    expect(compareKeys(new Set([3, 1, 2]), new Set([1, 2, 3]))).toBe(0);
    expect(sign(compareKeys(new Set([1, 2]), new Set([1, 3])))).toBe(-1);
  });

  it('typed arrays, binary data and RegExps deterministically', () => {
    expect(sign(compareKeys(new Int32Array([1, 2]), new Int32Array([1, 3])))).toBe(-1);
    expect(compareKeys(new Int32Array([1, 2]), new Int32Array([1, 2]))).toBe(0);
    expect(compareKeys(new Int32Array([1]), new Uint8Array([1]))).not.toBe(0);
    expect(sign(compareKeys(new Uint8Array([1]).buffer, new Uint8Array([2]).buffer))).toBe(-1);
    expect(sign(compareKeys(/a/, /b/))).toBe(-1);
    expect(sign(compareKeys(/a/g, /a/i))).toBe(-1);
  });
});

describe('compareKeys across types', () => {
  it('ranks types in the documented order instead of throwing', () => {
    class Thing {}
    const symbol = Symbol('s');
    const fn = () => 0;
    const thing = new Thing();
    const ranked = [
      null,
      undefined,
      false,
      -1,
      5n,
      'a',
      new Date(0),
      [0],
      { a: 1 },
      new Map(),
      new Set(),
      new Uint8Array(1),
      new ArrayBuffer(1),
      /x/,
      symbol,
      thing,
    ];
    const random = mulberry32(8);
    const shuffled = [...ranked].sort(() => random() - 0.5);
    expect(sorted(shuffled)).toEqual(ranked);
    expect(compareKeys(fn, thing)).toBe(0); // both "anything else": unordered
  });

  it('null and undefined come first, also inside tuples', () => {
    expect(sorted(['x', 0, undefined, null, false])).toEqual([null, undefined, false, 0, 'x']);
    expect(
      sorted([
        ['k', 1],
        ['k', null],
        [null, 1],
      ]),
    ).toEqual([
      [null, 1],
      ['k', null],
      ['k', 1],
    ]);
  });

  it('a learner mixing numbers and strings gets numbers first, not a crash', () => {
    expect(sorted(['10', 9, '9', 10])).toEqual([9, 10, '10', '9']);
  });
});

describe('compareKeys is a total order consistent with keyEquals (seeded)', () => {
  const pool: unknown[] = [0, -0, 1, 1n, 2.5, NaN, -Infinity, 'a', 'B', '', true, false, null, undefined];

  function randomKey(random: () => number, depth: number): unknown {
    const int = (n: number) => Math.floor(random() * n);
    switch (depth > 0 ? int(7) : 0) {
      case 0:
      case 1:
      case 2:
        return pool[int(pool.length)];
      case 3:
      case 4:
        return Array.from({ length: int(3) }, () => randomKey(random, depth - 1));
      case 5: {
        const object: Record<string, unknown> = {};
        for (let i = int(3); i > 0; i--) object[['a', 'b', 'c'][int(3)]!] = randomKey(random, depth - 1);
        return object;
      }
      default:
        return random() < 0.5 ? new Date(int(3)) : new Set(Array.from({ length: int(3) }, () => randomKey(random, 0)));
    }
  }

  it('antisymmetric, and 0 exactly for equal keys', () => {
    const random = mulberry32(21);
    const problems: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const a = randomKey(random, 3);
      const b = randomKey(random, 3);
      const ab = sign(compareKeys(a, b));
      const ba = sign(compareKeys(b, a));
      if (ab !== -ba) problems.push(`not antisymmetric: ${String(a)} / ${String(b)}`);
      if ((ab === 0) !== keyEquals(a, b))
        problems.push(`0 but not equal, or equal but not 0: ${String(a)} / ${String(b)}`);
    }
    expect(problems).toEqual([]);
  });

  it('transitive: a sorted list is ordered pairwise', () => {
    const random = mulberry32(22);
    const keys = sorted(Array.from({ length: 400 }, () => randomKey(random, 3)));
    const violations: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) if (compareKeys(keys[i], keys[j]) > 0) violations.push(i);
    }
    expect(violations).toEqual([]);
  });
});

describe('reverseOrdering', () => {
  it('reverses the default ordering (top, sortByKey(false))', () => {
    expect(sorted([1, 3, NaN, 2, undefined], reverseOrdering())).toEqual([NaN, 3, 2, 1, undefined]);
    expect(
      [
        ['a', 1],
        ['b', 0],
      ].sort(reverseOrdering()),
    ).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('reverses a given comparator', () => {
    const byLength = (a: string, b: string) => a.length - b.length;
    expect(['aaa', 'a', 'aa'].sort(reverseOrdering(byLength))).toEqual(['aaa', 'aa', 'a']);
  });
});
