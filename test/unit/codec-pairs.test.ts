/**
 * The codec's fast path for key-value pairs of numbers and strings (what a
 * shuffle moves): RecordWriter, encodeRecords' pair path and
 * RecordReader.readPairs must give and take exactly the bytes of the general
 * path, and fall back to it for every other record.
 */
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  RecordReader,
  RecordWriter,
  decodeRecords,
  encodeRecords,
  encodeValue,
} from '../../engine/codec/codec';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

const numbers = [
  0,
  1,
  127,
  128,
  -1,
  -0,
  NaN,
  Infinity,
  -Infinity,
  0.5,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  2 ** 53,
  1e-300,
];
const strings = [
  '',
  'a',
  'spark',
  'x'.repeat(21),
  'x'.repeat(22),
  'ü',
  'ü'.repeat(40),
  '😀',
  '\uFEFFbom',
  'lone \uD800',
  'y'.repeat(5000),
];
const primitives: unknown[] = [...numbers, ...strings];

/** Every pair of the primitives above, plus records the fast path must leave to the general one. */
function mixedRecords(): unknown[] {
  const records: unknown[] = [];
  for (const a of primitives) for (const b of primitives) records.push([a, b]);
  records.push(
    [1, [2, 3]],
    [[1, 2], 3],
    ['k', { v: 1 }],
    [1, null],
    [undefined, 1],
    [1n, 2],
    [true, 'x'],
    [1, 2, 3],
    [1],
    [],
    'not a pair',
    42,
    { key: 1, value: 2 },
    new Map([[1, 2]]),
    // A hole: read as undefined, so not a pair of primitives.
    // eslint-disable-next-line no-sparse-arrays
    [, 1],
    [new Date(0), 'd'],
  );
  return records;
}

/**
 * The bytes of the records through the general path: encodeValue walks an
 * array of the records with writeValue, never the records' pair path. A block
 * is MAGIC, kind, varint(count), records; a value is MAGIC, kind, array tag,
 * varint(count), records — so past their first 2 and 3 bytes they are equal
 * (for more than 15 records, which get the long array tag).
 */
function generalBody(records: unknown[]): string {
  expect(records.length).toBeGreaterThan(15);
  return hex(encodeValue(records).subarray(3));
}

describe('the pair fast path writes the general path’s bytes', () => {
  it('encodeRecords: pairs of numbers and strings of every kind, and mixed records', () => {
    const records = mixedRecords();
    expect(hex(encodeRecords(records).subarray(2))).toBe(generalBody(records));
  });

  it('RecordWriter gives what encodeRecords gives, record for record', () => {
    const records = mixedRecords();
    const writer = new RecordWriter(16); // tiny, so the buffer grows many times
    for (const r of records) writer.write(r);
    expect(writer.count).toBe(records.length);
    expect(hex(writer.finish())).toBe(hex(encodeRecords(records)));
  });

  it('RecordWriter round-trips, and the block owns its buffer exactly', () => {
    const records = mixedRecords();
    const writer = new RecordWriter();
    for (const r of records) writer.write(r);
    const bytes = writer.finish();
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
    const decoded = decodeRecords(bytes);
    expect(decoded).toHaveLength(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (Array.isArray(r) && r.length === 2 && typeof r[0] !== 'object' && typeof r[1] !== 'object') {
        expect(Object.is((decoded[i] as unknown[])[0], r[0]), `record ${i} key`).toBe(true);
        expect(Object.is((decoded[i] as unknown[])[1], r[1]), `record ${i} value`).toBe(true);
      }
    }
    expect(hex(encodeRecords(decoded))).toBe(hex(bytes));
  });

  it('RecordWriter: counts past 127 and 16,383 records take longer varints, as encodeRecords writes them', () => {
    for (const n of [0, 1, 127, 128, 16_383, 16_384, 70_000]) {
      const records = Array.from({ length: n }, (_, i) => [i % 10_000, i]);
      const writer = new RecordWriter();
      for (const r of records) writer.write(r);
      expect(hex(writer.finish()), `${n} records`).toBe(hex(encodeRecords(records)));
    }
  });

  it('RecordWriter: finish empties the writer, and a later writer reusing its buffer writes only its own records', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => [`k${i % 100}`, i * 1.5]);
    const first = new RecordWriter();
    for (const r of big) first.write(r);
    expect(hex(first.finish())).toBe(hex(encodeRecords(big)));
    expect(first.count).toBe(0);
    first.write([1, 2]);
    expect(hex(first.finish())).toBe(hex(encodeRecords([[1, 2]])));
    // Several writers at once, each taking a spare buffer with another block's bytes still in it.
    const writers = Array.from({ length: 10 }, () => new RecordWriter());
    writers.forEach((w, i) => w.write(['small', i]));
    writers.forEach((w, i) => expect(hex(w.finish())).toBe(hex(encodeRecords([['small', i]]))));
  });

  it('RecordWriter: a record that cannot be encoded throws naming it and leaves the writer as it was', () => {
    const writer = new RecordWriter();
    writer.write(['a', 1]);
    let error: unknown;
    try {
      writer.write(['b', [1, () => 2]]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodecError);
    expect((error as CodecError).message).toBe('cannot serialize a function at record 1 → [1] → [1]');
    // A cycle thrown deep inside: the writer must not keep the abandoned ancestors.
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    expect(() => writer.write(['c', cyclic])).toThrow(/cycle/);
    const shared = [1, 2];
    writer.write(['d', [shared, shared]]);
    writer.write(['e', 5]);
    expect(writer.count).toBe(3);
    expect(hex(writer.finish())).toBe(
      hex(
        encodeRecords([
          ['a', 1],
          ['d', [shared, shared]],
          ['e', 5],
        ]),
      ),
    );
  });
});

