import { describe, expect, it } from 'vitest';
import { KeyMap, canonicalKey, keyEquals } from '../../engine/rdd/key-map';
import { hashCode } from '../../engine/rdd/hash';
import { mulberry32 } from '../../engine/util/random/mulberry32';

// Small pools so that random keys often collide, equal or nearly equal.
const primitives: unknown[] = [0, -0, 1, '1', 1n, NaN, 2.5, true, false, null, undefined, 'a', '', '\u0000', 'b'];
const propertyNames = ['a', 'b', '1', 'c d'];

function randomKey(random: () => number, depth: number): unknown {
  const int = (n: number) => Math.floor(random() * n);
  switch (depth > 0 ? int(8) : 0) {
    case 0:
    case 1:
    case 2:
      return primitives[int(primitives.length)];
    case 3:
    case 4:
      return Array.from({ length: int(3) }, () => randomKey(random, depth - 1));
    case 5: {
      const object: Record<string, unknown> = {};
      for (let i = int(3); i > 0; i--) object[propertyNames[int(propertyNames.length)]!] = randomKey(random, depth - 1);
      return object;
    }
    case 6:
      return random() < 0.5
        ? new Map(Array.from({ length: int(3) }, () => [randomKey(random, depth - 1), randomKey(random, depth - 1)]))
        : new Set(Array.from({ length: int(3) }, () => randomKey(random, depth - 1)));
    default:
      return new Date(int(3));
  }
}

/** A structurally equal key built differently: new objects, keys and entries in reverse order, -0 for 0. */
function equalVariant(key: unknown): unknown {
  if (key === 0) return Object.is(key, 0) ? -0 : 0;
  if (typeof key !== 'object' || key === null) return key;
  if (Array.isArray(key)) return key.map(equalVariant);
  if (key instanceof Date) return new Date(key.getTime());
  if (key instanceof Map) return new Map([...key].reverse().map(([k, v]) => [equalVariant(k), equalVariant(v)]));
  if (key instanceof Set) return new Set([...key].reverse().map(equalVariant));
  const object: Record<string, unknown> = {};
  for (const name of Object.keys(key).reverse()) object[name] = equalVariant((key as Record<string, unknown>)[name]);
  return object;
}

// eslint-disable-next-line no-sparse-arrays
const withHole = [1, , 3];

