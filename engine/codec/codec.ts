/**
 * The binary codec records travel in: partition data sent to executors, shuffle
 * blocks written to IndexedDB, task results sent back to the driver. Spark moves
 * bytes between JVMs, not object graphs; this is our equivalent, so a shuffle of
 * 100k records becomes one transferable buffer instead of a structured clone of
 * 100k objects.
 *
 * What round-trips exactly: `undefined`, `null`, booleans, every number (int32s,
 * doubles, `NaN`, `±Infinity`, `-0`), bigints, every string (including non-BMP
 * characters, a leading U+FEFF and lone surrogates), arrays, plain objects
 * (prototype `Object.prototype` or `null`), `Map`, `Set`, `Date`, `RegExp`,
 * `ArrayBuffer`, typed arrays and `DataView`.
 *
 * What does not survive, by design:
 * - Shared references are copied: `[x, x]` decodes to two equal but distinct
 *   objects, like Java serialization across separate streams. A cycle cannot be
 *   copied, so it throws a {@link CodecError} instead of hanging.
 * - Array holes decode as `undefined`; non-index properties on arrays and
 *   symbol-keyed properties on objects are dropped (as `structuredClone` does).
 * - A `RegExp`'s `lastIndex` is reset to 0.
 * - A typed array that views part of a larger buffer decodes with a buffer of its
 *   own (only its bytes are sent); a Node `Buffer` decodes as a `Uint8Array`.
 *   Elements are stored in platform byte order (little-endian everywhere
 *   browsers run).
 * - Functions, symbols, `WeakMap`/`WeakSet`/`Promise`, `SharedArrayBuffer` and
 *   instances of any other class throw a {@link CodecError} naming where the
 *   value was and what it was, e.g. `cannot serialize a function at record 2 → .f`.
 *
 * @module
 */

/** Thrown when a value cannot be encoded, or bytes cannot be decoded. */
export class CodecError extends Error {
  /**
   * Where in the input the problem is, e.g. `record 3 → [1] → .name`; for
   * decoding, the record being read (`record 3`, or `value`).
   */
  readonly path: string;

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodecError';
    this.path = path;
  }
}

// ---------------------------------------------------------------------------
// Format
//
//   block   := MAGIC kind body
//   records := varint(count) value*            (kind KIND_RECORDS)
//   value   := a single value                   (kind KIND_VALUE)
//
// Every value starts with one tag byte. Small non-negative ints, short strings
// and short arrays carry their payload or length in the tag itself, because the
// typical shuffle record is a pair like ["word", 1]: that costs 1 + 1 + 4 + 1
// = 7 bytes. Multi-byte numbers are little-endian; lengths are
// unsigned LEB128 varints (the decoder accepts zero-padded varints, which the
// encoder uses when it must reserve a length before knowing it).
// ---------------------------------------------------------------------------

const MAGIC = 0x4b; // 'K'
const KIND_RECORDS = 0x01;
const KIND_VALUE = 0x02;

const TAG_UNDEFINED = 0x00;
const TAG_NULL = 0x01;
const TAG_FALSE = 0x02;
const TAG_TRUE = 0x03;
const TAG_INT32 = 0x04;
const TAG_FLOAT64 = 0x05;
const TAG_BIGINT64 = 0x06;
/** sign byte (0 or 1), varint byte count, magnitude bytes little-endian. */
const TAG_BIGINT = 0x07;
/** varint UTF-8 byte length, bytes. */
const TAG_STRING = 0x08;
/** Strings that are not well-formed UTF-16 (lone surrogates): varint code-unit count, code units. */
const TAG_STRING_UTF16 = 0x09;
const TAG_ARRAY = 0x0a;
const TAG_OBJECT = 0x0b;
const TAG_NULL_PROTO_OBJECT = 0x0c;
const TAG_MAP = 0x0d;
const TAG_SET = 0x0e;
const TAG_DATE = 0x0f;
const TAG_REGEXP = 0x10;
const TAG_ARRAY_BUFFER = 0x11;
/** kind byte (index into TYPED_ARRAYS), varint byte length, bytes. */
const TAG_TYPED_ARRAY = 0x12;
const TAG_DATA_VIEW = 0x13;
/** 0x20 + n: an array of n < 16 elements. */
const TAG_SMALL_ARRAY = 0x20;
/** A two-element array: a key-value pair. */
const PAIR_TAG = TAG_SMALL_ARRAY | 2;
const SMALL_ARRAY_MAX = 15;
/** 0x40 + n: a well-formed string of n < 64 UTF-8 bytes. */
const TAG_SHORT_STRING = 0x40;
const SHORT_STRING_MAX_BYTES = 63;
/** Any string of at most this many UTF-16 units encodes to at most 63 UTF-8 bytes. */
const SHORT_STRING_MAX_UNITS = 21;
/** 0x80 + n: the integer n, 0 <= n < 128. */
const TAG_SMALL_INT = 0x80;

type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

/** The wire kind of a typed array is its index here; append only. */
const TYPED_ARRAYS: readonly TypedArrayConstructor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];
const TYPED_ARRAY_KIND = new Map<string, number>(TYPED_ARRAYS.map((ctor, kind) => [ctor.name, kind]));

const textEncoder = new TextEncoder();
// ignoreBOM: the default decoder would silently drop a leading U+FEFF.
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

