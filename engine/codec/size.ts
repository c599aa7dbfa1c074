import { mulberry32 } from '../util/random/mulberry32';
/**
 * Approximate in-memory size of JS values, the way Spark's `SizeEstimator`
 * sizes JVM objects: for memory budgets (when to spill, what fits in the
 * memory store) and the "Memory Size" column of the Storage tab.
 *
 * It walks the value graph once, counting each object once however many times
 * it is referenced (like `SizeEstimator`'s identity set), so shared references
 * and cycles are fine. Costs are those of V8 as Chrome ships it: 64-bit with
 * pointer compression, so a reference ("slot") is 4 bytes. They are estimates
 * of the heap layout, not measurements:
 *
 * | value | bytes |
 * |---|---|
 * | `undefined`, `null`, booleans | 0 (shared singletons; the slot is charged to its container) |
 * | number, a small integer (−2^30 ≤ n < 2^30) | 0 (stored inside the slot, a "Smi") |
 * | any other number | 12 (a HeapNumber: 4 header + 8), or 8 per element inside a number-only array (V8 unboxes those) |
 * | string | 12 header + 1 per char if every char ≤ U+00FF, else 2 per char; rounded up to 4 |
 * | bigint | 8 header + 8 per 64 bits of magnitude |
 * | symbol | 16 |
 * | array | 16 + 8 + 4 per element (8 per element for number-only arrays with a non-Smi), plus the elements |
 * | plain object / class instance | 12 + 4 per own property (property names live in shared hidden classes and are not charged); 28 + 24 per property beyond 128 properties (V8's dictionary mode), plus the values |
 * | `Map` | 36 + 14 per table slot (capacity = the next power of two ≥ size, at least 4), plus keys and values |
 * | `Set` | 36 + 10 per table slot, plus the elements |
 * | `Date` | 60 |
 * | `RegExp` | 84 + its source string (compiled code is not counted) |
 * | `ArrayBuffer` | 56 + `byteLength` |
 * | typed array, `DataView` | 64 + its buffer (counted once if shared) |
 * | function | 32 (its closure's variables are not followed) |
 *
 * Big collections are sampled as `SizeEstimator` samples arrays: past 400
 * elements, two samples of 100 distinct indices are drawn with a fixed seed,
 * and the total is `max(s1, s2) + min(s1, s2) · (n − 100) / 100` (Spark uses
 * integer division for the factor; this does not). `Map`s, `Set`s and objects
 * past 400 entries, which cannot be indexed, are sampled with a fixed stride.
 *
 * @module
 */

const SLOT = 4;
const HEAP_NUMBER = 12;
const DOUBLE = 8;
const STRING_HEADER = 12;
const BIGINT_HEADER = 8;
const SYMBOL = 16;
const ARRAY_HEADER = 16;
const ELEMENTS_HEADER = 8;
const OBJECT_HEADER = 12;
const FAST_PROPERTIES_MAX = 128;
const DICTIONARY_HEADER = 28;
const DICTIONARY_PER_PROPERTY = 24;
const HASH_TABLE_HEADER = 36;
const MAP_PER_SLOT = 14;
const SET_PER_SLOT = 10;
const MIN_HASH_CAPACITY = 4;
const DATE = 60;
const REGEXP = 84;
const ARRAY_BUFFER = 56;
const ARRAY_BUFFER_VIEW = 64;
const FUNCTION = 32;

const SMI_MIN = -(2 ** 30);
const SMI_MAX = 2 ** 30 - 1;

// As SizeEstimator: collections up to this size are walked fully.
const SIZE_FOR_SAMPLING = 400;
const SAMPLE_SIZE = 100;
const SAMPLE_SEED = 42;

const TWO_BYTE_CHAR = /[\u0100-\uffff]/;

/**
 * The approximate number of bytes `value` occupies in memory, counting
 * everything reachable from it once. Cheap on big arrays (it samples them).
 * See the module comment for the cost of each type.
 *
 * @example
 * estimateSize('spark');           // 20: 12 header + 5 one-byte chars, rounded up to 4
 * estimateSize([1, 2, 3]);         // 36: 16 array + 8 + 3 slots, small ints inline
 * estimateSize(new Array(1e6).fill(['w', 1])); // ≈ 4 MB of slots + one shared pair
 */
