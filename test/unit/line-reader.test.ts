import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, resolveGlob, type FileSystem } from '../../engine/fs/file-system';
import {
  SplitLineReader,
  encodeTextPart,
  formatTextRecord,
  partFileName,
  readSplitLines,
} from '../../engine/fs/line-reader';
import { computeSplits, type FileSplit } from '../../engine/fs/splits';
import { mulberry32 as seeded } from '../../engine/util/random/mulberry32';

const encoder = new TextEncoder();

/** The lines of a whole file by the plain definition: split on \r\n, \r or \n; no line after a final terminator. */
function truthLines(bytes: Uint8Array): string[] {
  let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/u);
  if (/[\r\n]$/u.test(text)) lines.pop();
  return lines;
}

/** Pieces chosen to put terminators, empty lines and multi-byte characters everywhere. */
const PIECES = ['a', 'b', 'word', ' ', 'é', '€', '😀', '\uFEFF', '\n', '\n', '\r\n', '\r', '\n\n', '\r\r\n'];

function randomFile(random: () => number): Uint8Array {
  let text = random() < 0.15 ? '\uFEFF' : '';
  const pieces = Math.floor(random() * 60);
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  if (random() < 0.4) text += '\n';
  return encoder.encode(text);
}

/** Random cut points, not only the ones computeSplits makes: any split must work. */
function randomSplits(path: string, size: number, random: () => number): FileSplit[] {
  const cuts = new Set<number>();
  const count = Math.floor(random() * 6);
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(random() * Math.max(size - 1, 1)));
  const bounds = [0, ...[...cuts].filter((c) => c < size).sort((a, b) => a - b), size];
  return bounds.slice(1).map((end, index) => ({ path, start: bounds[index], length: end - bounds[index], index }));
}

/** `inner` with every read's [start, end) recorded in `reads`. */
function recordingReads(inner: FileSystem, reads: [number, number][]): FileSystem {
  return {
    list: () => inner.list(),
    exists: (p) => inner.exists(p),
    write: (p, d) => inner.write(p, d),
    read: (p, start, end) => {
      reads.push([start, end]);
      return inner.read(p, start, end);
    },
  };
}

async function readAll(fs: FileSystem, splits: FileSplit[], size: number, chunkSize?: number) {
  const results = [];
  for (const split of splits) results.push(await readSplitLines(fs, split, size, chunkSize));
  return results;
}

/** Every line a SplitLineReader gives, batch by batch. */
async function streamAll(fs: FileSystem, splits: FileSplit[], size: number, chunkSize: number, maxChunkSize?: number) {
  const results = [];
  for (const split of splits) {
    const reader = new SplitLineReader(fs, split, size, chunkSize, maxChunkSize);
    const lines: string[] = [];
    for (let batch = await reader.nextLines(); batch; batch = await reader.nextLines()) {
      expect(batch.length).toBeGreaterThan(0);
      lines.push(...batch);
    }
    expect(await reader.nextLines()).toBeNull();
    results.push({ lines, bytesRead: reader.bytesRead });
  }
  return results;
}