describe('keyEquals', () => {
  it.each([
    [1, 1],
    ['a', 'a'],
    [NaN, NaN],
    [0, -0],
    [1n, 1n],
    [null, null],
    [undefined, undefined],
    [
      ['a', 1],
      ['a', 1],
    ],
    [
      [['a'], [1, [2]]],
      [['a'], [1, [2]]],
    ],
    [withHole, [1, undefined, 3]],
    [
      { x: 1, y: 2 },
      { y: 2, x: 1 },
    ],
    [Object.assign(Object.create(null) as object, { x: 1 }), { x: 1 }],
    [new Date(5), new Date(5)],
    [new Date(NaN), new Date(NaN)],
    [
      new Map<unknown, unknown>([
        [['k'], 1],
        ['j', 2],
      ]),
      new Map<unknown, unknown>([
        ['j', 2],
        [['k'], 1],
      ]),
    ],
    [new Set([1, [2]]), new Set([[2], 1])],
    [/a/g, /a/g],
    [new Int32Array([1, 2]), new Int32Array([1, 2])],
    [new Float64Array([NaN]), new Float64Array([NaN])],
    [new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]).buffer],
  ])('%o equals %o', (a, b) => {
    expect(keyEquals(a, b)).toBe(true);
    expect(keyEquals(b, a)).toBe(true);
    expect(canonicalKey(a)).toBe(canonicalKey(b));
  });

  class Point {
    constructor(readonly x: number) {}
  }

  it.each([
    [1, '1'],
    [1, 1n],
    [1, true],
    [0, false],
    [null, undefined],
    ['', null],
    [
      ['a', 1],
      ['a', '1'],
    ],
    [['a'], ['a', undefined]],
    [
      [1, 2],
      [2, 1],
    ],
    [{ x: 1 }, { x: 1, y: undefined }],
    [{ x: 1 }, { y: 1 }],
    [{ 0: 'a' }, ['a']],
    [new Map([['x', 1]]), { x: 1 }],
    [new Set([1]), [1]],
    [new Set([1, 2]), new Set([1, 3])],
    [new Map([[1, 'a']]), new Map([[1, 'b']])],
    [new Date(1), 1],
    [new Date(1), new Date(2)],
    [/a/g, /a/i],
    [new Int32Array([1]), new Uint32Array([1])],
    [new Int32Array([1]), [1]],
    [new Point(1), new Point(1)],
    [() => 1, () => 1],
    [Symbol('s'), Symbol('s')],
  ])('%o differs from %o', (a, b) => {
    expect(keyEquals(a, b)).toBe(false);
    expect(keyEquals(b, a)).toBe(false);
    expect(canonicalKey(a)).not.toBe(canonicalKey(b));
  });

  it('compares class instances by identity', () => {
    const point = new Point(1);
    expect(keyEquals(point, point)).toBe(true);
    expect(keyEquals([point], [point])).toBe(true);
    expect(keyEquals([point], [new Point(1)])).toBe(false);
  });

  it('agrees with canonicalKey, and equal keys hash alike (seeded)', () => {
    const random = mulberry32(99);
    let equalPairs = 0;
    const problems: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = randomKey(random, 3);
      const b = random() < 0.4 ? equalVariant(a) : randomKey(random, 3);
      const equal = keyEquals(a, b);
      const pair = `${canonicalKey(a)} vs ${canonicalKey(b)}`;
      if (equal !== (canonicalKey(a) === canonicalKey(b))) problems.push(`canonical disagrees: ${pair}`);
      if (keyEquals(b, a) !== equal) problems.push(`not symmetric: ${pair}`);
      if (equal) {
        equalPairs++;
        if (hashCode(a) !== hashCode(b)) problems.push(`equal but hashes differ: ${pair}`);
      }
    }
    expect(problems).toEqual([]);
    expect(equalPairs).toBeGreaterThan(1000); // the variants really exercised the equal case
  });
});

