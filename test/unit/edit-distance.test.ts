import { describe, expect, it } from 'vitest';
import { editDistance } from '../../engine/util/edit-distance';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('map', 'map')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('flatmap', 'flatMap')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('some-data', 'some_data1.txt')).toBe(6);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['reduceByKey', 'reducebykey'],
      ['textFile', 'wholeTextFiles'],
      ['a', 'ba'],
    ])
      expect(editDistance(a, b)).toBe(editDistance(b, a));
  });
});
