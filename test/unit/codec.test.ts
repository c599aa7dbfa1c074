import { describe, expect, it } from 'vitest';
import { CodecError, decodeRecords, decodeValue, encodeRecords, encodeValue } from '../../engine/codec/codec';
import { estimateSize } from '../../engine/codec/size';
import { mulberry32 } from '../../engine/util/random/mulberry32';

/**
 * Strict structural sameness: Object.is for primitives (so -0 ≠ 0, NaN = NaN),
 * identical prototypes, and the contents of every supported built-in.
 * Returns a description of the first difference, or null.
 */
function difference(a: unknown, b: unknown, path = '$'): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${String(a)} vs ${String(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return `${path}: length ${a.length} vs ${other.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], other[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return `${path}: map size`;
    const left = [...a];
    const right = [...other];
    for (let i = 0; i < left.length; i++) {
      const d = difference(left[i], right[i], `${path}<entry ${i}>`);
      if (d) return d;
    }
    return null;
  }
  if (a instanceof Set) return difference([...a], [...(b as Set<unknown>)], `${path}<set>`);
  if (a instanceof Date) return difference(a.getTime(), (b as Date).getTime(), `${path}<time>`);
  if (a instanceof RegExp) {
    const other = b as RegExp;
    return a.source === other.source && a.flags === other.flags && a.lastIndex === other.lastIndex
      ? null
      : `${path}: ${String(a)} vs ${String(other)}`;
  }
  if (a instanceof ArrayBuffer) return difference([...new Uint8Array(a)], [...new Uint8Array(b as ArrayBuffer)], path);
  if (a instanceof DataView) {
    const other = b as DataView;
    return difference(
      [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)],
      [...new Uint8Array(other.buffer, other.byteOffset, other.byteLength)],
      path,
    );
  }
  if (ArrayBuffer.isView(a)) {
    return difference([...(a as unknown as Iterable<unknown>)], [...(b as unknown as Iterable<unknown>)], path);
  }
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.join('\u0001') !== otherKeys.join('\u0001')) return `${path}: keys ${keys} vs ${otherKeys}`;
  for (const key of keys) {
    const d = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (d) return d;
  }
  return null;
}

function expectSame(actual: unknown, expected: unknown): void {
  expect(difference(actual, expected)).toBeNull();
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function roundTrip(value: unknown): unknown {
  return decodeValue(encodeValue(value));
}

const interestingNumbers = [
  0,
  -0,
  1,
  -1,
  127,
  128,
  -128,
  255,
  256,
  65535,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  1.5,
  -0.1,
  Math.PI,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  NaN,
  Infinity,
  -Infinity,
];

const interestingStrings = [
  '',
  'a',
  'spark',
  'héllo',
  '€'.repeat(21), // 63 UTF-8 bytes: the largest short string
  '€'.repeat(22), // 66 bytes: the long-string path with a reserved length
  'x'.repeat(21),
  'x'.repeat(22),
  'x'.repeat(200),
  'ü'.repeat(10_000),
  '😀',
  'a😀b',
  '\uFEFFbom first', // a decoder that strips the BOM would lose this
  '\uD800', // lone high surrogate
  '\uDC00', // lone low surrogate
  'x\uDBFFy',
  `${'y'.repeat(100)}\uDFFF`, // lone surrogate in a long string
  '\u0000nul',
];

/** A random value of any supported type, nested up to `depth`. */
function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 0 ? 16 : 8));
  const int = (n: number) => Math.floor(random() * n);
  switch (pick) {
    case 0:
      return [undefined, null, true, false][int(4)];
    case 1:
      return interestingNumbers[int(interestingNumbers.length)];
    case 2:
      return int(1000) - 500;
    case 3:
      return (random() - 0.5) * 10 ** int(30);
    case 4:
      return interestingStrings[int(interestingStrings.length)];
    case 5: {
      let s = '';
      const length = int(30);
      for (let i = 0; i < length; i++) s += String.fromCharCode(random() < 0.8 ? 32 + int(95) : int(0x10000));
      return s;
    }
    case 6:
      return [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, -(2n ** 64n) - 7n, 3n ** 100n][int(7)];
    case 7:
      return new Date(int(2) === 0 ? NaN : int(2 ** 40));
    case 8:
    case 9: {
      // Long arrays only near the leaves, so a record stays small.
      const length = depth <= 1 && int(3) === 0 ? int(40) : int(4);
      return Array.from({ length }, () => randomValue(random, depth - 1));
    }
    case 10:
    case 11: {
      const object: Record<string, unknown> = int(5) === 0 ? Object.create(null) : {};
      const count = int(6);
      for (let i = 0; i < count; i++) {
        const key = ['a', 'b', 'key with space', '1', '__proto__', 'é'][int(6)]!;
        // defineProperty: assigning "__proto__" would set the prototype instead.
        Object.defineProperty(object, key, {
          value: randomValue(random, depth - 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case 12: {
      const map = new Map<unknown, unknown>();
      const count = int(4);
      for (let i = 0; i < count; i++) map.set(randomValue(random, depth - 1), randomValue(random, depth - 1));
      return map;
    }
    case 13:
      return new Set(Array.from({ length: int(5) }, () => randomValue(random, depth - 1)));
    case 14: {
      const kinds = [
        Int8Array,
        Uint8Array,
        Uint8ClampedArray,
        Int16Array,
        Uint16Array,
        Int32Array,
        Uint32Array,
        Float32Array,
        Float64Array,
      ];
      const Kind = kinds[int(kinds.length)]!;
      return new Kind(Array.from({ length: int(6) }, () => int(300) - 100));
    }
    default:
      return [
        new RegExp('a+b', 'gi'),
        new ArrayBuffer(int(5)),
        new DataView(new Uint8Array([1, 2, 3]).buffer),
        new BigInt64Array([-1n, 5n]),
      ][int(4)];
  }
}

describe('encodeRecords / decodeRecords round-trips', () => {
  it.each(interestingNumbers.map((n) => [n]))('number %d, keeping -0 and NaN exact', (n) => {
    expectSame(roundTrip(n), n);
    expectSame(decodeRecords(encodeRecords([n])), [n]);
  });

  it.each(interestingStrings.map((s) => [s]))('string %j, including non-BMP, BOM and lone surrogates', (s) => {
    expectSame(roundTrip(s), s);
    expectSame(roundTrip({ [s]: s }), { [s]: s });
  });

  it('undefined, null and booleans', () => {
    expectSame(decodeRecords(encodeRecords([undefined, null, true, false])), [undefined, null, true, false]);
  });

  it.each(
    [0n, 1n, -1n, 127n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n, -(3n ** 200n)].map(
      (b) => [b],
    ),
  )('bigint %s, inside and beyond 64 bits', (b) => {
    expect(roundTrip(b)).toBe(b);
  });

  it('arrays at the small-array boundary and beyond, nested', () => {
    for (const length of [0, 1, 15, 16, 17, 1000]) {
      const array = Array.from({ length }, (_, i) => (i % 2 ? `s${i}` : [i, { i }]));
      expectSame(roundTrip(array), array);
    }
  });

  it('array holes come back as undefined, keeping the length', () => {
    // eslint-disable-next-line no-sparse-arrays
    const decoded = roundTrip([1, , 3]) as unknown[];
    expect(decoded).toHaveLength(3);
    expect(1 in decoded).toBe(true);
    expect(decoded[1]).toBeUndefined();
  });

  it('plain objects keep Object.prototype, null-prototype objects keep null', () => {
    const plain = roundTrip({ a: 1, b: 'two' });
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    const decoded = roundTrip(bare);
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expectSame(decoded, bare);
  });

  it('a "__proto__" key comes back as an own property, not as a prototype', () => {
    const tricky = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as object;
    const decoded = roundTrip(tricky) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__', 'x']);
    expect((decoded as { polluted?: unknown }).polluted).toBeUndefined();
    expectSame(decoded, tricky);
  });

  it('Map and Set with structured keys, in insertion order', () => {
    const map = new Map<unknown, unknown>([
      [['a', 1], new Set([1, 'x', [2]])],
      [NaN, -0],
      ['k', new Map([[1n, null]])],
    ]);
    expectSame(roundTrip(map), map);
  });

  it('Date, including an invalid one', () => {
    expectSame(roundTrip(new Date(1_700_000_000_123)), new Date(1_700_000_000_123));
    expect(Number.isNaN((roundTrip(new Date(NaN)) as Date).getTime())).toBe(true);
  });

  it('RegExp keeps source and flags; lastIndex is reset', () => {
    const regexp = /a(?<name>b+)\//dgimsuy;
    regexp.lastIndex = 3;
    const decoded = roundTrip(regexp) as RegExp;
    expect(decoded.source).toBe(regexp.source);
    expect(decoded.flags).toBe(regexp.flags);
    expect(decoded.lastIndex).toBe(0);
  });

  it('ArrayBuffer, DataView and every typed array kind', () => {
    const values = [
      new Uint8Array([1, 2, 255]).buffer,
      new DataView(new Uint8Array([9, 8, 7]).buffer),
      new Int8Array([-128, 127]),
      new Uint8Array([0, 255]),
      new Uint8ClampedArray([0, 255]),
      new Int16Array([-32768, 32767]),
      new Uint16Array([65535]),
      new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      new Uint32Array([2 ** 32 - 1]),
      new Float32Array([1.5, NaN, -0]),
      new Float64Array([Math.PI, -0, Infinity]),
      new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      new BigUint64Array([2n ** 64n - 1n]),
    ];
    for (const value of values) expectSame(roundTrip(value), value);
  });

  it('a typed array viewing part of a buffer decodes to just its elements, in a buffer of its own', () => {
    const whole = new Float64Array([1, 2, 3, 4]);
    const part = whole.subarray(1, 3);
    const decoded = roundTrip(part) as Float64Array;
    expect([...decoded]).toEqual([2, 3]);
    expect(decoded.byteOffset).toBe(0);
    expect(decoded.buffer.byteLength).toBe(16);
    const view = new DataView(whole.buffer, 8, 8);
    expect((roundTrip(view) as DataView).getFloat64(0, true)).toBe(2);
  });

  it('shared references are copied, not shared', () => {
    const shared = { n: 1 };
    const decoded = roundTrip([shared, shared]) as [object, object];
    expectSame(decoded, [shared, shared]);
    expect(decoded[0]).not.toBe(decoded[1]);
  });

  it('deep but acyclic nesting encodes', () => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < 500; i++) nested = i % 2 ? [nested] : { inner: nested };
    expectSame(roundTrip(nested), nested);
  });

  it('random nested values round-trip exactly and re-encode to the same bytes (seeded)', () => {
    for (const seed of [1, 2, 3, 42, 2024]) {
      const random = mulberry32(seed);
      const records = Array.from({ length: 300 }, () => randomValue(random, 4));
      const bytes = encodeRecords(records);
      const decoded = decodeRecords(bytes);
      const diff = difference(decoded, records);
      expect(diff, `seed ${seed}`).toBeNull();
      // Compared as one string: toEqual on a large Uint8Array is very slow.
      expect(hex(encodeRecords(decoded))).toBe(hex(bytes));
    }
  });

  it('100k small records round-trip', () => {
    const records: unknown[] = [];
    for (let i = 0; i < 100_000; i++) {
      records.push(
        i % 3 === 0 ? [`word${i % 5000}`, i % 7] : i % 3 === 1 ? { id: i, score: i / 8, tag: 'ü' } : i * 1.25,
      );
    }
    const bytes = encodeRecords(records);
    const decoded = decodeRecords(bytes);
    expect(decoded).toHaveLength(100_000);
    expect(difference(decoded, records)).toBeNull();
  });

  it('an empty record list', () => {
    expect(decodeRecords(encodeRecords([]))).toEqual([]);
  });
});

describe('encoded bytes', () => {
  it('own their ArrayBuffer exactly, so they can be transferred', () => {
    const bytes = encodeRecords([['spark', 1], { a: 'x'.repeat(1000) }]);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
    const single = encodeValue(new Map([[1, 2]]));
    expect(single.byteOffset).toBe(0);
    expect(single.buffer.byteLength).toBe(single.length);

    const moved = structuredClone(bytes, { transfer: [bytes.buffer] });
    expect(bytes.length).toBe(0); // detached: the buffer really moved
    expect(decodeRecords(moved)).toEqual([['spark', 1], { a: 'x'.repeat(1000) }]);
  });

  it('successive encodings do not share or overwrite each other', () => {
    const first = encodeRecords(['first']);
    const second = encodeRecords(['second']);
    expect(first.buffer).not.toBe(second.buffer);
    expect(decodeRecords(first)).toEqual(['first']);
  });

  it('are compact for typical pairs: ["word", 1] takes 7 bytes', () => {
    const one = encodeRecords([['word', 1]]).length;
    const two = encodeRecords([
      ['word', 1],
      ['word', 1],
    ]).length;
    expect(two - one).toBe(7); // small-array tag, short-string tag, 4 chars, small-int tag
  });

  it('a records block and a single value are not interchangeable', () => {
    expect(() => decodeValue(encodeRecords([1]))).toThrow(/hold records/);
    expect(() => decodeRecords(encodeValue(1))).toThrow(/single value/);
  });
});

describe('values the codec refuses', () => {
  function errorOf(run: () => unknown): CodecError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(CodecError);
      return error as CodecError;
    }
    throw new Error('expected a CodecError');
  }

  it('a function, naming the record and the property', () => {
    const error = errorOf(() => encodeRecords([1, 2, { f: () => 1 }]));
    expect(error.message).toBe('cannot serialize a function at record 2 → .f');
    expect(error.path).toBe('record 2 → .f');
    expect(error.name).toBe('CodecError');
  });

  it('paths go through arrays, odd keys, Map values and Set elements', () => {
    expect(errorOf(() => encodeRecords([[0, [1, Symbol('s')]]])).path).toBe('record 0 → [1] → [1]');
    expect(errorOf(() => encodeRecords([{ 'my key': { name: () => 0 } }])).path).toBe('record 0 → ["my key"] → .name');
    expect(errorOf(() => encodeRecords([new Map([['k', new WeakMap()]])])).message).toBe(
      'cannot serialize a WeakMap at record 0 → .get("k")',
    );
    expect(errorOf(() => encodeRecords([new Set([1, new WeakSet()])])).path).toBe('record 0 → (element #1)');
    expect(errorOf(() => encodeValue({ a: [Promise.resolve()] })).message).toBe(
      'cannot serialize a Promise at value → .a → [0]',
    );
  });

  it('class instances, naming the class', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(errorOf(() => encodeRecords([[new Point(1, 2)]])).message).toBe(
      'cannot serialize an instance of class Point at record 0 → [0]',
    );
    class MyMap extends Map {}
    expect(errorOf(() => encodeValue(new MyMap())).message).toBe(
      'cannot serialize an instance of class MyMap at value',
    );
    expect(errorOf(() => encodeValue(new Error('boom'))).message).toBe('cannot serialize an Error at value');
  });

  it('a direct cycle throws instead of hanging', () => {
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    const error = errorOf(() => encodeRecords([0, node]));
    expect(error.path).toBe('record 1 → .self');
    expect(error.message).toMatch(/^cannot serialize a cycle at record 1 → \.self: it refers back to record 1,/);
  });

  it('a cycle through arrays and Maps names the ancestor it returns to', () => {
    const inner: unknown[] = [];
    const outer = { list: [new Map([['m', inner]])] };
    inner.push(outer.list);
    const error = errorOf(() => encodeValue(outer));
    expect(error.path).toBe('value → .list → [0] → .get("m") → [0]');
    expect(error.message).toContain('it refers back to value → .list,');
  });

  it('a cycle deeper than the linear-scan window is still caught', () => {
    const root: { next?: unknown } = {};
    let tail = root;
    for (let i = 0; i < 100; i++) {
      const next = {};
      tail.next = next;
      tail = next;
    }
    const midpoint: { next?: unknown } = {};
    tail.next = midpoint;
    let end = midpoint;
    for (let i = 0; i < 50; i++) {
      const next = {};
      end.next = next;
      end = next;
    }
    end.next = midpoint; // the loop starts at depth 101
    const error = errorOf(() => encodeValue(root));
    expect(error.message).toContain('cannot serialize a cycle');
    expect(error.message).toContain('…'); // long paths are abbreviated
  });

  it('nesting too deep for the stack is a CodecError, not a crash', () => {
    let nested: unknown = 0;
    for (let i = 0; i < 100_000; i++) nested = [nested];
    const error = errorOf(() => encodeValue(nested));
    expect(error.message).toMatch(/^cannot serialize a value nested this deeply/);
    // and bytes claiming 100k nested one-element arrays
    const bytes = new Uint8Array(2 + 100_000 + 1).fill(0x21);
    bytes.set([0x4b, 0x02], 0);
    bytes[bytes.length - 1] = 0x80;
    expect(() => decodeValue(bytes)).toThrow(CodecError);
  });

  it('a getter that throws is reported with its path and cause', () => {
    const record = {
      get broken(): number {
        throw new RangeError('nope');
      },
    };
    const error = errorOf(() => encodeRecords([record]));
    expect(error.path).toBe('record 0 → .broken');
    expect(error.message).toContain('RangeError: nope');
    expect(error.cause).toBeInstanceOf(RangeError);
  });

  it('the encoder is usable again after a failure', () => {
    errorOf(() => encodeRecords([{ f: () => 0 }]));
    expect(decodeRecords(encodeRecords([['ok', 1]]))).toEqual([['ok', 1]]);
  });
});

describe('malformed input', () => {
  const sample = encodeRecords([['word', 1], { a: [1.5, 'é'.repeat(30)], b: new Map([[1n, new Date(0)]]) }, 2n ** 70n]);

  it('every truncation throws a CodecError naming the record', () => {
    for (let length = 0; length < sample.length; length++) {
      let thrown: unknown;
      try {
        decodeRecords(sample.subarray(0, length));
      } catch (error) {
        thrown = error;
      }
      expect(thrown, `prefix of ${length} bytes`).toBeInstanceOf(CodecError);
    }
  });

  it('trailing bytes are rejected', () => {
    const padded = new Uint8Array(sample.length + 1);
    padded.set(sample);
    expect(() => decodeRecords(padded)).toThrow(/trailing/);
  });

  it('corrupted bytes throw CodecError or decode to something, never anything else (seeded)', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 2000; trial++) {
      const corrupt = sample.slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let i = 0; i < flips; i++)
        corrupt[2 + Math.floor(random() * (corrupt.length - 2))] = Math.floor(random() * 256);
      try {
        decodeRecords(corrupt);
      } catch (error) {
        expect(error).toBeInstanceOf(CodecError);
      }
    }
  });

  it('bytes that are not Kindling data are rejected', () => {
    expect(() => decodeRecords(new TextEncoder().encode('{"json": true}'))).toThrow(CodecError);
    expect(() => decodeValue(new Uint8Array())).toThrow(/not Kindling-encoded/);
  });

  it('a huge declared length fails fast instead of allocating', () => {
    // magic, records kind, count = 2^28 as a varint
    expect(() => decodeRecords(new Uint8Array([0x4b, 0x01, 0x80, 0x80, 0x80, 0x80, 0x01]))).toThrow(
      /exceeds the remaining/,
    );
  });
});

describe('estimateSize', () => {
  it('charges the documented V8 costs for simple values', () => {
    expect(estimateSize(undefined)).toBe(0);
    expect(estimateSize(true)).toBe(0);
    expect(estimateSize(7)).toBe(0); // a Smi lives in its slot
    expect(estimateSize(1.5)).toBe(12); // HeapNumber
    expect(estimateSize(2 ** 31)).toBe(12); // beyond the Smi range
    expect(estimateSize('spark')).toBe(20); // 12 + 5 one-byte chars → 17 → rounded to 20
    expect(estimateSize('€€')).toBe(16); // 12 + 2 two-byte chars
    expect(estimateSize(2n ** 64n)).toBe(8 + 16); // 65 bits → two 64-bit digits
    expect(estimateSize(new Date(0))).toBe(60);
  });

  it('charges containers for their slots and their contents', () => {
    expect(estimateSize([])).toBe(16);
    expect(estimateSize([1, 2, 3])).toBe(16 + 8 + 3 * 4);
    expect(estimateSize([1.5, 2])).toBe(16 + 8 + 2 * 8); // unboxed doubles, no HeapNumbers
    expect(estimateSize(['a', 1.5])).toBe(16 + 8 + 2 * 4 + 16 + 12);
    expect(estimateSize({ a: 1, b: 'x' })).toBe(12 + 2 * 4 + 16);
    expect(estimateSize(new Map([['k', 1]]))).toBe(36 + 14 * 4 + 16);
    expect(estimateSize(new Set([1, 2, 3, 4, 5]))).toBe(36 + 10 * 8);
    expect(estimateSize(new Uint8Array(100))).toBe(64 + 56 + 100);
  });

  it('counts a shared object once and terminates on cycles', () => {
    const shared = { a: 1 };
    expect(estimateSize([shared, shared])).toBe(16 + 8 + 8 + 16);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(estimateSize(cyclic)).toBe(16);
    const buffer = new ArrayBuffer(64);
    expect(estimateSize([new Uint8Array(buffer), new Float64Array(buffer)])).toBe(16 + 8 + 8 + 64 + 64 + 56 + 64);
  });

  it('is exact on large uniform arrays even though it samples them', () => {
    const words = Array.from({ length: 10_000 }, (_, i) => `w${String(i).padStart(9, '0')}`); // 10 chars each
    expect(estimateSize(words)).toBe(16 + 8 + 4 * 10_000 + 24 * 10_000);
    const doubles = Array.from({ length: 5000 }, (_, i) => i + 0.5);
    expect(estimateSize(doubles)).toBe(16 + 8 + 8 * 5000);
  });

  it('stays close to a full walk on varied large arrays', () => {
    const random = mulberry32(11);
    const records = Array.from({ length: 20_000 }, () => ['x'.repeat(1 + Math.floor(random() * 40)), random()]);
    const exact = 16 + 8 + 4 * records.length + records.reduce((sum, record) => sum + estimateSize(record), 0);
    const estimate = estimateSize(records);
    expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.1);
  });

  it('reads only a sample of a big array or map', () => {
    let reads = 0;
    const make = () => ({
      get value(): string {
        reads++;
        return 'v';
      },
    });
    estimateSize(Array.from({ length: 50_000 }, make));
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(200);
    reads = 0;
    estimateSize(new Map(Array.from({ length: 50_000 }, (_, i) => [i, make()])));
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(200);
  });

  it('grows with the data', () => {
    let previous = -1;
    for (const length of [0, 1, 10, 100, 399, 400, 401, 1000, 10_000]) {
      const size = estimateSize(Array.from({ length }, (_, i) => ({ id: i, name: `n${i}` })));
      expect(size).toBeGreaterThan(previous);
      previous = size;
    }
    expect(estimateSize('a'.repeat(100))).toBeGreaterThan(estimateSize('a'.repeat(10)));
  });

  it('gives the same answer every time (the sample is seeded)', () => {
    const random = mulberry32(5);
    const data = Array.from({ length: 3000 }, () => ({ s: 'y'.repeat(Math.floor(random() * 100)) }));
    expect(estimateSize(data)).toBe(estimateSize(data));
  });
});
