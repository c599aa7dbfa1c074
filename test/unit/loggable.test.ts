import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromLoggable, kindlingInspect, toLoggable } from '../../engine/runner/loggable';
import { formatArgs } from '../../engine/runner/format-node';

/** What Node prints after the arguments crossed a JSON transport (postMessage, then Playwright). */
function roundTrip(args: unknown[]): string {
  const wire = JSON.parse(JSON.stringify(toLoggable(args))) as unknown[];
  return format(...fromLoggable(wire));
}

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
class Money {
  constructor(readonly cents: number) {}
  toString(): string {
    return `$${(this.cents / 100).toFixed(2)}`;
  }
  valueOf(): number {
    return this.cents;
  }
}
class Base {}
class Derived extends Base {
  static version = 2;
}
class ValidationError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}
class QuietError extends Error {}
QuietError.prototype.name = 'QuietError';

function makeCycle(): unknown {
  const node: Record<string, unknown> = { name: 'a', children: [] };
  (node.children as unknown[]).push({ parent: node });
  return node;
}

function makeError(): Error {
  const error = new TypeError('bad input');
  error.stack = 'TypeError: bad input\n    at run (program.js:3:11)\n    at program.js:9:1';
  return error;
}

const shared = { id: 1 };
const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
const sparse: unknown[] = [1];
sparse[2] = 3;
sparse[10] = 'x';
const withExtras = Object.assign([1, 2], { label: 'pair' });
const nullProto = Object.assign(Object.create(null), { k: 1 });
const withSymbols = { [Symbol('tag')]: 1, plain: 2 };
const withAccessors = Object.defineProperties(
  {},
  {
    both: { get: () => 1, set: () => {}, enumerable: true },
    getter: { get: () => 1, enumerable: true },
  },
);
const fnWithProps = Object.assign(function helper() {}, { calls: 3 });
const bigSet = new Set(Array.from({ length: 150 }, (_, i) => i));
const bigMap = new Map(Array.from({ length: 120 }, (_, i) => [`k${i}`, { i }] as const));

