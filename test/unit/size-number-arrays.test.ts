/** estimateSize's one-pass sizing of number-only arrays gives the module table's figures. */
import { describe, expect, it } from 'vitest';
import { estimateSize } from '../../engine/codec/size';

// 16 array header + 8 elements header.
const HEADERS = 24;

describe('estimateSize of arrays of numbers', () => {
  it('Smis cost their 4-byte slot only', () => {
    expect(estimateSize([1, 2, 3])).toBe(HEADERS + 3 * 4);
    expect(estimateSize(Array.from({ length: 400 }, (_, i) => i - 200))).toBe(HEADERS + 400 * 4);
    expect(estimateSize([0, 2 ** 30 - 1, -(2 ** 30)])).toBe(HEADERS + 3 * 4);
  });

  it('one number that is not a Smi (-0, 2^30, a fraction, NaN) makes the array unboxed doubles: 8 bytes each', () => {
    for (const odd of [-0, 2 ** 30, -(2 ** 30) - 1, 0.5, NaN, Infinity]) {
      expect(estimateSize([1, odd, 3])).toBe(HEADERS + 3 * 8);
    }
  });

  it('anything else in the array sizes each element: strings, holes, objects', () => {
    // A 1-char string: 12 + 1 rounded up to 16, on top of the slot.
    expect(estimateSize([1, 'a'])).toBe(HEADERS + 2 * 4 + 16);
    // A non-Smi number next to a string is a heap number of 12.
    expect(estimateSize([0.5, 'a'])).toBe(HEADERS + 2 * 4 + 12 + 16);
    // eslint-disable-next-line no-sparse-arrays
    expect(estimateSize([1, , 3])).toBe(HEADERS + 3 * 4);
    expect(estimateSize([1, [2]])).toBe(HEADERS + 2 * 4 + HEADERS + 4);
  });

  it('a group as an aggregation holds it, [key, values], counts the values array once', () => {
    const values = Array.from({ length: 100 }, (_, i) => i * 10_000);
    expect(estimateSize([7, values])).toBe(HEADERS + 2 * 4 + HEADERS + 100 * 4);
    expect(estimateSize([values, values])).toBe(HEADERS + 2 * 4 + HEADERS + 100 * 4);
  });
});
