/**
 * Key equality as Spark programs expect it. In Scala and Python a pair key
 * `("a", 1)` equals every other `("a", 1)`; in JS two arrays are never `===`,
 * so a plain `Map` would treat each pair as a new key. `KeyMap` compares keys
 * by structure instead, and is what `reduceByKey`, `groupByKey`, `join`,
 * `distinct` and friends group by.
 *
 * The rules ({@link keyEquals}):
 * - primitives by SameValueZero, like `Map`: `1` and `"1"` differ, `1` and `1n`
 *   differ, `NaN` equals `NaN`, `-0` equals `0`;
 * - arrays element by element (holes count as `undefined`); plain objects (any
 *   prototype of `Object.prototype` or `null`) by their own enumerable string
 *   keys and values, whatever the key order; `Map`s by entries and `Set`s by
 *   elements, whatever the order; `Date`s by time; `RegExp`s by source and
 *   flags; typed arrays by kind and elements; `ArrayBuffer`s and `DataView`s by
 *   bytes;
 * - anything else (class instances, functions, symbols) by identity.
 *
 * Like a Java `HashMap`, a key must not be mutated while it is in a map.
 * Keys must be acyclic (a cyclic key overflows the stack).
 *
 * @module
 */

/**
 * Marks a storage key as not being the user's string. A structured key is
 * stored as MARK + its canonical form (which never starts with MARK); a user
 * string that starts with MARK is stored with one more MARK in front. So the
 * three kinds of stored string are told apart by their first two characters
 * and can never collide.
 */
const MARK = '\u0000';
const MARK_CODE = 0;

/** Kinds that compare by structure; everything else compares by identity. */
const Kind = {
  Identity: 0,
  Array: 1,
  Plain: 2,
  Date: 3,
  Map: 4,
  Set: 5,
  RegExp: 6,
  TypedArray: 7,
  DataView: 8,
  ArrayBuffer: 9,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function kindOf(value: object): Kind {
  if (Array.isArray(value)) return Kind.Array;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return Kind.Plain;
  if (value instanceof Date) return Kind.Date;
  if (value instanceof Map) return Kind.Map;
  if (value instanceof Set) return Kind.Set;
  if (value instanceof RegExp) return Kind.RegExp;
  if (value instanceof DataView) return Kind.DataView;
  if (ArrayBuffer.isView(value)) return Kind.TypedArray;
  if (value instanceof ArrayBuffer) return Kind.ArrayBuffer;
  return Kind.Identity;
}

/**
 * Whether two keys are the same key (see the module comment for the rules).
 * Keys that are equal have equal `hashCode`s and `compareKeys` gives 0 for them.
 *
 * @example
 * keyEquals(['a', 1], ['a', 1]);        // true
 * keyEquals({ x: 1, y: 2 }, { y: 2, x: 1 }); // true
 * keyEquals(1, '1');                    // false
 * keyEquals(NaN, NaN);                  // true
 */
export function keyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number') return typeof b === 'number' && a !== a && b !== b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  switch (kind) {
    case Kind.Identity:
      return false;
    case Kind.Array:
      return arraysEqual(a as readonly unknown[], b as readonly unknown[]);
    case Kind.Plain:
      return plainObjectsEqual(a, b);
    case Kind.Date:
      return keyEquals((a as Date).getTime(), (b as Date).getTime());
    case Kind.RegExp:
      return (a as RegExp).source === (b as RegExp).source && (a as RegExp).flags === (b as RegExp).flags;
    case Kind.TypedArray:
      return typedArrayTag(a) === typedArrayTag(b) && arraysEqual(a as ArrayLike<unknown>, b as ArrayLike<unknown>);
    case Kind.DataView:
    case Kind.ArrayBuffer:
      return arraysEqual(bytesOf(a), bytesOf(b));
    case Kind.Map:
      if ((a as Map<unknown, unknown>).size !== (b as Map<unknown, unknown>).size) return false;
      // Entries may be in any order and keys may be structured: compare canonical forms.
      return canonicalKey(a) === canonicalKey(b);
    case Kind.Set:
      if ((a as Set<unknown>).size !== (b as Set<unknown>).size) return false;
      return canonicalKey(a) === canonicalKey(b);
  }
}

function arraysEqual(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  const length = a.length;
  if (length !== b.length) return false;
  for (let i = 0; i < length; i++) if (!keyEquals(a[i], b[i])) return false;
  return true;
}

const isEnumerableOwn = Object.prototype.propertyIsEnumerable;