// Each row: a label and console.log's arguments.
const cases: [string, unknown[]][] = [
  ['no arguments', []],
  ['string', ['hello']],
  ['numbers', [1, -1.5, 0, -0, NaN, Infinity, -Infinity, 2 ** 53]],
  ['bigint', [10n, -3n]],
  ['booleans, null, undefined', [true, false, null, undefined]],
  ['symbols', [Symbol('s'), Symbol(), Symbol.iterator, Symbol.for('reg')]],
  ['strings after a non-string', [1, 'two', "it's"]],
  ['strings inside values', [['a', "b'c", 'd\ne']]],
  [
    'array of pairs',
    [
      [
        ['spark', 3],
        ['stage', 2],
      ],
    ],
  ],
  ['nested array', [[1, [2, [3, [4, [5]]]]]]],
  ['long array', [Array.from({ length: 250 }, (_, i) => i)]],
  ['sparse array', [sparse]],
  [
    'long sparse array',
    [
      (() => {
        const a: unknown[] = [];
        a[5] = 1;
        for (let i = 300; i < 900; i += 2) a[i] = i;
        a.length = 1000;
        return a;
      })(),
    ],
  ],
  ['101 items, the last a string', [[...Array.from({ length: 100 }, (_, i) => i), 'last']]],
  ['many pairs, as collect() returns them', [Array.from({ length: 40 }, (_, i) => [`word${i}`, i * 7])]],
  ['strings grouped in columns', [Array.from({ length: 30 }, (_, i) => 'x'.repeat(i % 7))]],
  ['holes only', [new Array(5)]],
  ['array with extra keys', [withExtras]],
  ['empty containers', [[], {}, new Map(), new Set()]],
  ['plain object', [{ a: 1, 'b-c': [1, 2], d: { e: 'f' } }]],
  ['integer-like keys', [{ 2: 'b', 1: 'a', z: 0 }]],
  ['deep object', [deep]],
  ['deep object inside array', [[[[[{ x: 1 }]]]]]],
  ['wide object breaks lines', [Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i]))]],
  ['null prototype', [nullProto]],
  ['symbol keys', [withSymbols]],
  ['accessors', [withAccessors]],
  ['class instance', [new Point(1, 2)]],
  ['class instance with toString', [new Money(150)]],
  ['anonymous class instance', [new (class {})()]],
  ['cycle', [makeCycle()]],
  [
    'self cycle',
    [
      (() => {
        const o: Record<string, unknown> = {};
        o.me = o;
        return o;
      })(),
    ],
  ],
  ['shared reference, not a cycle', [{ left: shared, right: shared }]],
  ['same object twice as arguments', [shared, shared]],
  [
    'Map',
    [
      new Map<unknown, unknown>([
        ['a', 1],
        [{ k: 1 }, [2]],
      ]),
    ],
  ],
  ['Set', [new Set([1, 'two', [3]])]],
  ['big Set', [bigSet]],
  ['big Map', [bigMap]],
  ['Date', [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))]],
  ['invalid Date', [new Date(NaN)]],
  ['RegExp', [/a+b/gi, [/x/]]],
  ['Error with stack', [makeError()]],
  [
    'Error subclass with own name and field',
    [
      Object.assign(new ValidationError('too short', 'name'), {
        stack: 'ValidationError: too short\n    at program.js:1:1',
      }),
    ],
  ],
  [
    'Error subclass with inherited name',
    [
      (() => {
        const e = new QuietError('shh');
        e.stack = 'QuietError: shh\n    at x (program.js:2:2)';
        return e;
      })(),
    ],
  ],
  [
    'Error without stack frames',
    [
      (() => {
        const e = new Error('plain');
        e.stack = 'Error: plain';
        return e;
      })(),
    ],
  ],
  [
    'Error with cause',
    [
      (() => {
        const e = new Error('outer', { cause: new RangeError('inner') });
        e.stack = 'Error: outer\n    at a (p.js:1:1)';
        (e.cause as Error).stack = 'RangeError: inner\n    at b (p.js:2:2)';
        return e;
      })(),
    ],
  ],
  [
    'Error in an object',
    [
      {
        failed: (() => {
          const e = new Error('nested');
          e.stack = 'Error: nested\n    at p.js:1:1';
          return e;
        })(),
      },
    ],
  ],
  [
    'Error with empty message',
    [
      (() => {
        const e = new Error();
        e.stack = 'Error\n    at p.js:1:1';
        return e;
      })(),
    ],
  ],
  [
    'functions',
    [
      function named() {},
      () => {},
      (x: number) => x,
      async function fetchIt() {},
      function* gen() {},
      async function* agen() {},
    ],
  ],
  [
    'arrow assigned to a name',
    [
      (() => {
        const double = (x: number) => x * 2;
        return double;
      })(),
    ],
  ],
  ['classes', [Point, Derived, class {}]],
  ['function with props', [fnWithProps]],
  ['functions inside objects', [{ f: function f() {}, g: () => 1, C: Point }]],
  ['typed arrays', [new Uint8Array([1, 2, 3]), new Float64Array([0.5, -0, NaN]), new BigInt64Array([1n, -2n])]],
  ['long typed array', [new Int32Array(300)]],
  ['ArrayBuffer', [new Uint8Array([1, 2, 255]).buffer]],
  ['boxed primitives', [Object(1), Object('str'), Object(true)]],
  ['Promise', [new Promise(() => {})]],
  ['WeakMap and WeakSet', [new WeakMap(), new WeakSet()]],
  ['format %s with primitives', ['%s and %s and %s', 'str', 42, -0]],
  ['format %s with an object', ['got %s', { a: { b: { c: 1 } } }]],
  ['format %s with an array', ['got %s', [1, [2, [3]]]]],
  ['format %s with own toString', ['got %s', new Money(250)]],
  [
    'format %s with a function',
    [
      'got %s',
      function twice(x: number) {
        return x * 2;
      },
    ],
  ],
  ['format %s with an Error', ['got %s', makeError()]],
  ['format %s with bigint and symbol', ['%s %s', 5n, Symbol('q')]],
  ['format %d %i %f', ['%d %i %f', '42.5', 42.9, '3.25abc']],
  ['format %d with objects', ['%d %d %d', new Money(99), {}, new Date(5)]],
  ['format %i and %f with objects', ['%i %f', new Money(120), new Money(33)]],
  ['format %j', ['%j', { a: [1, 'x'], d: new Date(0), m: new Map([[1, 2]]) }]],
  ['format %j undefined and function', ['%j %j', undefined, () => 1]],
  ['format %j circular', ['%j', makeCycle()]],
  [
    'format %o',
    [
      '%o',
      {
        a: [1, 2],
        f: function f(a: number, b: number) {
          return a + b;
        },
      },
    ],
  ],
  ['format %O', ['%O', deep]],
  ['format %o deep', ['%o', deep]],
  ['format %c consumes an argument', ['%cstyled', 'color: red', 'after']],
  ['format %% and unknown placeholders', ['100%% %x %s', 'sure']],
  ['format with too few arguments', ['%s %s %d', 'only']],
  ['format with extra arguments', ['%s', 'a', 'b', { c: 1 }]],
  ['non-format first argument', [{ a: 1 }, '%s', 2]],
  ['string with percent but one argument', ['50% done']],
];