const stringProto = String.prototype as { isWellFormed?: (this: string) => boolean };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** TextEncoder would turn a lone surrogate into U+FFFD, so such strings take the UTF-16 path. */
const isWellFormed: (s: string) => boolean =
  typeof stringProto.isWellFormed === 'function'
    ? (s) => (s as { isWellFormed(): boolean } & string).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/** Ancestors up to this depth are checked for cycles by a linear scan; deeper ones go in a Map. */
const SHALLOW_DEPTH = 32;

/** Encode scratch is reused between calls; a buffer that grew past this is let go. */
const SCRATCH_KEEP_BYTES = 4 * 1024 * 1024;
const SCRATCH_INITIAL_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Encodes an array of records into one buffer. The result owns its
 * `ArrayBuffer` exactly, so it can be transferred with `postMessage`.
 *
 * @throws {CodecError} if a record holds a value that cannot be serialized.
 * @example
 * const bytes = encodeRecords([['spark', 1], ['rdd', 2]]);
 * worker.postMessage(bytes, [bytes.buffer]);
 */
export function encodeRecords(records: readonly unknown[]): Uint8Array {
  return withEncoder((encoder) => {
    encoder.writeHeader(KIND_RECORDS);
    const count = records.length;
    encoder.writeVarint(count);
    let index = 0;
    try {
      for (; index < count; index++) encoder.writeRecord(records[index]);
    } catch (error) {
      throw toCodecError(error, `record ${index}`);
    }
  });
}

/**
 * Encodes records one at a time as they arrive, into a buffer that grows, so
 * a map task can encode each record straight into its reduce partition's
 * block instead of first collecting the partition's records in an array.
 * {@link finish} gives exactly the bytes {@link encodeRecords} gives for the
 * same records in the same order.
 *
 * @example
 * const writer = new RecordWriter();
 * for (const pair of pairs) writer.write(pair);
 * const bytes = writer.finish(); // === encodeRecords(pairs), byte for byte
 */
export class RecordWriter {
  /** Holds the records' bytes only; the header and count are put in front by finish(). */
  readonly #encoder: Encoder;
  #count = 0;

  constructor(initialBytes = 16 * 1024) {
    this.#encoder = new Encoder(spareBuffers.pop() ?? new Uint8Array(Math.max(16, initialBytes)));
  }

  /** How many records were written. */
  get count(): number {
    return this.#count;
  }

  /**
   * Appends one record. A record that cannot be encoded throws a
   * {@link CodecError} naming it (`record 3 → [1]`, counted within this
   * writer) and leaves the writer as it was before the call.
   */
  write(record: unknown): void {
    const encoder = this.#encoder;
    // Pairs of numbers and strings cannot fail: no try around them.
    if (encoder.writePair(record)) {
      this.#count++;
      return;
    }
    const start = encoder.pos;
    try {
      encoder.writeValue(record);
    } catch (error) {
      encoder.rewind(start);
      throw toCodecError(error, `record ${this.#count}`);
    }
    this.#count++;
  }

  /**
   * The block: header, record count, records, in a buffer of its own of
   * exactly that length (transferable). The writer is empty afterwards, and
   * can be used for another block.
   */
  finish(): Uint8Array {
    const body = this.#encoder.pos;
    let count = this.#count;
    let countBytes = 1;
    for (let c = count; c >= 0x80; c >>>= 7) countBytes++;
    const out = new Uint8Array(2 + countBytes + body);
    out[0] = MAGIC;
    out[1] = KIND_RECORDS;
    let pos = 2;
    while (count >= 0x80) {
      out[pos++] = (count & 0x7f) | 0x80;
      count >>>= 7;
    }
    out[pos++] = count;
    const encoder = this.#encoder;
    out.set(encoder.bytes.subarray(0, body), pos);
    // The grown buffer goes to the next writer (the next map task's), which then need not grow one again.
    if (spareBuffers.length < SPARE_BUFFERS && encoder.bytes.length <= SPARE_MAX_BYTES)
      spareBuffers.push(encoder.bytes);
    encoder.rewind(0);
    encoder.reset(new Uint8Array(SPARE_INITIAL_BYTES));
    this.#count = 0;
    return out;
  }
}

/**
 * Decodes what {@link encodeRecords} produced.
 *
 * @throws {CodecError} if the bytes are not a complete record block.
 * @example
 * decodeRecords(encodeRecords([['spark', 1]])); // [['spark', 1]]
 */
export function decodeRecords(bytes: Uint8Array): unknown[] {
  const decoder = new Decoder(bytes);
  const records: unknown[] = [];
  let count = -1;
  try {
    decoder.readHeader(KIND_RECORDS);
    count = decoder.readLength('record count');
    for (let index = 0; index < count; index++) records.push(decoder.readValue());
    decoder.expectEnd();
  } catch (error) {
    const where = count >= 0 && records.length < count ? `record ${records.length}` : 'records';
    throw toDecodeError(error, where);
  }
  return records;
}

/**
 * Reads what {@link encodeRecords} produced one record at a time, for a
 * consumer that keeps little of each record (a shuffle read feeding an
 * aggregation): each record can be garbage as soon as it is consumed, where
 * {@link decodeRecords} keeps them all alive in one array until the last is
 * read. Throws the same errors as `decodeRecords`, when the bad record is reached.
 *
 * @example
 * const reader = new RecordReader(bytes);
 * while (reader.hasNext()) combine(reader.next());
 */