describe('SplitLineReader', () => {
  it('gives the same lines and byte counts as readSplitLines, whatever the splits and chunk size (seeded)', async () => {
    const random = seeded(77031);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = randomFile(random);
      const fs = new MemoryFileSystem({ f: bytes });
      const splitSets: FileSplit[][] = [
        ...[1, 2, 5].map((n) => computeSplits([{ path: 'f', size: bytes.length }], n)),
        randomSplits('f', bytes.length, random),
      ];
      for (const splits of splitSets) {
        const chunkSize = [1, 2, 3, 7, 1024][Math.floor(random() * 5)];
        // Reads that stay one size, that double up to a few times the first, and the default (4 MiB).
        const maxChunkSize = [chunkSize, chunkSize * 5, undefined][Math.floor(random() * 3)];
        const streamed = await streamAll(fs, splits, bytes.length, chunkSize, maxChunkSize);
        const whole = await readAll(fs, splits, bytes.length);
        expect({ trial, file: [...bytes], splits, chunkSize, maxChunkSize, streamed }).toEqual({
          trial,
          file: [...bytes],
          splits,
          chunkSize,
          maxChunkSize,
          streamed: whole,
        });
      }
    }
  });

  it('reads a chunk ahead, not the whole split, when the task stops after its first lines', async () => {
    const reads: [number, number][] = [];
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const inner = new MemoryFileSystem({ f: text });
    const counting = recordingReads(inner, reads);
    const reader = new SplitLineReader(
      counting,
      { path: 'f', start: 0, length: text.length, index: 0 },
      text.length,
      100,
    );
    const first = await reader.nextLines();
    expect(first?.[0]).toBe('line 0');
    // The first chunk, and the next one (twice as large) fetched while the first is used: 300 of the file's 8,890 bytes.
    expect(reads).toEqual([
      [0, 100],
      [100, 300],
    ]);
    expect(reader.bytesRead).toBeLessThanOrEqual(100);
  });

  it('reads a whole split in requests that double up to the largest size, and past its end in small ones', async () => {
    const reads: [number, number][] = [];
    // 1,000 lines of 9 bytes (9,000), then one of 2,000 bytes that starts inside the split and ends past it.
    const text = Array.from({ length: 1000 }, (_, i) => `line ${String(i).padStart(3, '0')}`).join('\n') + '\n';
    const file = text + 'x'.repeat(2000) + '\n' + 'next split\n';
    const inner = new MemoryFileSystem({ f: file });
    const counting = recordingReads(inner, reads);
    const split = { path: 'f', start: 0, length: text.length + 10, index: 0 };
    const reader = new SplitLineReader(counting, split, file.length, 100, 800);
    const lines: string[] = [];
    for (let batch = await reader.nextLines(); batch; batch = await reader.nextLines()) lines.push(...batch);
    expect(lines).toEqual([...text.split('\n').slice(0, -1), 'x'.repeat(2000)]);
    expect(reader.bytesRead).toBe(text.length + 2001);
    const sizes = reads.map(([from, to]) => to - from);
    const inside = reads.filter(([from]) => from < split.length).length;
    // Inside the split (9,010 bytes): 100, 200, 400, then 800 until its end, the last read cut at the end.
    expect(sizes.slice(0, inside)).toEqual([100, 200, 400, ...Array<number>(10).fill(800), 310]);
    // Past it, the rest of the last line 100 bytes at a time, not 800.
    expect(sizes.slice(inside).every((n) => n === 100)).toBe(true);
    expect(reads[inside][0]).toBe(split.length);
    // Each byte was read once.
    for (let i = 1; i < reads.length; i++) expect(reads[i][0]).toBe(reads[i - 1][1]);
  });

  it('refuses a largest read size under the first', () => {
    const fs = new MemoryFileSystem({ f: 'a\n' });
    expect(() => new SplitLineReader(fs, { path: 'f', start: 0, length: 2, index: 0 }, 2, 100, 99)).toThrow(
      /maxChunkSize must be a whole number of bytes ≥ chunkSize \(100\), got 99/,
    );
  });

  it('stops at the real end when a file is shorter than its listed size, a final CR ending its line', async () => {
    const fs = new MemoryFileSystem({ f: 'ab\ncd\r' });
    const reader = new SplitLineReader(fs, { path: 'f', start: 0, length: 100, index: 0 }, 100, 2);
    const lines: string[] = [];
    for (let batch = await reader.nextLines(); batch; batch = await reader.nextLines()) lines.push(...batch);
    expect(lines).toEqual(['ab', 'cd']);
    expect(reader.bytesRead).toBe(6);
  });
});