function plainObjectsEqual(a: object, b: object): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!isEnumerableOwn.call(b, key)) return false;
    if (!keyEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function typedArrayTag(value: object): string {
  return (value as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
}

function bytesOf(value: object): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  const view = value as ArrayBufferView;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// Identity-compared values inside structured keys get a stable id for their canonical form.
let nextIdentity = 0;
const objectIds = new WeakMap<object, number>();
// Symbols are not all valid WeakMap keys (registered ones are not); few programs use them as keys.
const symbolIds = new Map<symbol, number>();

function identityOf(value: object | symbol): number {
  if (typeof value === 'symbol') {
    let id = symbolIds.get(value);
    if (id === undefined) symbolIds.set(value, (id = nextIdentity++));
    return id;
  }
  let id = objectIds.get(value);
  if (id === undefined) objectIds.set(value, (id = nextIdentity++));
  return id;
}

/**
 * A string that is equal for two keys exactly when {@link keyEquals} says they
 * are: a prefix-free encoding with object keys, `Map` entries and `Set`
 * elements sorted. Identity-compared objects are encoded by a per-page id, so
 * the string is only meaningful within one worker.
 *
 * @example
 * canonicalKey(['a', 1]) === canonicalKey(['a', 1]); // true
 */
export function canonicalKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return `s${key.length}:${key}`;
    case 'number':
      // String(n) is unique per double except that -0 prints as "0", which is what SameValueZero wants.
      return `d${key};`;
    case 'boolean':
      return key ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return `b${key};`;
    case 'symbol':
      return `y${identityOf(key)};`;
    case 'function':
      return `o${identityOf(key)};`;
    default:
      return key === null ? 'n' : canonicalObject(key as object);
  }
}

function canonicalObject(value: object): string {
  switch (kindOf(value)) {
    case Kind.Identity:
      return `o${identityOf(value)};`;
    case Kind.Array:
      return canonicalElements('[', value as ArrayLike<unknown>, ']');
    case Kind.Plain: {
      const keys = Object.keys(value).sort();
      let out = '{';
      for (const key of keys) out += `${key.length}:${key}${canonicalKey((value as Record<string, unknown>)[key])}`;
      return `${out}}`;
    }
    case Kind.Date:
      return `D${(value as Date).getTime()};`;
    case Kind.RegExp:
      return `r${canonicalKey((value as RegExp).source)}${canonicalKey((value as RegExp).flags)}`;
    case Kind.TypedArray:
      return canonicalElements(`T${canonicalKey(typedArrayTag(value))}`, value as ArrayLike<unknown>, ')');
    case Kind.DataView:
      return `V${hexBytes(bytesOf(value))})`;
    case Kind.ArrayBuffer:
      return `A${hexBytes(bytesOf(value))})`;
    case Kind.Map: {
      const entries: string[] = [];
      for (const [k, v] of value as Map<unknown, unknown>) entries.push(canonicalKey(k) + canonicalKey(v));
      // Canonical keys are prefix-free and distinct, so sorting whole entries orders them by key.
      return `M${entries.sort().join('')})`;
    }
    case Kind.Set: {
      const elements: string[] = [];
      for (const element of value as Set<unknown>) elements.push(canonicalKey(element));
      return `S${elements.sort().join('')})`;
    }
  }
}

function canonicalElements(open: string, elements: ArrayLike<unknown>, close: string): string {
  let out = open;
  for (let i = 0; i < elements.length; i++) out += canonicalKey(elements[i]);
  return out + close;
}

function hexBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}

/**
 * Whether `key` is a number, or a string that does not start with MARK: a key
 * the native map (`primitiveStore`) holds under itself. The compiled map-side
 * combine (engine/executor/fused.ts) tests its keys with this before it looks
 * them up in that map directly.
 */
export function isPrimitiveStoreKey(key: unknown): key is string | number {
  return typeof key === 'string' ? key.charCodeAt(0) !== MARK_CODE : typeof key === 'number';
}

/** The key under which `key` is stored in the native map. */
function storageKeyOf(key: unknown): unknown {
  if (isPrimitiveStoreKey(key)) return key;
  if (typeof key === 'string') return MARK + key;
  if (typeof key !== 'object' || key === null) return key;
  const kind = kindOf(key);
  // Identity keys go into the native map as themselves: Map already compares objects by identity.
  return kind === Kind.Identity ? key : MARK + canonicalObject(key);
}

/** Whether a stored key is MARK + canonical form, i.e. stands for a structured key. */
function isStructuredStorageKey(stored: unknown): stored is string {
  return typeof stored === 'string' && stored.charCodeAt(0) === MARK_CODE && stored.charCodeAt(1) !== MARK_CODE;
}