export class RecordReader {
  readonly #decoder: Decoder;
  /** How many records the block holds. */
  readonly count: number;
  #read = 0;

  constructor(bytes: Uint8Array) {
    this.#decoder = new Decoder(bytes);
    try {
      this.#decoder.readHeader(KIND_RECORDS);
      this.count = this.#decoder.readLength('record count');
      if (this.count === 0) this.#decoder.expectEnd();
    } catch (error) {
      throw toDecodeError(error, 'records');
    }
  }

  hasNext(): boolean {
    return this.#read < this.count;
  }

  next(): unknown {
    if (this.#read >= this.count) throw new CodecError('cannot decode records: no record left', 'records');
    try {
      const value = this.#decoder.readValue();
      if (++this.#read === this.count) this.#decoder.expectEnd();
      return value;
    } catch (error) {
      throw toDecodeError(error, `record ${this.#read}`);
    }
  }

  /**
   * Reads up to `max` records, as {@link next} would, handing each record that
   * is a two-element array (a key-value pair) to `onPair` as its two elements,
   * without building the array, and any other record to `onOther`. A shuffle
   * read feeding an aggregation wants only the key and the value. Returns how
   * many records were read. Errors thrown by the callbacks pass through as
   * they are; decoding errors are those of `next`.
   *
   * @example
   * while (reader.hasNext()) reader.readPairs(1024, (k, v) => combine(k, v), (record) => other(record));
   */
  readPairs(max: number, onPair: (key: unknown, value: unknown) => void, onOther: (record: unknown) => void): number {
    const decoder = this.#decoder;
    const want = Math.min(max, this.count - this.#read);
    if (want <= 0) return 0;
    try {
      decoder.readPairRun(want, onPair, onOther);
      this.#read += want;
      if (this.#read === this.count) decoder.expectEnd();
    } catch (error) {
      if (decoder.inCallback) {
        decoder.inCallback = false;
        this.#read += decoder.runRead;
        throw error;
      }
      this.#read += decoder.runRead;
      throw toDecodeError(error, `record ${this.#read}`);
    }
    return want;
  }
}

/**
 * Encodes a single value (a task result, a broadcast value). The result owns
 * its `ArrayBuffer` exactly.
 *
 * @throws {CodecError} if the value cannot be serialized.
 * @example
 * decodeValue(encodeValue(new Map([[1, 'a']]))); // Map { 1 => 'a' }
 */
export function encodeValue(value: unknown): Uint8Array {
  return withEncoder((encoder) => {
    encoder.writeHeader(KIND_VALUE);
    try {
      encoder.writeValue(value);
    } catch (error) {
      throw toCodecError(error, 'value');
    }
  });
}

/**
 * Decodes what {@link encodeValue} produced.
 *
 * @throws {CodecError} if the bytes are not a complete encoded value.
 */
export function decodeValue(bytes: Uint8Array): unknown {
  const decoder = new Decoder(bytes);
  try {
    decoder.readHeader(KIND_VALUE);
    const value = decoder.readValue();
    decoder.expectEnd();
    return value;
  } catch (error) {
    throw toDecodeError(error, 'value');
  }
}

// ---------------------------------------------------------------------------
// Failures while walking a value. They collect path segments as the stack
// unwinds, so the happy path never builds a path string.
// ---------------------------------------------------------------------------

class Failure {
  /** Innermost segment first; reversed when the message is built. */
  readonly segments: string[] = [];

  constructor(
    /** e.g. "cannot serialize a function" */
    readonly problem: string,
    /** For a cycle: how many segments lead from the root to the ancestor it points back to. */
    readonly ancestorDepth: number = -1,
    readonly cause?: unknown,
  ) {}
}

/** Adds the segment of the container the failure passed through on its way out. */
function withSegment(error: unknown, segment: string): Failure {
  const failure = error instanceof Failure ? error : failureFromThrown(error);
  failure.segments.push(segment);
  return failure;
}

/** Something other than the codec threw mid-walk: a getter, or the stack running out. */
function failureFromThrown(error: unknown): Failure {
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new Failure('cannot serialize a value nested this deeply (the stack overflowed)', -1, error);
  }
  return new Failure(`cannot serialize: reading the value threw ${describeThrown(error)}`, -1, error);
}

function toCodecError(error: unknown, root: string): CodecError {
  if (!(error instanceof Failure)) {
    return new CodecError(`cannot serialize: ${describeThrown(error)} at ${root}`, root, { cause: error });
  }
  const segments = error.segments.slice().reverse();
  const path = renderPath(root, segments);
  let message = `${error.problem} at ${path}`;
  if (error.ancestorDepth >= 0) {
    const ancestor = renderPath(root, segments.slice(0, error.ancestorDepth));
    message += `: it refers back to ${ancestor}, which contains it (shared references are copied, cycles cannot be)`;
  }
  return new CodecError(message, path, error.cause === undefined ? undefined : { cause: error.cause });
}

function toDecodeError(error: unknown, where: string): CodecError {
  const problem = error instanceof Failure ? error.problem : describeThrown(error);
  const cause = error instanceof Failure ? error.cause : error;
  return new CodecError(`cannot decode ${where}: ${problem}`, where, cause === undefined ? undefined : { cause });
}

function renderPath(root: string, segments: readonly string[]): string {
  // A path through a deep structure would drown the message; keep both ends.
  const shown = segments.length > 16 ? [...segments.slice(0, 8), '…', ...segments.slice(-8)] : segments;
  return [root, ...shown].join(' → ');
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function propertySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function mapKeySegment(key: unknown, index: number): string {
  if (typeof key === 'string') return `.get(${JSON.stringify(key)})`;
  if (typeof key === 'number' || typeof key === 'boolean') return `.get(${String(key)})`;
  return `(entry #${index} value)`;
}

/** A short description of a value the codec refuses, used in error messages. */
function describeUnsupported(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor = (proto as { constructor?: unknown } | null)?.constructor;
  const name = typeof ctor === 'function' ? ctor.name : '';
  if (name && (globalThis as Record<string, unknown>)[name] === ctor) return withArticle(name);
  return name ? `an instance of class ${name}` : 'an object with a custom prototype';
}

function withArticle(noun: string): string {
  return /^[AEIOU]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

// ---------------------------------------------------------------------------
// Encoder
// ---------------------------------------------------------------------------

let scratch: Uint8Array | null = new Uint8Array(SCRATCH_INITIAL_BYTES);

/**
 * Buffers of finished RecordWriters, for the next ones: a map task's blocks
 * reuse the memory the last task's grew, instead of growing new buffers by
 * doubling (copies, and external memory that makes the collector run).
 * At most SPARE_BUFFERS of at most SPARE_MAX_BYTES each are kept: two map
 * tasks' worth of 4 blocks, 16 MiB in all.
 */
const spareBuffers: Uint8Array[] = [];
const SPARE_BUFFERS = 8;
const SPARE_MAX_BYTES = 2 * 1024 * 1024;
/** What a finished writer starts over with, so it does not hold a large buffer it may never fill again. */
const SPARE_INITIAL_BYTES = 256;

function withEncoder(write: (encoder: Encoder) => void): Uint8Array {
  // A getter on a record could re-enter the codec; it then gets its own buffer.
  const borrowed = scratch;
  scratch = null;
  const encoder = new Encoder(borrowed ?? new Uint8Array(SCRATCH_INITIAL_BYTES));
  try {
    write(encoder);
    // slice copies into a fresh ArrayBuffer of exactly the encoded length.
    return encoder.bytes.slice(0, encoder.pos);
  } finally {
    if (borrowed) scratch = encoder.bytes.length <= SCRATCH_KEEP_BYTES ? encoder.bytes : borrowed;
  }
}

class Encoder {
  bytes: Uint8Array;
  view: DataView;
  pos = 0;
  /** The containers currently being written, outermost first: a repeat is a cycle. */
  private readonly ancestors: object[] = [];
  private depth = 0;
  /** Ancestors deeper than SHALLOW_DEPTH, with their depth. */
  private readonly deepAncestors = new Map<object, number>();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  writeHeader(kind: number): void {
    this.ensure(2);
    this.bytes[this.pos++] = MAGIC;
    this.bytes[this.pos++] = kind;
  }

  private writeByte(byte: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = byte;
  }

  writeVarint(value: number): void {
    this.ensure(5);
    const bytes = this.bytes;
    let pos = this.pos;
    while (value >= 0x80) {
      bytes[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[pos++] = value;
    this.pos = pos;
  }

  private writeFloat64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  private writeRawBytes(source: Uint8Array): void {
    this.writeVarint(source.length);
    this.ensure(source.length);
    this.bytes.set(source, this.pos);
    this.pos += source.length;
  }

  /** Writes into `bytes` from its start from now on. */
  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
  }

  /** Drops what was written from `pos` on, after a failed write, and forgets the containers it was in. */
  rewind(pos: number): void {
    this.pos = pos;
    this.depth = 0;
    this.ancestors.length = 0;
    this.deepAncestors.clear();
  }

  /**
   * One record. A pair of numbers and strings, what nearly every shuffle
   * record is, skips the general walk (the cycle bookkeeping, the dispatch on
   * each element's type through writeObject, a bounds check per byte); the
   * bytes are exactly those writeValue writes. Anything else takes writeValue.
   */
  writeRecord(value: unknown): void {
    if (!this.writePair(value)) this.writeValue(value);
  }

  /** The pair path of {@link writeRecord}: writes `value` and returns true if it is a pair of numbers and strings. */
  writePair(value: unknown): boolean {
    if (!Array.isArray(value) || value.length !== 2) return false;
    const first: unknown = value[0];
    const second: unknown = value[1];
    if (typeof first === 'number' && typeof second === 'number') {
      this.ensure(19);
      this.bytes[this.pos++] = PAIR_TAG;
      this.writeNumberUnchecked(first);
      this.writeNumberUnchecked(second);
      return true;
    }
    const firstIsNumber = typeof first === 'number';
    const secondIsNumber = typeof second === 'number';
    if (!(firstIsNumber || typeof first === 'string') || !(secondIsNumber || typeof second === 'string')) return false;
    // Room for the tag and two numbers; strings make room for themselves.
    this.ensure(19);
    this.bytes[this.pos++] = PAIR_TAG;
    if (firstIsNumber) this.writeNumberUnchecked(first);
    else this.writeString(first as string);
    if (secondIsNumber) {
      this.ensure(9);
      this.writeNumberUnchecked(second);
    } else this.writeString(second as string);
    return true;
  }

  /** writeNumber for a caller that has made room for 9 bytes. */
  private writeNumberUnchecked(value: number): void {
    const bytes = this.bytes;
    const pos = this.pos;
    // The `1 / value > 0` test keeps -0 out of the integer paths.
    if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
      if (value >= 0 && value < 0x80) {
        bytes[pos] = TAG_SMALL_INT | value;
        this.pos = pos + 1;
        return;
      }
      bytes[pos] = TAG_INT32;
      this.view.setInt32(pos + 1, value, true);
      this.pos = pos + 5;
      return;
    }
    bytes[pos] = TAG_FLOAT64;
    this.view.setFloat64(pos + 1, value, true);
    this.pos = pos + 9;
  }

  writeValue(value: unknown): void {
    switch (typeof value) {
      case 'number':
        this.writeNumber(value);
        return;
      case 'string':
        this.writeString(value);
        return;
      case 'object':
        if (value === null) this.writeByte(TAG_NULL);
        else this.writeObject(value);
        return;
      case 'boolean':
        this.writeByte(value ? TAG_TRUE : TAG_FALSE);
        return;
      case 'undefined':
        this.writeByte(TAG_UNDEFINED);
        return;
      case 'bigint':
        this.writeBigInt(value);
        return;
      default:
        throw new Failure(`cannot serialize ${describeUnsupported(value)}`);
    }
  }

  private writeNumber(value: number): void {
    // The `1 / value > 0` test keeps -0 out of the integer paths.
    if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
      if (value >= 0 && value < 0x80) {
        this.writeByte(TAG_SMALL_INT | value);
        return;
      }
      this.ensure(5);
      this.bytes[this.pos] = TAG_INT32;
      this.view.setInt32(this.pos + 1, value, true);
      this.pos += 5;
      return;
    }
    this.writeByte(TAG_FLOAT64);
    this.writeFloat64(value);
  }

  private writeBigInt(value: bigint): void {
    if (BigInt.asIntN(64, value) === value) {
      this.ensure(9);
      this.bytes[this.pos] = TAG_BIGINT64;
      this.view.setBigInt64(this.pos + 1, value, true);
      this.pos += 9;
      return;
    }
    const negative = value < 0n;
    let hex = (negative ? -value : value).toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    const count = hex.length / 2;
    this.writeByte(TAG_BIGINT);
    this.writeByte(negative ? 1 : 0);
    this.writeVarint(count);
    this.ensure(count);
    for (let i = 0; i < count; i++) {
      const end = hex.length - 2 * i;
      this.bytes[this.pos++] = parseInt(hex.slice(end - 2, end), 16);
    }
  }

  private writeString(value: string): void {
    const length = value.length;
    if (length <= SHORT_STRING_MAX_UNITS) {
      // Most keys are short ASCII words: copying char codes beats encodeInto's call overhead.
      this.ensure(1 + SHORT_STRING_MAX_BYTES);
      const bytes = this.bytes;
      const start = this.pos;
      let pos = start + 1;
      let ascii = true;
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) {
          ascii = false;
          break;
        }
        bytes[pos++] = code;
      }
      if (ascii) {
        bytes[start] = TAG_SHORT_STRING | length;
        this.pos = pos;
        return;
      }
      if (isWellFormed(value)) {
        const { written } = textEncoder.encodeInto(value, bytes.subarray(start + 1));
        bytes[start] = TAG_SHORT_STRING | written;
        this.pos = start + 1 + written;
        return;
      }
      this.writeUtf16(value);
      return;
    }
    if (!isWellFormed(value)) {
      this.writeUtf16(value);
      return;
    }
    // Reserve a varint wide enough for the worst case (3 bytes per unit), then
    // patch it; the padding bytes are valid LEB128 continuation bytes.
    const maxBytes = 3 * length;
    const width = maxBytes < 1 << 14 ? 2 : maxBytes < 1 << 21 ? 3 : maxBytes < 1 << 28 ? 4 : 5;
    this.ensure(1 + width + maxBytes);
    const bytes = this.bytes;
    bytes[this.pos] = TAG_STRING;
    const lengthAt = this.pos + 1;
    const dataAt = lengthAt + width;
    const { written } = textEncoder.encodeInto(value, bytes.subarray(dataAt));
    let remaining = written;
    for (let i = 0; i < width - 1; i++) {
      bytes[lengthAt + i] = (remaining & 0x7f) | 0x80;
      remaining >>>= 7;
    }
    bytes[lengthAt + width - 1] = remaining;
    this.pos = dataAt + written;
  }

  private writeUtf16(value: string): void {
    const length = value.length;
    this.writeByte(TAG_STRING_UTF16);
    this.writeVarint(length);
    this.ensure(2 * length);
    const view = this.view;
    let pos = this.pos;
    for (let i = 0; i < length; i++, pos += 2) view.setUint16(pos, value.charCodeAt(i), true);
    this.pos = pos;
  }

  private enter(container: object): void {
    const depth = this.depth;
    const ancestors = this.ancestors;
    const shallow = depth < SHALLOW_DEPTH ? depth : SHALLOW_DEPTH;
    for (let i = 0; i < shallow; i++) {
      if (ancestors[i] === container) throw new Failure('cannot serialize a cycle', i);
    }
    if (depth >= SHALLOW_DEPTH) {
      const ancestorDepth = this.deepAncestors.get(container);
      if (ancestorDepth !== undefined) throw new Failure('cannot serialize a cycle', ancestorDepth);
      this.deepAncestors.set(container, depth);
    }
    ancestors[depth] = container;
    this.depth = depth + 1;
  }

  private leave(): void {
    const depth = --this.depth;
    if (depth >= SHALLOW_DEPTH) this.deepAncestors.delete(this.ancestors[depth]!);
  }

  private writeObject(value: object): void {
    if (Array.isArray(value)) {
      this.writeArray(value);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype) this.writePlainObject(value, TAG_OBJECT);
    else if (proto === null) this.writePlainObject(value, TAG_NULL_PROTO_OBJECT);
    else if (proto === Map.prototype) this.writeMap(value as Map<unknown, unknown>);
    else if (proto === Set.prototype) this.writeSet(value as Set<unknown>);
    else if (proto === Date.prototype) {
      this.writeByte(TAG_DATE);
      this.writeFloat64((value as Date).getTime());
    } else if (proto === RegExp.prototype) {
      const regexp = value as RegExp;
      this.writeByte(TAG_REGEXP);
      this.writeString(regexp.source);
      this.writeString(regexp.flags);
    } else if (proto === ArrayBuffer.prototype) {
      this.writeByte(TAG_ARRAY_BUFFER);
      this.writeRawBytes(new Uint8Array(value as ArrayBuffer));
    } else if (ArrayBuffer.isView(value) && !(value.buffer instanceof ArrayBuffer)) {
      throw new Failure(`cannot serialize a view of a SharedArrayBuffer`);
    } else if (value instanceof DataView) {
      this.writeByte(TAG_DATA_VIEW);
      this.writeRawBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    } else if (ArrayBuffer.isView(value)) {
      this.writeTypedArray(value);
    } else if (isForeignPlainObject(value, proto)) {
      this.writePlainObject(value, TAG_OBJECT);
    } else {
      throw new Failure(`cannot serialize ${describeUnsupported(value)}`);
    }
  }

  private writeArray(array: readonly unknown[]): void {
    this.enter(array);
    const length = array.length;
    if (length <= SMALL_ARRAY_MAX) {
      this.writeByte(TAG_SMALL_ARRAY | length);
    } else {
      this.writeByte(TAG_ARRAY);
      this.writeVarint(length);
    }
    let index = 0;
    try {
      for (; index < length; index++) this.writeValue(array[index]);
    } catch (error) {
      throw withSegment(error, `[${index}]`);
    }
    this.leave();
  }

  private writePlainObject(object: object, tag: number): void {
    this.enter(object);
    const keys = Object.keys(object);
    const count = keys.length;
    this.writeByte(tag);
    this.writeVarint(count);
    let index = 0;
    try {
      for (; index < count; index++) {
        const key = keys[index]!;
        this.writeString(key);
        this.writeValue((object as Record<string, unknown>)[key]);
      }
    } catch (error) {
      throw withSegment(error, propertySegment(keys[index]!));
    }
    this.leave();
  }

  private writeMap(map: Map<unknown, unknown>): void {
    this.enter(map);
    this.writeByte(TAG_MAP);
    this.writeVarint(map.size);
    let index = 0;
    let inKey = true;
    let key: unknown;
    try {
      for (const [k, v] of map) {
        key = k;
        inKey = true;
        this.writeValue(k);
        inKey = false;
        this.writeValue(v);
        index++;
      }
    } catch (error) {
      throw withSegment(error, inKey ? `(entry #${index} key)` : mapKeySegment(key, index));
    }
    this.leave();
  }

  private writeSet(set: Set<unknown>): void {
    this.enter(set);
    this.writeByte(TAG_SET);
    this.writeVarint(set.size);
    let index = 0;
    try {
      for (const element of set) {
        this.writeValue(element);
        index++;
      }
    } catch (error) {
      throw withSegment(error, `(element #${index})`);
    }
    this.leave();
  }

  private writeTypedArray(array: ArrayBufferView): void {
    // toStringTag is the base kind even for subclasses such as Node's Buffer.
    const name = (array as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
    const kind = TYPED_ARRAY_KIND.get(name);
    if (kind === undefined) throw new Failure(`cannot serialize ${withArticle(name)}`);
    this.writeByte(TAG_TYPED_ARRAY);
    this.writeByte(kind);
    this.writeRawBytes(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
}

/** A plain object made in another realm (an iframe, `node:vm`): its prototype is that realm's Object.prototype. */
function isForeignPlainObject(value: object, proto: unknown): boolean {
  if (proto === null || typeof proto !== 'object' || Object.getPrototypeOf(proto) !== null) return false;
  const ctor = (proto as { constructor?: unknown }).constructor;
  return (
    typeof ctor === 'function' && ctor.name === 'Object' && Object.prototype.toString.call(value) === '[object Object]'
  );
}

// ---------------------------------------------------------------------------
// Decoder
// ---------------------------------------------------------------------------

const KEY_CACHE_SLOTS = 4096; // a power of two
const KEY_CACHE_MAX_BYTES = 32;
const keyCacheBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(KEY_CACHE_SLOTS).fill(undefined);
const keyCacheStrings: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SLOTS).fill(undefined);

/** Thrown inside the decoder; turned into a CodecError naming the record. */
class Malformed extends Failure {}

class Decoder {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private pos = 0;
  private readonly end: number;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = bytes.length;
  }

  private malformed(problem: string): Malformed {
    return new Malformed(`malformed input at byte ${this.pos}: ${problem}`);
  }

  readHeader(kind: number): void {
    if (this.end < 2 || this.bytes[0] !== MAGIC) {
      throw new Malformed('the bytes are not Kindling-encoded data');
    }
    if (this.bytes[1] !== kind) {
      const actual =
        this.bytes[1] === KIND_RECORDS
          ? 'records'
          : this.bytes[1] === KIND_VALUE
            ? 'a single value'
            : 'an unknown kind of data';
      throw new Malformed(`the bytes hold ${actual}`);
    }
    this.pos = 2;
  }

  /** Records read by the last {@link readPairRun}, also when it threw. */
  runRead = 0;
  /** True while readPairRun is in a callback, so a caller can tell the callback's errors from decoding errors. */
  inCallback = false;

  /**
   * Reads `count` records (the caller knows that many are left), handing each
   * two-element array to `onPair` as its elements and any other record to
   * `onOther`. The numbers a shuffle's keys and values most often are (small
   * ints, int32s) are read inline, in one loop over local copies of the
   * decoder's state; anything else goes through readValue.
   */
  readPairRun(count: number, onPair: (key: unknown, value: unknown) => void, onOther: (record: unknown) => void): void {
    const bytes = this.bytes;
    const view = this.view;
    const end = this.end;
    let pos = this.pos;
    this.runRead = 0;
    for (let n = 0; n < count;) {
      // Past the end, bytes[pos] is undefined and every comparison below is false.
      if (bytes[pos] === PAIR_TAG) {
        let key: unknown;
        let value: unknown;
        let tag = bytes[pos + 1]!;
        if (tag >= TAG_SMALL_INT) {
          key = tag - TAG_SMALL_INT;
          pos += 2;
        } else if (tag === TAG_INT32 && pos + 6 <= end) {
          key = view.getInt32(pos + 2, true);
          pos += 6;
        } else {
          this.pos = pos + 1;
          key = this.readValue();
          pos = this.pos;
        }
        tag = bytes[pos]!;
        if (tag >= TAG_SMALL_INT) {
          value = tag - TAG_SMALL_INT;
          pos += 1;
        } else if (tag === TAG_INT32 && pos + 5 <= end) {
          value = view.getInt32(pos + 1, true);
          pos += 5;
        } else {
          this.pos = pos;
          value = this.readValue();
          pos = this.pos;
        }
        this.pos = pos;
        this.runRead = ++n;
        this.inCallback = true;
        onPair(key, value);
        this.inCallback = false;
      } else {
        this.pos = pos;
        const record = this.readValue();
        pos = this.pos;
        this.runRead = ++n;
        this.inCallback = true;
        onOther(record);
        this.inCallback = false;
      }
    }
  }

  expectEnd(): void {
    if (this.pos !== this.end) throw this.malformed(`${this.end - this.pos} unexpected trailing bytes`);
  }

  private need(count: number): void {
    if (this.pos + count > this.end) throw this.malformed(`truncated: needed ${count} more bytes`);
  }

  private readByte(): number {
    if (this.pos >= this.end) throw this.malformed('truncated');
    return this.bytes[this.pos++]!;
  }

  private readVarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.readByte();
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
      if (shift > 35) throw this.malformed('varint too long');
    }
  }

  /** A length, checked against the bytes left so a corrupt length cannot allocate gigabytes. */
  readLength(what: string, bytesPerItem = 1): number {
    const length = this.readVarint();
    if (length * bytesPerItem > this.end - this.pos) {
      throw this.malformed(`${what} ${length} exceeds the remaining ${this.end - this.pos} bytes`);
    }
    return length;
  }

  private readFloat64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  private readRawBytes(): Uint8Array {
    const length = this.readLength('byte length');
    // slice: the result owns a fresh, correctly aligned buffer.
    const copy = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return copy;
  }

  readValue(): unknown {
    const tag = this.readByte();
    if (tag >= TAG_SMALL_INT) return tag - TAG_SMALL_INT;
    if (tag >= TAG_SHORT_STRING) return this.readUtf8(tag - TAG_SHORT_STRING);
    if (tag >= TAG_SMALL_ARRAY) {
      if (tag <= TAG_SMALL_ARRAY + SMALL_ARRAY_MAX) return this.readArrayBody(tag - TAG_SMALL_ARRAY);
      throw this.malformed(`unknown tag 0x${tag.toString(16)}`);
    }
    switch (tag) {
      case TAG_UNDEFINED:
        return undefined;
      case TAG_NULL:
        return null;
      case TAG_FALSE:
        return false;
      case TAG_TRUE:
        return true;
      case TAG_INT32: {
        this.need(4);
        const value = this.view.getInt32(this.pos, true);
        this.pos += 4;
        return value;
      }
      case TAG_FLOAT64:
        return this.readFloat64();
      case TAG_BIGINT64: {
        this.need(8);
        const value = this.view.getBigInt64(this.pos, true);
        this.pos += 8;
        return value;
      }
      case TAG_BIGINT:
        return this.readBigInt();
      case TAG_STRING:
        return this.readUtf8(this.readLength('string length'));
      case TAG_STRING_UTF16:
        return this.readUtf16();
      case TAG_ARRAY:
        return this.readArrayBody(this.readLength('array length'));
      case TAG_OBJECT:
        return this.readObjectBody({});
      case TAG_NULL_PROTO_OBJECT:
        return this.readObjectBody(Object.create(null) as Record<string, unknown>);
      case TAG_MAP: {
        const size = this.readLength('map size', 2);
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < size; i++) {
          const key = this.readValue();
          map.set(key, this.readValue());
        }
        return map;
      }
      case TAG_SET: {
        const size = this.readLength('set size');
        const set = new Set<unknown>();
        for (let i = 0; i < size; i++) set.add(this.readValue());
        return set;
      }
      case TAG_DATE:
        return new Date(this.readFloat64());
      case TAG_REGEXP: {
        const source = this.readString();
        const flags = this.readString();
        try {
          return new RegExp(source, flags);
        } catch (error) {
          throw new Malformed(`malformed input at byte ${this.pos}: invalid RegExp /${source}/${flags}`, -1, error);
        }
      }
      case TAG_ARRAY_BUFFER:
        return this.readRawBytes().buffer;
      case TAG_TYPED_ARRAY: {
        const kind = this.readByte();
        const ctor = TYPED_ARRAYS[kind];
        if (!ctor) throw this.malformed(`unknown typed array kind ${kind}`);
        const copy = this.readRawBytes();
        if (copy.length % ctor.BYTES_PER_ELEMENT !== 0) {
          throw this.malformed(`${copy.length} bytes is not a whole number of ${ctor.name} elements`);
        }
        // Every constructor in the union takes an ArrayBuffer; TS cannot pick an overload on a union.
        return new (ctor as Uint8ArrayConstructor)(copy.buffer);
      }
      case TAG_DATA_VIEW:
        return new DataView(this.readRawBytes().buffer);
      default:
        throw this.malformed(`unknown tag 0x${tag.toString(16)}`);
    }
  }