describe('RecordReader.readPairs', () => {
  function readAll(bytes: Uint8Array, max: number) {
    const reader = new RecordReader(bytes);
    const seen: unknown[] = [];
    const calls: number[] = [];
    while (reader.hasNext())
      calls.push(
        reader.readPairs(
          max,
          (k, v) => seen.push({ pair: [k, v] }),
          (r) => seen.push({ other: r }),
        ),
      );
    return { seen, calls };
  }

  it('hands two-element arrays over as key and value, and every other record whole, in order', () => {
    const records = mixedRecords();
    const { seen, calls } = readAll(encodeRecords(records), 100);
    const decoded = decodeRecords(encodeRecords(records));
    expect(seen).toHaveLength(records.length);
    for (let i = 0; i < decoded.length; i++) {
      const d = decoded[i];
      const s = seen[i] as { pair?: unknown[]; other?: unknown };
      if (Array.isArray(d) && d.length === 2) expect(s.pair).toEqual(d);
      else expect(s.other).toEqual(d);
    }
    // -0 and NaN come out exact, not through a structural compare.
    const negativeZero = seen.find((s) => Object.is((s as { pair?: unknown[] }).pair?.[0], -0));
    expect(negativeZero).toBeDefined();
    expect(calls.slice(0, -1).every((c) => c === 100)).toBe(true);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(records.length);
  });

  it('reads no more than max records a call, and nothing after the end', () => {
    const bytes = encodeRecords([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const reader = new RecordReader(bytes);
    const keys: unknown[] = [];
    expect(
      reader.readPairs(
        2,
        (k) => keys.push(k),
        () => {},
      ),
    ).toBe(2);
    expect(
      reader.readPairs(
        2,
        (k) => keys.push(k),
        () => {},
      ),
    ).toBe(1);
    expect(
      reader.readPairs(
        2,
        (k) => keys.push(k),
        () => {},
      ),
    ).toBe(0);
    expect(keys).toEqual([1, 3, 5]);
    expect(reader.hasNext()).toBe(false);
  });

  it('a truncated block fails as a CodecError naming the record; a callback’s own error passes through', () => {
    const bytes = encodeRecords([
      [1, 'abc'],
      [2, 'def'],
    ]);
    const truncated = bytes.subarray(0, bytes.length - 2);
    const reader = new RecordReader(truncated);
    const keys: unknown[] = [];
    expect(() =>
      reader.readPairs(
        10,
        (k) => keys.push(k),
        () => {},
      ),
    ).toThrow(expect.objectContaining({ name: 'CodecError', path: 'record 1' }));
    expect(keys).toEqual([1]);

    const trailing = new Uint8Array(bytes.length + 1);
    trailing.set(bytes);
    expect(() =>
      new RecordReader(trailing).readPairs(
        10,
        () => {},
        () => {},
      ),
    ).toThrow(/trailing/);

    const boom = new TypeError('from the user');
    expect(() =>
      new RecordReader(bytes).readPairs(
        10,
        () => {
          throw boom;
        },
        () => {},
      ),
    ).toThrow(boom);
  });
});