describe('KeyMap', () => {
  it('finds a pair key set with a different array', () => {
    const counts = new KeyMap<[string, number], number>();
    counts.set(['a', 1], 1);
    counts.set(['a', 1], (counts.get(['a', 1]) ?? 0) + 1);
    counts.set(['a', 2], 1);
    expect(counts.size).toBe(2);
    expect(counts.get(['a', 1])).toBe(2);
    expect(counts.has(['a', 3])).toBe(false);
    expect(counts.get(['a', 3])).toBeUndefined();
  });

  it('keeps primitives apart as Map does: 1, "1", 1n and true are four keys; NaN and -0 are found', () => {
    const map = new KeyMap<unknown, string>();
    map.set(1, 'number').set('1', 'string').set(1n, 'bigint').set(true, 'boolean');
    map.set(NaN, 'nan').set(-0, 'zero').set(null, 'null').set(undefined, 'undefined');
    expect(map.size).toBe(8);
    expect(map.get(1)).toBe('number');
    expect(map.get('1')).toBe('string');
    expect(map.get(1n)).toBe('bigint');
    expect(map.get(true)).toBe('boolean');
    expect(map.get(Number('x'))).toBe('nan');
    expect(map.get(0)).toBe('zero');
    expect(map.get(null)).toBe('null');
    expect(map.get(undefined)).toBe('undefined');
  });

  it('treats objects as equal whatever their key order, and Dates by time', () => {
    const map = new KeyMap<unknown, number>();
    map.set({ user: 'ann', day: 1 }, 10);
    map.set(new Date(86_400_000), 20);
    expect(map.get({ day: 1, user: 'ann' })).toBe(10);
    expect(map.get(new Date(86_400_000))).toBe(20);
    expect(map.size).toBe(2);
  });

  it('compares class instances by identity', () => {
    class Key {
      constructor(readonly id: number) {}
    }
    const key = new Key(1);
    const map = new KeyMap<Key, string>([[key, 'x']]);
    expect(map.get(key)).toBe('x');
    expect(map.get(new Key(1))).toBeUndefined();
    expect([...map.keys()][0]).toBe(key);
  });

  it('a structured key can never collide with a string key, even one spelled like its storage form', () => {
    const map = new KeyMap<unknown, string>();
    const storageSpelling = `\u0000${canonicalKey(['a'])}`;
    const tricky = ['', '\u0000', '\u0000\u0000', storageSpelling, `\u0000${storageSpelling}`, canonicalKey(['a'])];
    map.set(['a'], 'array');
    for (const s of tricky) map.set(s, `string ${JSON.stringify(s)}`);
    expect(map.size).toBe(1 + tricky.length);
    expect(map.get(['a'])).toBe('array');
    for (const s of tricky) expect(map.get(s)).toBe(`string ${JSON.stringify(s)}`);
    // and the strings come back out exactly, the array as the array object
    const keys = [...map.keys()];
    expect(keys.slice(1)).toEqual(tricky);
    expect(keys[0]).toEqual(['a']);
    map.delete(storageSpelling);
    expect(map.get(['a'])).toBe('array');
    expect(map.has(storageSpelling)).toBe(false);
  });

  it('iterates in insertion order across primitive and structured keys', () => {
    const map = new KeyMap<unknown, number>();
    map.set('z', 1);
    map.set(['x'], 2);
    map.set(3, 3);
    map.set({ k: 1 }, 4);
    map.set(new Map([[1, 2]]), 5);
    map.set('z', 6); // an update keeps its place
    expect([...map]).toEqual([
      ['z', 6],
      [['x'], 2],
      [3, 3],
      [{ k: 1 }, 4],
      [new Map([[1, 2]]), 5],
    ]);
    expect([...map.values()]).toEqual([6, 2, 3, 4, 5]);
    map.delete(['x']);
    map.set(['x'], 7); // re-inserted: now last
    expect([...map.keys()].at(-1)).toEqual(['x']);
    expect(map.size).toBe(5);
  });

  it('yields the first key object set for an entry', () => {
    const first = ['k', 1];
    const map = new KeyMap<unknown[], string>();
    map.set(first, 'a');
    map.set(['k', 1], 'b');
    const [[key, value]] = [...map];
    expect(key).toBe(first);
    expect(value).toBe('b');
  });

  it('delete reports whether the key was there, for both kinds of key', () => {
    const map = new KeyMap<unknown, number>([
      [['p', 1], 1],
      ['s', 2],
    ]);
    expect(map.delete(['p', 1])).toBe(true);
    expect(map.delete(['p', 1])).toBe(false);
    expect(map.delete('s')).toBe(true);
    expect(map.delete('missing')).toBe(false);
    expect(map.size).toBe(0);
    expect([...map]).toEqual([]);
  });

  it('getOrInsert makes a value once per key', () => {
    const groups = new KeyMap<[string, number], string[]>();
    let made = 0;
    const make = () => {
      made++;
      return [] as string[];
    };
    groups.getOrInsert(['a', 1], make).push('x');
    groups.getOrInsert(['a', 1], make).push('y');
    groups.getOrInsert(['b', 1], make).push('z');
    expect(made).toBe(2);
    expect([...groups]).toEqual([
      [
        ['a', 1],
        ['x', 'y'],
      ],
      [['b', 1], ['z']],
    ]);
  });

  it('clear, forEach and toStringTag behave like Map', () => {
    const map = new KeyMap<unknown, number>([
      [[1], 1],
      [2, 2],
    ]);
    const seen: unknown[] = [];
    map.forEach((value, key, self) => {
      expect(self).toBe(map);
      seen.push([key, value]);
    });
    expect(seen).toEqual([
      [[1], 1],
      [2, 2],
    ]);
    expect(Object.prototype.toString.call(map)).toBe('[object KeyMap]');
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get([1])).toBeUndefined();
  });

  it('groups random keys exactly as a pairwise keyEquals search would (seeded)', () => {
    const random = mulberry32(3);
    const map = new KeyMap<unknown, number>();
    const reference: [unknown, number][] = [];
    for (let i = 0; i < 1500; i++) {
      const key =
        random() < 0.3 && reference.length > 0
          ? equalVariant(reference[Math.floor(random() * reference.length)]![0])
          : randomKey(random, 2);
      const existing = reference.find(([k]) => keyEquals(k, key));
      if (existing) existing[1] += 1;
      else reference.push([key, 1]);
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    expect(map.size).toBe(reference.length);
    const entries = [...map];
    for (let i = 0; i < reference.length; i++) {
      expect(keyEquals(entries[i]![0], reference[i]![0])).toBe(true);
      expect(entries[i]![1]).toBe(reference[i]![1]);
    }
  });
});