  private readArrayBody(length: number): unknown[] {
    const array: unknown[] = [];
    for (let i = 0; i < length; i++) array.push(this.readValue());
    return array;
  }

  private readObjectBody(object: Record<string, unknown>): Record<string, unknown> {
    const count = this.readLength('property count', 2);
    for (let i = 0; i < count; i++) {
      const key = this.readKey();
      const value = this.readValue();
      // Assigning "__proto__" would set the prototype instead of a property.
      if (key === '__proto__') {
        Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        object[key] = value;
      }
    }
    return object;
  }

  /**
   * An object key. Records repeat the same few keys, so short ones are looked up
   * in a cache: reusing one string instance spares V8 from hashing and
   * internalizing a fresh copy for every property store.
   */
  private readKey(): string {
    const tag = this.bytes[this.pos];
    if (tag === undefined || tag < TAG_SHORT_STRING || tag >= TAG_SMALL_INT) return this.readString();
    const length = tag - TAG_SHORT_STRING;
    const start = this.pos + 1;
    const end = start + length;
    if (end > this.end || length > KEY_CACHE_MAX_BYTES) return this.readString();
    const bytes = this.bytes;
    let hash = length;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    const slot = hash & (KEY_CACHE_SLOTS - 1);
    const cachedBytes = keyCacheBytes[slot];
    if (cachedBytes !== undefined && cachedBytes.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (cachedBytes[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.pos = end;
        return keyCacheStrings[slot]!;
      }
    }
    const key = this.readString();
    keyCacheBytes[slot] = bytes.slice(start, end);
    keyCacheStrings[slot] = key;
    return key;
  }

  private readString(): string {
    const tag = this.readByte();
    if (tag >= TAG_SHORT_STRING && tag < TAG_SMALL_INT) return this.readUtf8(tag - TAG_SHORT_STRING);
    if (tag === TAG_STRING) return this.readUtf8(this.readLength('string length'));
    if (tag === TAG_STRING_UTF16) return this.readUtf16();
    this.pos--;
    throw this.malformed(`expected a string, found tag 0x${tag.toString(16)}`);
  }

  private readUtf8(length: number): string {
    this.need(length);
    const bytes = this.bytes;
    const start = this.pos;
    const end = start + length;
    this.pos = end;
    if (length <= SHORT_STRING_MAX_BYTES) {
      let result = '';
      for (let i = start; i < end; i++) {
        const byte = bytes[i]!;
        if (byte >= 0x80) return textDecoder.decode(bytes.subarray(start, end));
        result += String.fromCharCode(byte);
      }
      return result;
    }
    return textDecoder.decode(bytes.subarray(start, end));
  }

  private readUtf16(): string {
    const length = this.readLength('string length', 2);
    const units = new Array<number>(length);
    for (let i = 0; i < length; i++, this.pos += 2) units[i] = this.view.getUint16(this.pos, true);
    // Chunked: fromCharCode.apply has an argument-count limit.
    let result = '';
    for (let i = 0; i < length; i += 8192) result += String.fromCharCode(...units.slice(i, i + 8192));
    return result;
  }

  private readBigInt(): bigint {
    const sign = this.readByte();
    if (sign > 1) throw this.malformed(`bad bigint sign ${sign}`);
    const count = this.readLength('bigint byte count');
    let hex = '';
    for (let i = count - 1; i >= 0; i--) hex += this.bytes[this.pos + i]!.toString(16).padStart(2, '0');
    this.pos += count;
    const magnitude = count === 0 ? 0n : BigInt(`0x${hex}`);
    return sign === 1 ? -magnitude : magnitude;
  }
}
