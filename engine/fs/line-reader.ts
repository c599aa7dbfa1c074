/**
 * Reading a split's lines the way Hadoop's `LineRecordReader` does, and
 * writing records the way `saveAsTextFile` does.
 *
 * @module
 */

import type { FileSystem } from './file-system';
import type { FileSplit } from './splits';

const LF = 0x0a;
const CR = 0x0d;

/**
 * A split's bytes fetched so far, from the split's start, growing a chunk at
 * a time when a line runs on past them.
 */
class SplitBytes {
  readonly #fs: FileSystem;
  readonly #path: string;
  readonly #chunkSize: number;
  #fileSize: number;
  #bytes = new Uint8Array(0);
  #length = 0;
  /** The file offset of the first byte held. */
  readonly base: number;

  constructor(fs: FileSystem, path: string, base: number, fileSize: number, chunkSize: number) {
    this.#fs = fs;
    this.#path = path;
    this.base = base;
    this.#fileSize = fileSize;
    this.#chunkSize = chunkSize;
  }

  /** The file offset just past the last byte held. */
  get end(): number {
    return this.base + this.#length;
  }

  byteAt(position: number): number {
    return this.#bytes[position - this.base];
  }

  /** Fetches up to `until` (a file offset). */
  async fill(until: number): Promise<void> {
    while (this.end < Math.min(until, this.#fileSize)) {
      if (!(await this.#fetch(until))) return;
    }
  }

  /** Fetches the next chunk; false at the end of the file. */
  async extend(): Promise<boolean> {
    if (this.end >= this.#fileSize) return false;
    return this.#fetch(this.end + this.#chunkSize);
  }

  async #fetch(until: number): Promise<boolean> {
    const data = await this.#fs.read(this.#path, this.end, Math.min(until, this.#fileSize));
    if (data.byteLength === 0) {
      // The file is shorter than its listed size; its end is here.
      this.#fileSize = this.end;
      return false;
    }
    if (this.#length + data.byteLength > this.#bytes.byteLength) {
      const grown = new Uint8Array(Math.max(this.#length + data.byteLength, this.#bytes.byteLength * 2));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#bytes.set(data, this.#length);
    this.#length += data.byteLength;
    return true;
  }

  decode(from: number, to: number): string {
    return utf8.decode(this.#bytes.subarray(from - this.base, to - this.base));
  }

  /** The file offset of the first CR or LF held at or after `from`, or -1. */
  terminatorAt(from: number): number {
    const bytes = this.#bytes;
    for (let i = from - this.base; i < this.#length; i++) {
      const byte = bytes[i];
      if (byte === LF || byte === CR) return i + this.base;
    }
    return -1;
  }
}

/**
 * UTF-8 with U+FFFD for bad bytes, as Hadoop's `Text.toString`. `ignoreBOM`
 * keeps a U+FEFF inside the text: only the one opening the file is dropped,
 * and that is done explicitly, as Hadoop does.
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function startsWithBom(bytes: SplitBytes, from: number, to: number): boolean {
  return (
    to - from >= 3 && bytes.byteAt(from) === 0xef && bytes.byteAt(from + 1) === 0xbb && bytes.byteAt(from + 2) === 0xbf
  );
}

/**
 * Finds the end of the line starting at `from`: the offset just past its
 * terminator (`\n`, `\r\n` or `\r`, as Hadoop's `LineReader.readDefaultLine`
 * ends lines), or the end of the file when no terminator follows. Fetches
 * more of the file as needed.
 */
async function lineEnd(bytes: SplitBytes, from: number): Promise<number> {
  let searched = from;
  for (;;) {
    const at = bytes.terminatorAt(searched);
    if (at !== -1) {
      if (bytes.byteAt(at) === LF) return at + 1;
      // A CR ends the line; a LF right after it belongs to the same terminator.
      if (at + 1 >= bytes.end && !(await bytes.extend())) return at + 1;
      return bytes.byteAt(at + 1) === LF ? at + 2 : at + 1;
    }
    searched = Math.max(searched, bytes.end);
    if (!(await bytes.extend())) return bytes.end;
  }
}

/**
 * Reads one split's lines with Hadoop's `LineRecordReader` rules, so that
 * every line of a file lands in exactly one split:
 *
 * - a split that does not start at 0 skips everything up to and including
 *   the first line terminator at or after its start (the previous split
 *   reads that line);
 * - it then reads every line that *starts* at or before `start + length`,
 *   even when the line runs past the end (a line starting exactly at the end
 *   is this split's, and the next split skips it);
 * - `\n`, `\r\n` and `\r` end lines and are not part of them; no empty line
 *   follows a final terminator;
 * - a UTF-8 byte-order mark opening the file is dropped;
 * - lines are decoded whole, so a character straddling a split boundary is
 *   read intact.
 *
 * It fetches the split's bytes in one read, then `chunkSize` bytes at a time
 * while the last line is unfinished, and decodes all its lines at once.
 *
 * `bytesRead` is the number of bytes consumed: from the split's start
 * through the end of its last line, the skipped partial line included. For a
 * split covering a whole file that is the file's size, as Spark's Input
 * Metrics show. (Spark takes the figure from the Hadoop file system's
 * counters, which include read-ahead buffering, so for a split in the middle
 * of a large file Spark reports somewhat more.)
 *
 * @param fileSize the file's size from the listing (`FileEntry.size`)
 * @example
 * const fs = new MemoryFileSystem({ 'a.txt': 'one\ntwo\nthree\n' });
 * const [first, second] = computeSplits([{ path: 'a.txt', size: 14 }], 2);
 * await readSplitLines(fs, first, 14);  // { lines: ['one', 'two'], bytesRead: 8 }
 * await readSplitLines(fs, second, 14); // { lines: ['three'], bytesRead: 7 }
 */
export async function readSplitLines(
  fs: FileSystem,
  split: FileSplit,
  fileSize: number,
  chunkSize = 64 * 1024,
): Promise<{ lines: string[]; bytesRead: number }> {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a whole number of bytes ≥ 1, got ${chunkSize}`);
  }
  const end = split.start + split.length;
  const bytes = new SplitBytes(fs, split.path, split.start, fileSize, chunkSize);
  await bytes.fill(end);

  // Lines tile the file. This split's run from the first line start at or after
  // its start to the end of the line holding its last byte `end` (or starting there).
  const first = split.start === 0 ? 0 : await lineEnd(bytes, split.start);
  if (first > end) return { lines: [], bytesRead: first - split.start };
  const last = await lineEnd(bytes, end);
  if (last <= first) return { lines: [], bytesRead: Math.max(first, last) - split.start };

  // One decode for the whole run, then a split at the terminators: neither CR nor LF
  // occurs inside a UTF-8 sequence, and the decoder ends a broken sequence at a
  // terminator as it would at the end of a line decoded alone.
  const textStart = first === 0 && startsWithBom(bytes, 0, last) ? 3 : first;
  const text = bytes.decode(textStart, last);
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  // A run ending in a terminator leaves an empty string after it: not a line.
  const lastByte = bytes.byteAt(last - 1);
  if (lastByte === LF || lastByte === CR) lines.pop();
  return { lines, bytesRead: last - split.start };
}

/**
 * How `saveAsTextFile` prints one record. Spark calls `toString` on each
 * record; Kindling follows the Scala API, since its programs are Scala-like:
 *
 * - a string is written as is (no quotes);
 * - an array is a Scala tuple: `['a', 1]` → `(a,1)`, nested arrays likewise
 *   (`['a', [1, 2]]` → `(a,(1,2))`); this is what a pair RDD prints in Scala
 *   (PySpark would print `('a', 1)`);
 * - a `Map` prints as `Map(k -> v, …)` and a `Set` as `Set(a, b)`, as Scala's;
 * - a plain object prints as JSON; any other object through its own
 *   `toString` (so a `Date` prints as `String(date)`);
 * - numbers, booleans, `null` and `undefined` through `String` (`1`, not
 *   Scala's `1.0`, for a whole number: JavaScript has one number type).
 *
 * @example
 * formatTextRecord(['spark', 3]) // '(spark,3)'
 */
export function formatTextRecord(record: unknown): string {
  if (typeof record === 'string') return record;
  if (Array.isArray(record)) return `(${record.map(formatTextRecord).join(',')})`;
  if (record instanceof Map) {
    return `Map(${[...record].map(([k, v]) => `${formatTextRecord(k)} -> ${formatTextRecord(v)}`).join(', ')})`;
  }
  if (record instanceof Set) return `Set(${[...record].map(formatTextRecord).join(', ')})`;
  if (typeof record === 'object' && record !== null && Object.getPrototypeOf(record) === Object.prototype) {
    return JSON.stringify(record);
  }
  return String(record);
}

/**
 * The bytes of one `part-NNNNN` file: each record printed by
 * {@link formatTextRecord} and followed by `\n`, in UTF-8 (Hadoop's
 * `TextOutputFormat`). An empty partition gives an empty file, as in Spark.
 *
 * @example
 * new TextDecoder().decode(encodeTextPart([['a', 1], 'b'])) // '(a,1)\nb\n'
 */
export function encodeTextPart(lines: Iterable<unknown>): Uint8Array {
  let text = '';
  for (const record of lines) text += `${formatTextRecord(record)}\n`;
  return new TextEncoder().encode(text);
}

/**
 * The name of a partition's output file, `part-` and the partition number
 * padded to five digits (Hadoop's `part-%05d`).
 *
 * @example
 * partFileName(7) // 'part-00007'
 */
export function partFileName(partition: number): string {
  if (!Number.isInteger(partition) || partition < 0) {
    throw new RangeError(`partition must be a whole number ≥ 0, got ${partition}`);
  }
  return `part-${String(partition).padStart(5, '0')}`;
}