describe('KeyMap.combine', () => {
  const create = (v: number) => [v];
  const merge = (buf: number[], v: number) => {
    buf.push(v);
    return buf;
  };

  it('creates on the first value of a key and merges the rest, structured keys included', () => {
    const groups = new KeyMap<unknown, number[]>();
    const input: [unknown, number][] = [
      [['a', 1], 1],
      ['x', 2],
      [['a', 1], 3],
      [1, 4],
      ['x', 5],
      [{ k: 1 }, 6],
      [{ k: 1 }, 7],
      ['\u0000x', 8],
    ];
    for (const [k, v] of input) groups.combine(k, v, create, merge);
    expect([...groups.entries()]).toEqual([
      [
        ['a', 1],
        [1, 3],
      ],
      ['x', [2, 5]],
      [1, [4]],
      [{ k: 1 }, [6, 7]],
      ['\u0000x', [8]],
    ]);
    // The first key object set is the one kept, as set() keeps it.
    expect(groups.keys().next().value).toBe(input[0]![0]);
  });

  it('gives the same map as get/has/set, with merges that return a new value or undefined', () => {
    const sum = (a: number | undefined, b: number) => (a === undefined ? -100 : a + b);
    const viaCombine = new KeyMap<unknown, number | undefined>();
    const viaSet = new KeyMap<unknown, number | undefined>();
    const keys: unknown[] = ['a', 1, ['p', 2], 'b', NaN, -0, 0, null, undefined, 'a', ['p', 2]];
    for (let i = 0; i < 60; i++) {
      const key = keys[i % keys.length];
      // Key 'b' creates undefined: the next value must merge into it, not create again.
      const createValue = (v: number) => (key === 'b' ? undefined : v);
      viaCombine.combine(key, i, createValue, sum);
      const old = viaSet.get(key);
      viaSet.set(key, old !== undefined || viaSet.has(key) ? sum(old, i) : createValue(i));
    }
    expect([...viaCombine.entries()]).toEqual([...viaSet.entries()]);
    // 'b' comes at i = 3, 14, 25, 36, 47, 58: created undefined, merged into -100, then summed.
    expect(viaCombine.get('b')).toBe(-100 + 25 + 36 + 47 + 58);
  });

  it('returns the entry’s new value', () => {
    const counts = new KeyMap<string, number>();
    expect(
      counts.combine(
        'w',
        1,
        (v) => v,
        (a, b) => a + b,
      ),
    ).toBe(1);
    expect(
      counts.combine(
        'w',
        1,
        (v) => v,
        (a, b) => a + b,
      ),
    ).toBe(2);
  });
});

/** A KeyMap that has left its int32 table (a string key went in and out), so it stores every key the general way. */
function generalKeyMap<K, V>(): KeyMap<K, V> {
  const map = new KeyMap<K, V>();
  map.set('leave the int table' as K, undefined as V);
  map.delete('leave the int table' as K);
  return map;
}