export function estimateSize(value: unknown): number {
  return Math.round(estimateGraph(value, new Set<object>()));
}

function estimateGraph(root: unknown, visited: Set<object>): number {
  if (typeof root !== 'object' && typeof root !== 'function') return primitiveSize(root);
  if (root === null || visited.has(root)) return 0;
  visited.add(root);
  const pending: object[] = [root];
  let size = 0;
  while (pending.length > 0) size += visitObject(pending.pop()!, visited, pending);
  return size;
}

/** Heap bytes of a primitive; the slot that holds it is charged to its container. */
function primitiveSize(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return isSmi(value) ? 0 : HEAP_NUMBER;
    case 'string':
      return stringSize(value);
    case 'bigint':
      return BIGINT_HEADER + DOUBLE * Math.ceil(bigintBits(value) / 64);
    case 'symbol':
      return SYMBOL;
    default:
      return 0;
  }
}

function isSmi(value: number): boolean {
  return Number.isInteger(value) && value >= SMI_MIN && value <= SMI_MAX && !Object.is(value, -0);
}

function stringSize(value: string): number {
  const bytesPerChar = TWO_BYTE_CHAR.test(value) ? 2 : 1;
  return roundUp4(STRING_HEADER + bytesPerChar * value.length);
}

function roundUp4(bytes: number): number {
  return (bytes + 3) & ~3;
}

function bigintBits(value: bigint): number {
  if (value === 0n) return 0;
  return (value < 0n ? -value : value).toString(16).length * 4;
}

/**
 * The shallow size of `object`, plus its primitive children; object children
 * not seen before are pushed on `pending` (and marked visited, so each is
 * counted once).
 */
function visitObject(object: object, visited: Set<object>, pending: object[]): number {
  const child = (value: unknown): number => {
    if (typeof value === 'object' || typeof value === 'function') {
      if (value !== null && !visited.has(value)) {
        visited.add(value);
        pending.push(value);
      }
      return 0;
    }
    return primitiveSize(value);
  };

  if (Array.isArray(object)) return arraySize(object, visited, child);
  if (typeof object === 'function') return FUNCTION;
  // Sampled entries are sized deeply on the spot (their object children cannot
  // wait on `pending`, or they would escape the scaling).
  const deep = (value: unknown): number => estimateGraph(value, visited);

  if (object instanceof Map) {
    const size = HASH_TABLE_HEADER + MAP_PER_SLOT * hashCapacity(object.size);
    return size + sampleIterable(object.entries(), object.size, child, deep, ([key, value], of) => of(key) + of(value));
  }
  if (object instanceof Set) {
    const size = HASH_TABLE_HEADER + SET_PER_SLOT * hashCapacity(object.size);
    return size + sampleIterable(object.values(), object.size, child, deep, (element, of) => of(element));
  }
  if (object instanceof Date) return DATE;
  if (object instanceof RegExp) return REGEXP + stringSize(object.source);
  if (object instanceof ArrayBuffer) return ARRAY_BUFFER + object.byteLength;
  if (typeof SharedArrayBuffer === 'function' && object instanceof SharedArrayBuffer) {
    return ARRAY_BUFFER + object.byteLength;
  }
  if (ArrayBuffer.isView(object)) return ARRAY_BUFFER_VIEW + child(object.buffer);

  // Plain objects and instances of other classes: their own enumerable properties.
  const keys = Object.keys(object);
  const count = keys.length;
  let size =
    count <= FAST_PROPERTIES_MAX ? OBJECT_HEADER + SLOT * count : DICTIONARY_HEADER + DICTIONARY_PER_PROPERTY * count;
  const record = object as Record<string, unknown>;
  size += sampleIterable(keys.values(), count, child, deep, (key, of) => of(record[key]));
  return size;
}

function hashCapacity(size: number): number {
  let capacity = MIN_HASH_CAPACITY;
  while (capacity < size) capacity *= 2;
  return capacity;
}

