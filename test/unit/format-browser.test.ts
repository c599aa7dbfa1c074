// The playground's console formatter must print what Node prints, so the
// playground and the headless runner show the same lines. Node's own
// util.inspect / util.format is the oracle.
import { format, inspect as nodeInspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fromLoggable, toLoggable } from '../../engine/runner/loggable';
import { formatLogArgs, inspect } from '../../playground/format-browser';

class Point {
  x = 1;
  y = 2;
}
class Animal {}
class Dog extends Animal {}
const circular: Record<string, unknown> = { name: 'root' };
circular.self = circular;
circular.children = [{ parent: circular }];
const sparse = [1, , 3, , , 6]; // eslint-disable-line no-sparse-arrays
const withExtras = Object.assign([1, 2], { label: 'pair' });
const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
const errorWithCode = Object.assign(new Error('no such file'), { code: 'ENOENT' });
const withSymbol = { [Symbol('id')]: 7, plain: true };

const values: [string, unknown][] = [
  ['integers', 42],
  ['negative zero', -0],
  ['NaN and Infinity', [NaN, Infinity, -Infinity]],
  ['bigint', 10n],
  ['booleans, null, undefined', [true, false, null, undefined]],
  ['symbol', Symbol('s')],
  ['nested string quoted with single quotes', ['spark']],
  ["string containing ' uses double quotes", ["it's"]],
  ['string containing both quotes uses backticks', [`say "hi", it's`]],
  ['string with all three quotes escapes the single quote', [`x\`\${y}'"`]],
  ['lone surrogates and C1 controls are escaped', ['a\ud800b\x85']],
  ['control characters are escaped', ['tab\there\nnew\x00\x7f\\']],
  [
    'long string with newlines is split',
    ['line one\n' + 'line two is long enough to pass the break length of eighty'.repeat(2)],
  ],
  ['long string without newlines stays whole', ['x'.repeat(120)]],
  ['empty containers', [[], {}, new Map(), new Set()]],
  [
    'word-count pairs',
    [
      ['spark', 3],
      ['shuffle', 1],
      ['stage', 2],
      ['task', 1],
    ],
  ],
  ['many pairs do not group into columns', Array.from({ length: 12 }, (_, i) => [`word${i}`, i * 3])],
  ['many numbers group right-aligned', Array.from({ length: 30 }, (_, i) => i * 7)],
  ['many strings group left-aligned', Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 5))],
  ['many small objects', Array.from({ length: 12 }, (_, i) => ({ a: i }))],
  ['more than 100 items', Array.from({ length: 150 }, (_, i) => i)],
  ['more than 100 strings', Array.from({ length: 120 }, (_, i) => `s${i}`)],
  ['object', { a: 1, b: 'two', c: [3] }],
  ['keys that need quotes', { 'a-b': 1, 2: 3, _ok: true, __proto__x: 1 }],
  ['nesting beyond depth 2', { a: { b: { c: { d: 1 } } }, arr: [[[[1]]]] }],
  ['wide object breaks lines', { first: 'a'.repeat(30), second: 'b'.repeat(30), third: 'c'.repeat(30) }],
  ['deeply compact nesting', { a: [1, 2, 3], b: { inner: [1, 2, 3], more: { x: 1 } } }],
  [
    'map',
    new Map<unknown, unknown>([
      ['a', 1],
      ['b', { c: [1, 2] }],
    ]),
  ],
  ['set', new Set([1, 'x', [2]])],
  ['map of many entries', new Map(Array.from({ length: 8 }, (_, i) => [`key${i}`, i]))],
  ['class instance', new Point()],
  ['null prototype', [Object.create(null), nullProto]],
  ['circular', circular],
  ['sparse array', sparse],
  ['array with extra keys', withExtras],
  ['date', new Date(0)],
  ['invalid date', new Date(NaN)],
  ['regexp', /a+b/gi],
  ['functions', [function named() {}, () => {}, async () => {}, function* gen() {}]],
  ['classes', [Point, Dog]],
  ['class whose heritage is an expression with a call', [class extends (() => Animal)() {}]],
  ['typed arrays', [new Uint8Array([1, 2, 3]), new Float64Array(0), new BigInt64Array([1n])]],
  ['long typed array', new Int32Array(120)],
  ['array buffer', new Uint8Array([1, 255, 16]).buffer],
  ['boxed primitives', [Object(1), Object('ab'), Object(true), Object(2n)]],
  ['symbol keys', withSymbol],
  ['error without stack frames', Object.assign(new Error('boom'), { stack: 'Error: boom' })],
  ['error with extra property and no frames', Object.assign(errorWithCode, { stack: 'Error: no such file' })],
  ['nested error', { failure: Object.assign(new TypeError('bad'), { stack: 'TypeError: bad' }) }],
  ['weak collections', [new WeakMap(), new WeakSet()]],
];