describe('KeyMap with int32 keys (its int table) against the general path', () => {
  // Int32s and their neighbours: the edges of int32, -0, NaN, fractions, and keys equal-looking in other types.
  const ints = [0, 1, 2, 3, 7, 16, 65_536, 131_072, -1, -65_536, 2_147_483_647, -2_147_483_648, 1_000_003];
  const others: unknown[] = [
    -0,
    NaN,
    2_147_483_648,
    -2_147_483_649,
    1.5,
    '1',
    '0',
    1n,
    0n,
    true,
    [1],
    [0, 1],
    { a: 1 },
  ];

  function replay(map: KeyMap<unknown, number>, ops: [string, unknown, number][]): unknown[] {
    const seen: unknown[] = [];
    for (const [op, key, value] of ops) {
      if (op === 'set') map.set(key, value);
      else if (op === 'combine')
        seen.push(
          map.combine(
            key,
            value,
            (v) => v * 10,
            (a, b) => a + b,
          ),
        );
      else if (op === 'get') seen.push(map.get(key));
      else if (op === 'has') seen.push(map.has(key));
      else if (op === 'getOrInsert') seen.push(map.getOrInsert(key, () => value));
      else seen.push(map.delete(key));
      seen.push(map.size);
    }
    return seen;
  }

  function randomOps(
    random: () => number,
    count: number,
    otherShare: number,
    deletes: boolean,
  ): [string, unknown, number][] {
    const names = ['set', 'combine', 'combine', 'get', 'has', 'getOrInsert', 'delete'];
    return Array.from({ length: count }, (_, i) => {
      const pool = random() < otherShare ? others : ints;
      const key = random() < 0.2 ? Math.floor(random() * 5000) : pool[Math.floor(random() * pool.length)];
      // A delete of a present key leaves the int table, so only some rounds delete.
      const name = names[Math.floor(random() * (deletes ? names.length : names.length - 1))]!;
      return [name, key, i];
    });
  }

  it('gives the same answers, sizes and iteration order as the general path (seeded, ints only then mixed)', () => {
    const random = mulberry32(7);
    for (const [otherShare, deletes] of [
      [0, false],
      [0.001, false],
      [0.01, false],
      [0.2, false],
      [0, true],
    ] as const) {
      for (let round = 0; round < 20; round++) {
        const ops = randomOps(random, 3000, otherShare, deletes);
        const fast = new KeyMap<unknown, number>();
        const general = generalKeyMap<unknown, number>();
        expect(replay(fast, ops)).toEqual(replay(general, ops));
        expect([...fast]).toEqual([...general]);
        expect([...fast.keys()]).toEqual([...general.keys()]);
        expect([...fast.values()]).toEqual([...general.values()]);
      }
    }
  });

  it('-0 is the key 0 (stored and yielded as 0, like Map); NaN, 1.5, "1", 1n and [1] are other keys', () => {
    const map = new KeyMap<unknown, string>();
    map.set(-0, 'zero').set(1, 'one');
    expect(map.get(0)).toBe('zero');
    expect(Object.is([...map.keys()][0], 0)).toBe(true);
    expect(map.get(NaN)).toBeUndefined();
    expect(map.has(1.5)).toBe(false);
    expect(map.get('1')).toBeUndefined();
    expect(map.get(1n)).toBeUndefined();
    expect(map.get([1])).toBeUndefined();
    map.set(NaN, 'nan').set('1', 'string one').set([1], 'array');
    expect([...map]).toEqual([
      [0, 'zero'],
      [1, 'one'],
      [NaN, 'nan'],
      ['1', 'string one'],
      [[1], 'array'],
    ]);
    expect(map.get(Number('x'))).toBe('nan');
    expect(map.get(-0)).toBe('zero');
  });

  it('keeps keys whose hashes collide apart, through many growths', () => {
    const map = new KeyMap<number, number>();
    // Multiples of 2^20 share their low bits; with negatives and the int32 edges.
    const keys = Array.from({ length: 4000 }, (_, i) => (i % 2 ? -1 : 1) * ((i * 1_048_576) | 0));
    keys.push(2_147_483_647, -2_147_483_648);
    const distinct = [...new Set(keys.map((k) => k | 0))];
    for (const key of keys)
      map.combine(
        key,
        1,
        (v) => v,
        (a, b) => a + b,
      );
    expect(map.size).toBe(distinct.length);
    const expected = new Map<number, number>();
    for (const key of keys) expected.set(key, (expected.get(key) ?? 0) + 1);
    expect([...map]).toEqual([...expected]);
  });

  it('visits entries set during iteration, also when a non-int key makes it leave the int table', () => {
    const map = new KeyMap<unknown, number>([
      [1, 1],
      [2, 2],
    ]);
    const visited: unknown[] = [];
    for (const [key] of map) {
      visited.push(key);
      if (key === 1) map.set(3, 3);
      if (key === 2) map.set('four', 4);
      if (key === 'four') map.set(5, 5);
    }
    expect(visited).toEqual([1, 2, 3, 'four', 5]);
  });

  it('clear empties it and int keys go back to the table', () => {
    const map = new KeyMap<unknown, number>([
      ['a', 1],
      [1, 1],
    ]);
    map.clear();
    expect(map.size).toBe(0);
    map.set(2, 2).set(-0, 0);
    expect([...map]).toEqual([
      [2, 2],
      [0, 0],
    ]);
  });
});
