import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, resolveGlob } from '../../engine/fs/file-system';
import { readSplitLines } from '../../engine/fs/line-reader';
import { LOCAL_FS_BLOCK_SIZE, computeSplits } from '../../engine/fs/splits';

const MiB = 1024 * 1024;
const lengths = (files: { path: string; size: number }[], minPartitions: number, blockSize?: number) =>
  computeSplits(files, minPartitions, blockSize).map((s) => s.length);

describe('computeSplits (Hadoop FileInputFormat.getSplits)', () => {
  it('gives the conformance data three splits, one per file, at minPartitions 2', async () => {
    const dataDir = resolve(import.meta.dirname, '../../../shared/conformance/data');
    const contents: Record<string, Uint8Array> = {};
    for (const name of ['lines-1.txt', 'lines-2.txt', 'lines-3.txt']) {
      contents[`data/${name}`] = readFileSync(resolve(dataDir, name));
    }
    const fs = new MemoryFileSystem(contents);
    const files = await resolveGlob(fs, 'data/lines-*.txt');
    expect(files.reduce((sum, f) => sum + f.size, 0)).toBe(670);

    // goal = 670 / 2 = 335; no file is over 1.1 × 335, so each is one split.
    const splits = computeSplits(files, 2);
    expect(splits).toEqual([
      { path: 'data/lines-1.txt', start: 0, length: 164, index: 0 },
      { path: 'data/lines-2.txt', start: 0, length: 249, index: 1 },
      { path: 'data/lines-3.txt', start: 0, length: 257, index: 2 },
    ]);

    // Conformance program 03 counts 123 words over these partitions.
    let words = 0;
    for (const split of splits) {
      const { lines } = await readSplitLines(fs, split, files[split.index].size);
      words += lines.flatMap((l) => l.split(' ')).length;
    }
    expect(words).toBe(123);
  });

  it('cuts one file into goal-size splits, the last taking up to 10% more', () => {
    const file = [{ path: 'a.txt', size: 1000 }];
    expect(computeSplits(file, 3)).toEqual([
      { path: 'a.txt', start: 0, length: 333, index: 0 },
      { path: 'a.txt', start: 333, length: 333, index: 1 },
      { path: 'a.txt', start: 666, length: 334, index: 2 },
    ]);
    expect(lengths(file, 2)).toEqual([500, 500]);
    expect(lengths(file, 1)).toEqual([1000]);
    // goal 90: after ten splits 100 bytes are left, and 100/90 > 1.1, so an
    // eleventh split of 90 and a twelfth of 10: more partitions than asked for.
    expect(lengths(file, 11)).toEqual([...Array(11).fill(90), 10]);
    // goal 47 (1000/21): with 60 left, 60/47 > 1.1 makes a 21st split of 47 and 13 remain.
    expect(lengths(file, 21)).toEqual([...Array(21).fill(47), 13]);
    expect(lengths(file, 20)).toEqual(Array(20).fill(50));
  });

  it('applies the 1.1 slop exactly: 110 bytes over 100-byte splits stay whole, 111 do not', () => {
    expect(lengths([{ path: 'a', size: 110 }], 1, 100)).toEqual([110]);
    expect(lengths([{ path: 'a', size: 111 }], 1, 100)).toEqual([100, 11]);
  });

  it('never joins files: many small files give one split each, whatever minPartitions is', () => {
    const files = [1, 2, 3, 4].map((n) => ({ path: `f${n}`, size: 10 }));
    expect(lengths(files, 1)).toEqual([10, 10, 10, 10]);
    expect(lengths(files, 2)).toEqual([10, 10, 10, 10]);
  });

  it('splits a big file by goal size across files: the goal is over the total', () => {
    const files = [
      { path: 'big', size: 900 },
      { path: 'small', size: 100 },
    ];
    // goal = 1000 / 2 = 500: big → 500 + 400, small → 100.
    expect(computeSplits(files, 2).map((s) => [s.path, s.start, s.length])).toEqual([
      ['big', 0, 500],
      ['big', 500, 400],
      ['small', 0, 100],
    ]);
  });

  it('caps the split size at the block size (32 MiB for the local file system)', () => {
    expect(LOCAL_FS_BLOCK_SIZE).toBe(32 * MiB);
    // goal 50 MiB > block 32 MiB: 32, 32, 32, then 4 MiB left (4/32 ≤ 1.1).
    expect(lengths([{ path: 'big', size: 100 * MiB }], 2)).toEqual([32 * MiB, 32 * MiB, 32 * MiB, 4 * MiB]);
    // an HDFS-like 128 MiB block leaves the goal size in charge.
    expect(lengths([{ path: 'big', size: 100 * MiB }], 2, 128 * MiB)).toEqual([50 * MiB, 50 * MiB]);
  });

  it('treats minPartitions 0 as 1', () => {
    expect(lengths([{ path: 'a', size: 1000 }], 0)).toEqual([1000]);
  });

  it('never makes a split smaller than one byte (minSize 1), even when asked for more splits than bytes', () => {
    expect(lengths([{ path: 'a', size: 3 }], 10)).toEqual([1, 1, 1]);
    expect(computeSplits([{ path: 'a', size: 100 }], 10, undefined, { minSize: 40 }).map((s) => s.length)).toEqual([
      40, 40, 20,
    ]);
  });

  it('drops empty files by default (Spark ≥ 3.2 ignoreEmptySplits) and renumbers', () => {
    const files = [
      { path: 'a', size: 5 },
      { path: 'empty', size: 0 },
      { path: 'b', size: 5 },
    ];
    expect(computeSplits(files, 2)).toEqual([
      { path: 'a', start: 0, length: 5, index: 0 },
      { path: 'b', start: 0, length: 5, index: 1 },
    ]);
    expect(computeSplits([{ path: 'empty', size: 0 }], 2)).toEqual([]);
  });

  it('keeps the one empty split Hadoop makes per empty file when ignoreEmptySplits is off', () => {
    const files = [
      { path: 'empty', size: 0 },
      { path: 'b', size: 5 },
    ];
    expect(computeSplits(files, 1, undefined, { ignoreEmptySplits: false })).toEqual([
      { path: 'empty', start: 0, length: 0, index: 0 },
      { path: 'b', start: 0, length: 5, index: 1 },
    ]);
  });

  it('rejects nonsense arguments', () => {
    expect(() => computeSplits([], -1)).toThrow(RangeError);
    expect(() => computeSplits([], 1.5)).toThrow(RangeError);
    expect(() => computeSplits([], 1, 0)).toThrow(RangeError);
  });

  it('covers every byte of every file exactly once, in order', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 300; trial++) {
      const files = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => ({
        path: `f${i}`,
        size: Math.floor(random() * 5000),
      }));
      const splits = computeSplits(files, Math.floor(random() * 12), 1 + Math.floor(random() * 3000));
      for (const file of files.filter((f) => f.size > 0)) {
        const own = splits.filter((s) => s.path === file.path);
        let next = 0;
        for (const split of own) {
          expect(split.start).toBe(next);
          next += split.length;
        }
        expect(next).toBe(file.size);
      }
      expect(splits.map((s) => s.index)).toEqual(splits.map((_, i) => i));
    }
  });
});