/** Whether `key` is a number that is an int32 (`-0` included: it is the key `0`), the keys {@link IntTable} holds. */
function isInt32Key(key: unknown): key is number {
  return typeof key === 'number' && (key | 0) === key;
}

/**
 * Entries whose keys are all int32 numbers, in insertion order: an open-addressing
 * hash table of entry indexes over two packed arrays. Most keyed programs key
 * by small integers (`i % 10000`, ids, years); for them a lookup is a multiply,
 * a mask and a compare or two, where a native `Map` hashes through the
 * runtime, and the entries are two flat arrays the collector scans cheaply.
 * Keys are stored as `key | 0`, so `-0` is stored as `0`, as `Map` stores it.
 */
class IntTable<V> {
  /** Keys in insertion order. */
  readonly keys: number[] = [];
  /** `values[i]` belongs to `keys[i]`. */
  readonly values: V[] = [];
  /** Slot → entry index + 1; 0 is an empty slot. At most half full. */
  #slots = new Int32Array(16);
  #mask = 15;
  /** 32 − log2(slot count): a key's home slot is the top bits of its Fibonacci hash. */
  #shift = 28;

  /** The index of `key`'s entry, or -1. `key` must be an int32. */
  find(key: number): number {
    const slots = this.#slots;
    const keys = this.keys;
    const mask = this.#mask;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.#shift; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      if (keys[entry - 1] === key) return entry - 1;
    }
  }

  /** Appends an entry for `key`, which must be an int32 without one. */
  insert(key: number, value: V): void {
    const keys = this.keys;
    keys.push(key | 0);
    this.values.push(value);
    if (keys.length * 2 > this.#slots.length) this.#grow();
    else this.#place(keys.length - 1);
  }

  #place(entry: number): void {
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = Math.imul(this.keys[entry]!, 0x9e3779b1) >>> this.#shift;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = entry + 1;
  }

  #grow(): void {
    const size = this.#slots.length * 2;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
    this.#shift--;
    for (let entry = 0; entry < this.keys.length; entry++) this.#place(entry);
  }
}

/**
 * A `Map` whose keys compare by structure (see {@link keyEquals}): `['a', 1]`
 * finds the entry set with another `['a', 1]`. Primitive keys go straight into
 * a native `Map`; structured keys are stored under their canonical string.
 * Iteration is in insertion order across both kinds of key, and yields the
 * first key object that was set for each entry.
 *
 * @example
 * const counts = new KeyMap<[string, number], number>();
 * counts.set(['a', 1], 1);
 * counts.set(['a', 1], counts.get(['a', 1])! + 1);
 * counts.size;           // 1
 * [...counts];           // [[['a', 1], 2]]
 */
export class KeyMap<K, V> implements Iterable<[K, V]> {
  /**
   * All entries while every key set so far is an int32 number; `null` once
   * another key went in, and from then on everything is in `#values` (moved
   * there in insertion order, so iteration order is unchanged).
   */
  #ints: IntTable<V> | null = new IntTable();
  /** Storage key → value, in insertion order. */
  readonly #values = new Map<unknown, V>();
  /** For structured keys: storage key → the key object as first set. */
  readonly #structuredKeys = new Map<string, K>();

  constructor(entries?: Iterable<readonly [K, V]>) {
    if (entries) for (const [key, value] of entries) this.set(key, value);
  }

  get size(): number {
    const ints = this.#ints;
    return ints !== null ? ints.keys.length : this.#values.size;
  }

  get(key: K): V | undefined {
    const ints = this.#ints;
    if (ints !== null) {
      // Only int32 keys are in the table, so any other key is absent.
      if (!isInt32Key(key)) return undefined;
      const entry = ints.find(key);
      return entry >= 0 ? ints.values[entry] : undefined;
    }
    return this.#values.get(storageKeyOf(key));
  }

  has(key: K): boolean {
    const ints = this.#ints;
    if (ints !== null) return isInt32Key(key) && ints.find(key) >= 0;
    return this.#values.has(storageKeyOf(key));
  }

