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
 * A split's lines read as they are needed, a chunk at a time, as Hadoop's
 * `LineRecordReader` feeds a task: with the same rules as
 * {@link readSplitLines} (which lines belong to the split, terminators, the
 * byte-order mark), but holding only the chunk being read, so a task that
 * stops early (`take`) reads little of its split, and the next chunk is
 * fetched while the lines of this one go through the task.
 *
 * The first read is `chunkSize` bytes and each one after it twice the one
 * before, up to `maxChunkSize`: a `take` still reads little, and a task that
 * reads its whole split makes a few large requests instead of one per
 * `chunkSize` (each request costs CPU in the page's network service and in
 * the server, on the cores the tasks compute on).
 *
 * @example
 * const reader = new SplitLineReader(fs, split, fileSize);
 * for (let lines = await reader.nextLines(); lines; lines = await reader.nextLines()) use(lines);
 */
export class SplitLineReader {
  readonly #fs: FileSystem;
  readonly #path: string;
  readonly #start: number;
  /** The split's last byte offset + 1: lines starting at or before it are the split's. */
  readonly #end: number;
  #fileSize: number;
  readonly #chunkSize: number;
  readonly #maxChunkSize: number;
  /** The size of the next read inside the split: #chunkSize first, doubling up to #maxChunkSize. */
  #nextChunkSize: number;
  /** Bytes held: file offsets [#base, #base + #length). */
  #bytes = new Uint8Array(0);
  #base: number;
  #length = 0;
  /** File offset of the next line to return. */
  #pos: number;
  /** File offset up to which reads have been started. */
  #readTo: number;
  #prefetch: Promise<Uint8Array> | null = null;
  #started = false;
  #finished = false;
  #eof = false;
  /** The file opens with a byte-order mark, which the first line's text leaves out. */
  #bom = false;
  /** Bytes consumed so far, from the split's start through the end of the last line returned. */
  bytesRead = 0;