function arraySize(array: readonly unknown[], visited: Set<object>, child: (value: unknown) => number): number {
  const length = array.length;
  if (length === 0) return ARRAY_HEADER; // V8 shares one empty backing store
  if (length <= SIZE_FOR_SAMPLING) {
    // The common case (groupByKey's groups of numbers, aggregation samples) sized in one pass without calls.
    const numbers = numberElements(array);
    if (numbers === NumberElements.Smis) return ARRAY_HEADER + ELEMENTS_HEADER + SLOT * length;
    if (numbers === NumberElements.Doubles) return ARRAY_HEADER + ELEMENTS_HEADER + DOUBLE * length;
    let size = ARRAY_HEADER + ELEMENTS_HEADER + SLOT * length;
    for (let i = 0; i < length; i++) size += child(array[i]);
    return size;
  }

  const indices = sampleIndices(length, 2 * SAMPLE_SIZE);
  const sampled = indices.map((i) => array[i]);
  if (isUnboxedDoubles(sampled)) return ARRAY_HEADER + ELEMENTS_HEADER + DOUBLE * length;
  // Each sampled element is sized with the shared visited set, so an object the
  // samples have in common (or the rest of the graph already holds) is counted once.
  let first = 0;
  let second = 0;
  for (let i = 0; i < SAMPLE_SIZE; i++) first += estimateGraph(sampled[i], visited);
  for (let i = SAMPLE_SIZE; i < 2 * SAMPLE_SIZE; i++) second += estimateGraph(sampled[i], visited);
  const elements = Math.max(first, second) + (Math.min(first, second) * (length - SAMPLE_SIZE)) / SAMPLE_SIZE;
  return ARRAY_HEADER + ELEMENTS_HEADER + SLOT * length + elements;
}

const NumberElements = { Other: 0, Smis: 1, Doubles: 2 } as const;
type NumberElements = (typeof NumberElements)[keyof typeof NumberElements];

/**
 * Whether `array` holds only numbers, and then whether all are Smis (each
 * costs its slot) or not (V8 unboxes them: 8 bytes each), as
 * {@link isUnboxedDoubles} and {@link primitiveSize} would tell element by element.
 */
function numberElements(array: readonly unknown[]): NumberElements {
  let smis = true;
  for (let i = 0; i < array.length; i++) {
    const value = array[i];
    if (typeof value !== 'number') return NumberElements.Other;
    // isSmi inlined: an int32 in Smi range that is not -0.
    if (smis && !((value | 0) === value && value >= SMI_MIN && value <= SMI_MAX && (value !== 0 || 1 / value > 0)))
      smis = false;
  }
  return smis ? NumberElements.Smis : NumberElements.Doubles;
}

/** Whether V8 would keep these elements unboxed: all numbers, at least one of them not a Smi. */
function isUnboxedDoubles(values: ArrayLike<unknown>): boolean {
  let anyHeapNumber = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number') return false;
    if (!anyHeapNumber && !isSmi(value)) anyHeapNumber = true;
  }
  return anyHeapNumber;
}

/** `count` distinct indices in `[0, length)`, always the same ones for the same length. */
function sampleIndices(length: number, count: number): number[] {
  const random = mulberry32(SAMPLE_SEED);
  const drawn = new Set<number>();
  const indices: number[] = [];
  while (indices.length < count) {
    const index = Math.floor(random() * length);
    if (!drawn.has(index)) {
      drawn.add(index);
      indices.push(index);
    }
  }
  return indices;
}

/**
 * Σ size(item) over all items when there are at most SIZE_FOR_SAMPLING (with
 * `shallow`, which leaves object children to the caller's walk), else over
 * every k-th item sized with `deep`, scaled up to the whole.
 */
function sampleIterable<T>(
  items: Iterator<T>,
  count: number,
  shallow: (value: unknown) => number,
  deep: (value: unknown) => number,
  sizeOf: (item: T, measure: (value: unknown) => number) => number,
): number {
  let total = 0;
  if (count <= SIZE_FOR_SAMPLING) {
    for (let next = items.next(); !next.done; next = items.next()) total += sizeOf(next.value, shallow);
    return total;
  }
  const stride = Math.ceil(count / (2 * SAMPLE_SIZE));
  let sampled = 0;
  let index = 0;
  for (let next = items.next(); !next.done; next = items.next(), index++) {
    if (index % stride !== 0) continue;
    total += sizeOf(next.value, deep);
    sampled++;
  }
  return (total * count) / sampled;
}
