/**
 * The default key ordering, Spark's implicit `Ordering[K]` for JS values. It is
 * what `sortByKey`, `sortBy`, `takeOrdered`, `top`, `min`, `max` and
 * `RangePartitioner` use when no comparator is given.
 *
 * Within a type it follows the JVM:
 * - numbers numerically, `NaN` after everything (as `java.lang.Double.compare`);
 *   `-0` equals `0` (unlike `Double.compare`, because keys cannot tell them
 *   apart anywhere else: `Map`, `keyEquals`, `hashCode`);
 * - bigints numerically, and comparable with numbers (`1 < 2n`); a number and a
 *   bigint of equal value order the number first, so distinct keys never tie;
 * - strings by UTF-16 code units (`String.compareTo`): `"B" < "a"`, `"a" < "aa"`;
 * - `false < true`;
 * - `Date`s by time, an invalid date last;
 * - arrays (pairs, tuples) element by element, then the shorter first
 *   (Scala's tuple and `Seq` orderings);
 * - plain objects as their entries sorted by key; `Map`s as their entries sorted
 *   by key; `Set`s as their sorted elements; typed arrays by kind, then
 *   elements; `ArrayBuffer`/`DataView` by bytes; `RegExp`s by source, then flags.
 *
 * Across types Spark would throw a `ClassCastException`; a learner's sort
 * should not crash, so types are ranked instead, in this order:
 *
 * `null` < `undefined` < booleans < numbers and bigints < strings < `Date`s <
 * arrays < plain objects < `Map`s < `Set`s < typed arrays <
 * `ArrayBuffer`s/`DataView`s < `RegExp`s < symbols < anything else.
 *
 * Symbols, functions and class instances have no order among themselves
 * (they compare as 0); for every other key, `compareKeys(a, b) === 0` exactly
 * when `keyEquals(a, b)`.
 *
 * @module
 */

/** A comparator: negative, zero or positive, like `Array.prototype.sort` expects. */
export type Comparator<T = unknown> = (a: T, b: T) => number;

const Rank = {
  Null: 0,
  Undefined: 1,
  Boolean: 2,
  Numeric: 3,
  String: 4,
  Date: 5,
  Array: 6,
  Plain: 7,
  Map: 8,
  Set: 9,
  TypedArray: 10,
  Binary: 11,
  RegExp: 12,
  Symbol: 13,
  Other: 14,
} as const;
type Rank = (typeof Rank)[keyof typeof Rank];

function rankOf(value: unknown): Rank {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return Rank.Numeric;
    case 'string':
      return Rank.String;
    case 'boolean':
      return Rank.Boolean;
    case 'undefined':
      return Rank.Undefined;
    case 'symbol':
      return Rank.Symbol;
    case 'function':
      return Rank.Other;
  }
  if (value === null) return Rank.Null;
  if (Array.isArray(value)) return Rank.Array;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return Rank.Plain;
  if (value instanceof Date) return Rank.Date;
  if (value instanceof Map) return Rank.Map;
  if (value instanceof Set) return Rank.Set;
  if (value instanceof RegExp) return Rank.RegExp;
  if (value instanceof DataView || value instanceof ArrayBuffer) return Rank.Binary;
  if (ArrayBuffer.isView(value)) return Rank.TypedArray;
  return Rank.Other;
}

/**
 * Compares two keys in the default ordering (see the module comment).
 *
 * `Array.prototype.sort` never passes `undefined` to a comparator: it moves
 * undefined elements to the end itself. Sorting pairs is unaffected (the
 * comparator sees the arrays); to sort bare keys that may be `undefined` in
 * this ordering, sort them boxed, e.g. as `{ key }`.
 *
 * @example
 * [3, NaN, -1].sort(compareKeys);                 // [-1, 3, NaN]
 * [['b', 1], ['a', 2], ['a', 1]].sort(compareKeys); // [['a', 1], ['a', 2], ['b', 1]]
 * ['b', 2, null, 'a'].sort(compareKeys);          // [null, 2, 'a', 'b']
 */
export function compareKeys(a: unknown, b: unknown): number {
  // The two shapes almost every sort sees, before any type ranking.
  if (typeof a === 'number' && typeof b === 'number') return compareNumeric(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const rank = rankOf(a);
  const otherRank = rankOf(b);
  if (rank !== otherRank) return rank < otherRank ? -1 : 1;
  switch (rank) {
    case Rank.Null:
    case Rank.Undefined:
    case Rank.Symbol:
    case Rank.Other:
      return 0;
    case Rank.Boolean:
      return a === b ? 0 : a ? 1 : -1;
    case Rank.Numeric:
      return compareNumeric(a as number | bigint, b as number | bigint);
    case Rank.String:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case Rank.Date:
      return compareNumeric((a as Date).getTime(), (b as Date).getTime());
    case Rank.Array:
      return compareSequences(a as readonly unknown[], b as readonly unknown[]);
    case Rank.Plain:
      return compareSequences(sortedEntries(Object.entries(a as object)), sortedEntries(Object.entries(b as object)));
    case Rank.Map:
      return compareSequences(
        sortedEntries([...(a as Map<unknown, unknown>)]),
        sortedEntries([...(b as Map<unknown, unknown>)]),
      );
    case Rank.Set:
      return compareSequences([...(a as Set<unknown>)].sort(compareKeys), [...(b as Set<unknown>)].sort(compareKeys));
    case Rank.TypedArray: {
      const byKind = compareKeys(tagOf(a as object), tagOf(b as object));
      return byKind !== 0 ? byKind : compareSequences(a as ArrayLike<unknown>, b as ArrayLike<unknown>);
    }
    case Rank.Binary: {
      const byKind = compareKeys(tagOf(a as object), tagOf(b as object));
      return byKind !== 0 ? byKind : compareSequences(bytesOf(a as object), bytesOf(b as object));
    }
    case Rank.RegExp: {
      const bySource = compareKeys((a as RegExp).source, (b as RegExp).source);
      return bySource !== 0 ? bySource : compareKeys((a as RegExp).flags, (b as RegExp).flags);
    }
  }
}

/**
 * The reverse of an ordering, as Scala's `Ordering.reverse`: what `top` and
 * `sortByKey(false)` use.
 *
 * @example
 * [1, 3, 2].sort(reverseOrdering()); // [3, 2, 1]
 */
export function reverseOrdering<T = unknown>(compare: Comparator<T> = compareKeys): Comparator<T> {
  return (a, b) => compare(b, a);
}

/** Numbers and bigints by value; NaN last and equal to itself; at equal value a number before a bigint. */
function compareNumeric(a: number | bigint, b: number | bigint): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aIsNaN = a !== a;
  const bIsNaN = b !== b;
  if (aIsNaN || bIsNaN) return aIsNaN === bIsNaN ? 0 : aIsNaN ? 1 : -1;
  // Equal in value but one is a bigint (1 == 1n).
  return typeof a === 'number' ? -1 : 1;
}

/** Lexicographic, then the shorter first. */
function compareSequences(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const byElement = compareKeys(a[i], b[i]);
    if (byElement !== 0) return byElement;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Entries sorted by key then value, so that equal collections compare equal whatever their insertion order. */
function sortedEntries(entries: [unknown, unknown][]): [unknown, unknown][] {
  return entries.sort(compareKeys);
}

function tagOf(value: object): string {
  return Object.prototype.toString.call(value);
}

function bytesOf(value: object): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  const view = value as ArrayBufferView;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