  set(key: K, value: V): this {
    const ints = this.#ints;
    if (ints !== null) {
      if (isInt32Key(key)) {
        const entry = ints.find(key);
        if (entry >= 0) ints.values[entry] = value;
        else ints.insert(key, value);
        return this;
      }
      this.#leaveInts(ints);
    }
    const stored = storageKeyOf(key);
    if (isStructuredStorageKey(stored) && !this.#structuredKeys.has(stored)) this.#structuredKeys.set(stored, key);
    this.#values.set(stored, value);
    return this;
  }

  delete(key: K): boolean {
    const ints = this.#ints;
    if (ints !== null) {
      if (!isInt32Key(key) || ints.find(key) < 0) return false;
      // The table has no deletion: the entries move to the general map, which has.
      this.#leaveInts(ints);
    }
    const stored = storageKeyOf(key);
    if (!this.#values.delete(stored)) return false;
    if (isStructuredStorageKey(stored)) this.#structuredKeys.delete(stored);
    return true;
  }

  clear(): void {
    this.#ints = new IntTable();
    this.#values.clear();
    this.#structuredKeys.clear();
  }

  /**
   * The value for `key`, or `make(key)` stored and returned when there is none:
   * one key encoding instead of a `get` then a `set`.
   *
   * @example
   * groups.getOrInsert(key, () => []).push(value);
   */
  getOrInsert(key: K, make: (key: K) => V): V {
    const ints = this.#ints;
    if (ints !== null) {
      if (isInt32Key(key)) {
        const entry = ints.find(key);
        if (entry >= 0) return ints.values[entry] as V;
        const value = make(key);
        this.set(key, value);
        return value;
      }
      this.#leaveInts(ints);
    }
    const stored = storageKeyOf(key);
    const values = this.#values;
    if (values.has(stored)) return values.get(stored) as V;
    const value = make(key);
    if (isStructuredStorageKey(stored)) this.#structuredKeys.set(stored, key);
    values.set(stored, value);
    return value;
  }

  /**
   * Folds `value` into `key`'s entry with one key encoding and one lookup
   * where `get`, `has` and `set` would take three: the entry becomes
   * `create(value)` when `key` has none, else `merge(current, value)` (also
   * when the current value is `undefined`). Returns the entry's new value.
   * An aggregation by key calls this once per record.
   *
   * @example
   * counts.combine(word, 1, (v) => v, (a, b) => a + b);
   */
  combine<T>(key: K, value: T, create: (value: T) => V, merge: (current: V, value: T) => V): V {
    const ints = this.#ints;
    if (ints !== null) {
      if (isInt32Key(key)) {
        const entry = ints.find(key);
        if (entry >= 0) {
          const current = ints.values[entry] as V;
          const merged = merge(current, value);
          if (merged !== current) ints.values[entry] = merged;
          return merged;
        }
        const created = create(value);
        // `create` is user code: it may have set keys (even left the int table) since the lookup.
        this.set(key, created);
        return created;
      }
      this.#leaveInts(ints);
    }
    const stored = storageKeyOf(key);
    const values = this.#values;
    const current = values.get(stored);
    if (current !== undefined || values.has(stored)) {
      const merged = merge(current as V, value);
      // Setting an existing key keeps its place in the iteration order, so skipping an unchanged one is safe.
      if (merged !== current) values.set(stored, merged);
      return merged;
    }
    const created = create(value);
    if (isStructuredStorageKey(stored)) this.#structuredKeys.set(stored, key);
    values.set(stored, created);
    return created;
  }

  /**
   * The native map behind this one once it holds any key that is not an
   * int32 (null before): a key that passes {@link isPrimitiveStoreKey} is
   * stored in it under itself, so fused code (engine/executor/fused.ts) may
   * get and set such keys there directly, until {@link clear}.
   */
  primitiveStore(): Map<unknown, V> | null {
    return this.#ints === null ? this.#values : null;
  }

  forEach(callback: (value: V, key: K, map: this) => void): void {
    for (const [key, value] of this) callback(value, key, this);
  }

  *entries(): IterableIterator<[K, V]> {
    // Entries set while iterating are visited, as with a Map's iterator, also when the map leaves the int table.
    let seen = 0;
    for (let ints = this.#ints; ints !== null && seen < ints.keys.length; ints = this.#ints) {
      yield [ints.keys[seen] as K, ints.values[seen] as V];
      seen++;
    }
    if (this.#ints !== null) return;
    for (const [stored, value] of this.#values) {
      if (seen > 0) seen--;
      else yield [this.#keyOf(stored), value];
    }
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'KeyMap';
  }

  /** Moves the int table's entries into the general map, in their order, for a key the table cannot hold. */
  #leaveInts(ints: IntTable<V>): void {
    const keys = ints.keys;
    const values = ints.values;
    for (let i = 0; i < keys.length; i++) this.#values.set(keys[i], values[i] as V);
    this.#ints = null;
  }

  #keyOf(stored: unknown): K {
    if (typeof stored === 'string' && stored.charCodeAt(0) === MARK_CODE) {
      return stored.charCodeAt(1) === MARK_CODE ? (stored.slice(1) as K) : this.#structuredKeys.get(stored)!;
    }
    return stored as K;
  }
}