describe('inspect matches Node util.inspect', () => {
  it.each(values)('%s', (_name, value) => {
    expect(inspect(value)).toBe(nodeInspect(value));
  });

  it('formats an error with a stack trace like Node', () => {
    const error = new RangeError('out of range');
    expect(inspect(error)).toBe(nodeInspect(error));
    expect(inspect({ error })).toBe(nodeInspect({ error }));
  });

  it('honours a depth option', () => {
    const nested = { a: { b: { c: { d: { e: 1 } } } } };
    expect(inspect(nested, { depth: 0 })).toBe('{ a: [Object] }');
    expect(inspect(nested, { depth: 4 })).toBe(nodeInspect(nested, { depth: 4 }));
  });
});

describe('formatLogArgs matches console.log (util.format)', () => {
  const calls: [string, unknown[]][] = [
    ['a top-level string is printed unquoted', ['hello world']],
    ['several arguments joined by spaces', ['count', 42, 'words', ['a', 1]]],
    ['a leading non-string', [[1, 2], 'after']],
    ['%s %d %i %f', ['%s:%d:%i:%f', 'a', 1.5, 2.7, '3.5']],
    ['%j and %O', ['%j %O', { a: 1 }, { b: [2] }]],
    ['%c is dropped', ['%cstyled', 'color: red']],
    ['%% and unknown placeholders', ['100%% sure, %x stays', 'extra']],
    ['more placeholders than arguments', ['%s and %s', 'one']],
    ['%s on an object with a user toString', ['%s', { toString: () => 'custom' }]],
    ['%s on a plain object inspects at depth 0', ['%s', { a: { b: 1 } }]],
    ['%s on a bigint and -0', ['%s %s', 5n, -0]],
    ['%d on a symbol', ['%d', Symbol('x')]],
    ['%j on a circular value', ['%j', circular]],
    ['no arguments', []],
  ];

  it.each(calls)('%s', (_name, args) => {
    expect(formatLogArgs(args)).toBe(format(...args));
  });
});

describe('what the playground prints for a console call that crossed the worker boundary', () => {
  // The playground shows formatLogArgs(fromLoggable(args)), the headless runner util.format(...fromLoggable(args)):
  // both must print the same line for the same decoded values (stand-ins for omitted, coerced and
  // self-printing values included). Whether decoding is faithful is loggable.ts's own test's business.
  it.each(values)('%s', (_name, value) => {
    const decoded = fromLoggable(toLoggable(['value:', value]));
    expect(formatLogArgs(decoded)).toBe(format(...decoded));
  });

  it('prints values that print themselves (like RDDs) as their own text', () => {
    const rdd = { [Symbol.for('kindling.inspect')]: () => 'MapPartitionsRDD[3] at map at program.js:4' };
    const decoded = fromLoggable(toLoggable(['lineage:', { rdd }]));
    expect(formatLogArgs(decoded)).toBe('lineage: { rdd: MapPartitionsRDD[3] at map at program.js:4 }');
  });

  it('keeps placeholders working after encoding', () => {
    const args: unknown[] = ['%s has %d items: %j', { toString: () => 'basket' }, '3', { a: [1] }];
    expect(formatLogArgs(fromLoggable(toLoggable(args)))).toBe('basket has 3 items: {"a":[1]}');
  });

  it('shows objects too deep to send the way Node shows objects too deep to print', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
    const decoded = fromLoggable(toLoggable(['%o', deep]));
    expect(formatLogArgs(decoded)).toBe(format('%o', deep));
  });
});