describe('toLoggable → fromLoggable prints like util.format', () => {
  it.each(cases)('%s', (_label, args) => {
    expect(roundTrip(args)).toBe(format(...args));
  });

  it('formatArgs is util.format of the rebuilt values', () => {
    const args = ['%s: %o', 'pairs', [['a', 1]]];
    expect(formatArgs(JSON.parse(JSON.stringify(toLoggable(args))))).toBe(format(...args));
  });

  it('prints a forgotten await as a pending promise, even where Node tags promises for async hooks', () => {
    // Playwright runs exposed functions under AsyncLocalStorage, whose promise
    // hooks add symbol keys to every promise created there.
    const printed = new AsyncLocalStorage().run({ zone: 1 }, () => roundTrip([{ count: new Promise(() => {}) }]));
    expect(printed).toBe('{ count: Promise { <pending> } }');
  });

  it('survives structuredClone as well as JSON', () => {
    const args = [{ m: new Map([[1, { s: new Set([NaN]) }]]) }, -0, 7n, undefined];
    expect(format(...fromLoggable(structuredClone(toLoggable(args))))).toBe(format(...args));
  });
});

describe('values that print themselves', () => {
  class FakeRDD {
    readonly id = 3;
    [kindlingInspect](): string {
      return 'MapPartitionsRDD[3] at map at program.js:4';
    }
    toString(): string {
      return 'MapPartitionsRDD[3] at map at program.js:4';
    }
  }

  it('prints the string from Symbol.for("kindling.inspect") verbatim', () => {
    expect(roundTrip([new FakeRDD()])).toBe('MapPartitionsRDD[3] at map at program.js:4');
  });

  it('prints it verbatim inside arrays and objects', () => {
    expect(roundTrip([[new FakeRDD()], { rdd: new FakeRDD() }])).toBe(
      '[ MapPartitionsRDD[3] at map at program.js:4 ] { rdd: MapPartitionsRDD[3] at map at program.js:4 }',
    );
  });

  it('uses its own toString for %s', () => {
    expect(roundTrip(['rdd: %s', new FakeRDD()])).toBe('rdd: MapPartitionsRDD[3] at map at program.js:4');
  });

  it('falls back to inspect for %s when toString is the built-in one', () => {
    const value = { [kindlingInspect]: () => 'custom!' };
    expect(roundTrip(['%s', value])).toBe('custom!');
  });

  it('ignores the method when it does not return a string', () => {
    const value = { a: 1, [kindlingInspect]: () => 42 };
    expect(roundTrip([value])).toBe(format({ a: 1, [kindlingInspect]: () => 42 }));
  });
});

describe('size limits', () => {
  it('sends at most about 100 items of a huge array yet prints its length', () => {
    const huge = Array.from({ length: 100_000 }, (_, i) => i);
    const wire = JSON.stringify(toLoggable([huge]));
    expect(wire.length).toBeLessThan(2_000);
    expect(roundTrip([huge])).toBe(format(huge));
  });

  it('does not send objects below the deepest level util.format prints', () => {
    let chain: Record<string, unknown> = { end: true };
    for (let i = 0; i < 50; i++) chain = { next: chain };
    const wire = JSON.stringify(toLoggable([chain]));
    expect(wire.length).toBeLessThan(1_000);
    expect(roundTrip([chain])).toBe(format(chain));
    expect(roundTrip(['%o', chain])).toBe(format('%o', chain));
  });

  it('prints an object reached first deep and then shallow like Node does', () => {
    const leaf = { x: { y: { z: 1 } } };
    const value = { a: { b: { c: { d: leaf } } }, leaf };
    expect(roundTrip([value])).toBe(format(value));
  });

  it('keeps a line when a value throws while being read', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys for you');
        },
      },
    );
    expect(() => toLoggable(['x', hostile])).not.toThrow();
    expect(roundTrip(['x', hostile])).toMatch(/^x /);
  });
});