describe('readSplitLines', () => {
  it('reads every line of a file exactly once, whatever the splits (seeded property test)', async () => {
    const random = seeded(20240611);
    let checkedSplitSets = 0;
    for (let trial = 0; trial < 400; trial++) {
      const bytes = randomFile(random);
      const fs = new MemoryFileSystem({ f: bytes });
      const truth = truthLines(bytes);
      const splitSets: FileSplit[][] = [
        ...[1, 2, 3, 5, 8].map((n) => computeSplits([{ path: 'f', size: bytes.length }], n)),
        computeSplits([{ path: 'f', size: bytes.length }], 1, 1 + Math.floor(random() * 8)),
        randomSplits('f', bytes.length, random),
      ];
      for (const splits of splitSets) {
        const chunkSize = [1, 2, 3, 7, 64 * 1024][Math.floor(random() * 5)];
        const results = await readAll(fs, splits, bytes.length, chunkSize);
        const lines = results.flatMap((r) => r.lines);
        if (JSON.stringify(lines) !== JSON.stringify(truth)) {
          // Name the failing case so it can be reproduced by hand.
          expect({ trial, file: [...bytes], splits, chunkSize, lines }).toEqual({
            trial,
            file: [...bytes],
            splits,
            chunkSize,
            lines: truth,
          });
        }
        // Every byte is consumed by some split, and a whole-file split consumes exactly the file.
        expect(results.reduce((sum, r) => sum + r.bytesRead, 0)).toBeGreaterThanOrEqual(bytes.length);
        if (splits.length === 1) expect(results[0].bytesRead).toBe(bytes.length);
        checkedSplitSets++;
      }
    }
    expect(checkedSplitSets).toBe(400 * 7);
  });

  it('checks every single cut point of a tricky file', async () => {
    // Terminators of every kind, a BOM, and multi-byte characters next to them.
    const bytes = encoder.encode('\uFEFFé\r\n€\r\r\n\n😀x\r\uFEFFy\n\nlast');
    const fs = new MemoryFileSystem({ f: bytes });
    const truth = truthLines(bytes);
    expect(truth).toEqual(['é', '€', '', '', '😀x', '\uFEFFy', '', 'last']);
    for (let cut = 1; cut < bytes.length; cut++) {
      for (let second = cut + 1; second <= bytes.length; second++) {
        const bounds = second === bytes.length ? [0, cut, second] : [0, cut, second, bytes.length];
        const splits = bounds
          .slice(1)
          .map((end, index) => ({ path: 'f', start: bounds[index], length: end - bounds[index], index }));
        const lines = (await readAll(fs, splits, bytes.length, 2)).flatMap((r) => r.lines);
        expect(lines, `cuts at ${cut} and ${second}`).toEqual(truth);
      }
    }
  });

  it('gives a line starting exactly at the split end to that split', async () => {
    const fs = new MemoryFileSystem({ f: 'ab\ncd\nef\n' });
    // [0,3) ends where "cd" starts: Hadoop reads lines starting at positions ≤ end.
    expect(await readSplitLines(fs, { path: 'f', start: 0, length: 3, index: 0 }, 9)).toEqual({
      lines: ['ab', 'cd'],
      bytesRead: 6,
    });
    // ...and the next split skips it.
    expect(await readSplitLines(fs, { path: 'f', start: 3, length: 6, index: 1 }, 9)).toEqual({
      lines: ['ef'],
      bytesRead: 6,
    });
  });

  it('splits \\r\\n between splits without an extra empty line', async () => {
    const fs = new MemoryFileSystem({ f: 'ab\r\ncd' });
    const first = await readSplitLines(fs, { path: 'f', start: 0, length: 3, index: 0 }, 6);
    const second = await readSplitLines(fs, { path: 'f', start: 3, length: 3, index: 1 }, 6);
    expect(first.lines).toEqual(['ab']);
    expect(second.lines).toEqual(['cd']);
  });

  it('decodes a character cut by the split boundary whole', async () => {
    const bytes = encoder.encode('x😀y\nz\n'); // the emoji is bytes 1..4
    const fs = new MemoryFileSystem({ f: bytes });
    const first = await readSplitLines(fs, { path: 'f', start: 0, length: 3, index: 0 }, bytes.length);
    const second = await readSplitLines(fs, { path: 'f', start: 3, length: bytes.length - 3, index: 1 }, bytes.length);
    expect(first.lines).toEqual(['x😀y']);
    expect(second.lines).toEqual(['z']);
  });

  it('drops a UTF-8 byte-order mark only at the start of the file', async () => {
    const fs = new MemoryFileSystem({ f: '\uFEFFa\n\uFEFFb\n' });
    const { lines } = await readSplitLines(fs, { path: 'f', start: 0, length: 10, index: 0 }, 10);
    expect(lines).toEqual(['a', '\uFEFFb']);
  });

  it('keeps empty lines and reads a last line without a terminator', async () => {
    const fs = new MemoryFileSystem({ f: '\n\na\n\nb' });
    const { lines, bytesRead } = await readSplitLines(fs, { path: 'f', start: 0, length: 6, index: 0 }, 6);
    expect(lines).toEqual(['', '', 'a', '', 'b']);
    expect(bytesRead).toBe(6);
  });

  it('reads nothing from an empty file', async () => {
    const fs = new MemoryFileSystem({ f: '' });
    expect(await readSplitLines(fs, { path: 'f', start: 0, length: 0, index: 0 }, 0)).toEqual({
      lines: [],
      bytesRead: 0,
    });
  });

  it('fetches a whole-file split in one read, and a split whose last line runs on in more', async () => {
    const reads: [number, number][] = [];
    const inner = new MemoryFileSystem({ f: 'aaaa\nbbbbbbbbbb\nc\n' });
    const counting = recordingReads(inner, reads);
    await readSplitLines(counting, { path: 'f', start: 0, length: 18, index: 0 }, 18);
    expect(reads).toEqual([[0, 18]]);

    reads.length = 0;
    const { lines, bytesRead } = await readSplitLines(counting, { path: 'f', start: 0, length: 7, index: 0 }, 18, 4);
    expect(lines).toEqual(['aaaa', 'bbbbbbbbbb']);
    expect(bytesRead).toBe(16);
    expect(reads).toEqual([
      [0, 7],
      [7, 11],
      [11, 15],
      [15, 18],
    ]);
  });

  it('stops at the real end when a file is shorter than its listed size', async () => {
    const fs = new MemoryFileSystem({ f: 'ab\ncd' });
    const { lines } = await readSplitLines(fs, { path: 'f', start: 0, length: 100, index: 0 }, 100, 3);
    expect(lines).toEqual(['ab', 'cd']);
  });

  it('rejects a chunk size below one byte', async () => {
    const fs = new MemoryFileSystem({ f: 'a' });
    await expect(readSplitLines(fs, { path: 'f', start: 0, length: 1, index: 0 }, 1, 0)).rejects.toThrow(RangeError);
  });
});