  constructor(
    fs: FileSystem,
    split: FileSplit,
    fileSize: number,
    chunkSize = 1024 * 1024,
    maxChunkSize = Math.max(chunkSize, 4 * 1024 * 1024),
  ) {
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
      throw new RangeError(`chunkSize must be a whole number of bytes ≥ 1, got ${chunkSize}`);
    }
    if (!Number.isSafeInteger(maxChunkSize) || maxChunkSize < chunkSize) {
      throw new RangeError(
        `maxChunkSize must be a whole number of bytes ≥ chunkSize (${chunkSize}), got ${maxChunkSize}`,
      );
    }
    this.#maxChunkSize = maxChunkSize;
    this.#nextChunkSize = chunkSize;
    this.#fs = fs;
    this.#path = split.path;
    this.#start = split.start;
    this.#end = split.start + split.length;
    this.#fileSize = fileSize;
    this.#chunkSize = chunkSize;
    this.#base = split.start;
    this.#pos = split.start;
    this.#readTo = split.start;
  }

  /** The next lines of the split (at least one), or null after its last line. */
  async nextLines(): Promise<string[] | null> {
    if (this.#finished) return null;
    if (!this.#started) {
      this.#started = true;
      // A split not at the file's start skips the line its start falls in (the previous split reads it).
      if (this.#start !== 0) this.#pos = await this.#lineEnd(this.#start);
      else await this.#skipByteOrderMark();
      this.bytesRead = this.#pos - this.#start;
    }
    for (;;) {
      if (this.#pos > this.#end || this.#pos >= this.#fileSize) return this.#finish();
      const runEnd = this.#runEnd();
      if (runEnd > this.#pos) return this.#take(runEnd);
      if (!this.#eof && (await this.#more())) continue;
      if (!this.#eof) {
        // The end of the file, maybe sooner than listed: look again knowing it (a last CR ends a line).
        this.#eof = true;
        continue;
      }
      // What is left is a last line without a terminator.
      const end = this.#base + this.#length;
      const lines = [this.#decode(this.#pos, end)];
      this.#pos = end;
      this.bytesRead = end - this.#start;
      this.#finish();
      return lines;
    }
  }

  #finish(): null {
    this.#finished = true;
    this.#bytes = new Uint8Array(0);
    return null;
  }

  /** The lines of [#pos, runEnd), which ends just past a terminator. */
  #take(runEnd: number): string[] {
    const text = this.#decode(this.#pos, runEnd);
    const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
    lines.pop(); // the empty string after the run's final terminator
    this.#pos = runEnd;
    this.bytesRead = runEnd - this.#start;
    // Past the split's end, the line just taken was its last.
    if (runEnd > this.#end) this.#finish();
    return lines;
  }

  #decode(from: number, to: number): string {
    if (from === 0 && this.#bom) from = 3;
    return utf8.decode(this.#bytes.subarray(from - this.#base, to - this.#base));
  }

  /**
   * Where the longest run of whole lines from #pos in the bytes held ends
   * (just past a terminator), stopping after the line that holds the split's
   * end; #pos when no whole line is held yet. A CR as the last byte held is
   * not taken as a terminator until the next byte shows whether a LF follows.
   */
  #runEnd(): number {
    const bytes = this.#bytes;
    const held = this.#base + this.#length;
    const atEof = this.#eof || held >= this.#fileSize;
    const terminatorEnd = (at: number): number => {
      if (bytes[at - this.#base] === LF) return at + 1;
      if (at + 1 >= held) return atEof ? at + 1 : -1;
      return bytes[at + 1 - this.#base] === LF ? at + 2 : at + 1;
    };
    if (held > this.#end) {
      // The line holding the split's end (or starting there) is the split's last.
      for (let i = Math.max(this.#pos, this.#end); i < held; i++) {
        const b = bytes[i - this.#base];
        if (b === LF || b === CR) {
          const end = terminatorEnd(i);
          if (end !== -1) return end;
          break;
        }
      }
    }
    const limit = Math.min(held, this.#end);
    for (let i = limit - 1; i >= this.#pos; i--) {
      const b = bytes[i - this.#base];
      if (b === LF) return i + 1;
      if (b === CR) {
        const end = terminatorEnd(i);
        if (end !== -1) return end;
      }
    }
    return this.#pos;
  }

  /** Reads the next chunk into the bytes held; false at the end of the file. */
  async #more(): Promise<boolean> {
    const data = await (this.#prefetch ?? this.#read());
    this.#prefetch = null;
    if (data.byteLength === 0) {
      // The file is shorter than its listed size; its end is here.
      this.#fileSize = this.#base + this.#length;
      return false;
    }
    // Keep only what is not consumed yet, then the new chunk.
    const keepFrom = this.#pos - this.#base;
    const kept = this.#length - keepFrom;
    const grown = new Uint8Array(kept + data.byteLength);
    grown.set(this.#bytes.subarray(keepFrom, this.#length));
    grown.set(data, kept);
    this.#bytes = grown;
    this.#base = this.#pos;
    this.#length = grown.byteLength;
    // While the split's own bytes are not all read, the next chunk is fetched as this one is used.
    if (this.#readTo < this.#end && this.#readTo < this.#fileSize) this.#prefetch = this.#read();
    return true;
  }

  #read(): Promise<Uint8Array> {
    const from = this.#readTo;
    let to: number;
    if (from < this.#end) {
      to = Math.min(from + this.#nextChunkSize, this.#end, this.#fileSize);
      this.#nextChunkSize = Math.min(this.#nextChunkSize * 2, this.#maxChunkSize);
    } else {
      // Past the split's end only the rest of its last line is wanted: reads stay small there.
      to = Math.min(from + this.#chunkSize, this.#fileSize);
    }
    if (to <= from) return Promise.resolve(new Uint8Array(0));
    this.#readTo = to;
    const read = this.#fs.read(this.#path, from, to);
    read.catch(() => {}); // reported when awaited
    return read;
  }

  /** Drops a UTF-8 byte-order mark opening the file, as Hadoop does. */
  async #skipByteOrderMark(): Promise<void> {
    while (this.#length < 3 && this.#base + this.#length < this.#fileSize) if (!(await this.#more())) break;
    const b = this.#bytes;
    // The mark stays part of the first line for deciding which split owns it; only its text drops it.
    this.#bom = this.#length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  }

  /** The offset just past the first line terminator at or after `from` (reading as needed), or the file's end. */
  async #lineEnd(from: number): Promise<number> {
    for (;;) {
      const held = this.#base + this.#length;
      for (let i = Math.max(from, this.#base); i < held; i++) {
        const b = this.#bytes[i - this.#base];
        if (b === LF) return i + 1;
        if (b === CR) {
          if (i + 1 >= held && !(await this.#more())) return i + 1;
          return this.#bytes[i + 1 - this.#base] === LF ? i + 2 : i + 1;
        }
      }
      if (!(await this.#more())) return this.#base + this.#length;
    }
  }
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