describe('saveAsTextFile formatting', () => {
  it('prints pairs as Scala tuples, strings bare, one record a line', () => {
    const text = new TextDecoder().decode(encodeTextPart([['spark', 3], 'plain', 4.5, ['a', ['b', 1]], null, true]));
    expect(text).toBe('(spark,3)\nplain\n4.5\n(a,(b,1))\nnull\ntrue\n');
  });

  it('prints Maps and Sets like Scala and plain objects as JSON', () => {
    expect(formatTextRecord(new Map([['a', 1]]))).toBe('Map(a -> 1)');
    expect(formatTextRecord(new Set([1, 2]))).toBe('Set(1, 2)');
    expect(formatTextRecord({ word: 'a', n: 1 })).toBe('{"word":"a","n":1}');
  });

  it('writes an empty partition as an empty file and keeps UTF-8', () => {
    expect(encodeTextPart([]).byteLength).toBe(0);
    expect([...encodeTextPart(['é'])]).toEqual([0xc3, 0xa9, 0x0a]);
  });

  it('names part files part-NNNNN', () => {
    expect(partFileName(0)).toBe('part-00000');
    expect(partFileName(42)).toBe('part-00042');
    expect(partFileName(123456)).toBe('part-123456');
    expect(() => partFileName(-1)).toThrow(RangeError);
  });
});

describe('saveAsTextFile then textFile', () => {
  it('reads back what the part files hold, skipping _SUCCESS', async () => {
    const fs = new MemoryFileSystem();
    const partitions = [
      [
        ['a', 1],
        ['b', 2],
      ],
      [],
      [['c', 3]],
    ];
    for (const [index, records] of partitions.entries())
      await fs.write(`out/${partFileName(index)}`, encodeTextPart(records));
    await fs.write('out/_SUCCESS', new Uint8Array());

    const files = await resolveGlob(fs, 'out');
    expect(files.map((f) => f.path)).toEqual(['out/part-00000', 'out/part-00001', 'out/part-00002']);
    const splits = computeSplits(files, 1);
    expect(splits.map((s) => s.path)).toEqual(['out/part-00000', 'out/part-00002']); // the empty part gives no partition
    const lines = [];
    for (const split of splits) {
      const size = files.find((f) => f.path === split.path)?.size ?? 0;
      lines.push(...(await readSplitLines(fs, split, size)).lines);
    }
    expect(lines).toEqual(['(a,1)', '(b,2)', '(c,3)']);
  });
});
