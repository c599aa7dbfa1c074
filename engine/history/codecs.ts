/**
 * The compression codecs Spark writes event logs with, recognised the way
 * Spark names them and by their first bytes, and decoded as streams so a log
 * is never held whole in memory.
 *
 * Spark 4.0's `CompressionCodec` (core …/io/CompressionCodec.scala) picks a
 * codec by its short name, which `EventLogFileWriter` appends to the file name
 * (`events_1_app-1.zstd`); the reader takes it back from the last extension.
 * The framings are the Java libraries' own:
 * - `zstd`: `ZstdOutputStreamNoFinalizer` (zstd-jni), standard zstd frames — fzstd.
 * - `lz4`: lz4-java's `LZ4BlockOutputStream(out, 32k, fastCompressor,
 *   xxhash32(seed 0x9747b28c).asChecksum, syncFlush=false)`: blocks of
 *   `"LZ4Block"`, a token (method | level), compressed and original lengths and
 *   the checksum (little-endian), then the data; an empty block ends a stream,
 *   and streams may follow one another — lz4js decodes the raw LZ4 blocks.
 * - `snappy`: snappy-java's `SnappyOutputStream(out, 32k)`: a 16-byte header
 *   (`0x82 "SNAPPY" 0`, version 1, compatible version 1, big-endian) and blocks
 *   of a big-endian length and raw Snappy data — snappyjs decodes the blocks.
 * - `lzf`: compress-lzf's `LZFOutputStream`: chunks of `"ZV"`, a type (0 stored,
 *   1 compressed) and big-endian lengths — decoded here (a dozen lines of LZF).
 * - `gzip`: not a Spark codec, but Databricks rolls its logs into
 *   `eventlog-<date>.gz` parts — the platform's own `DecompressionStream`.
 */
import { Decompress as ZstdDecompress } from 'fzstd';
import { decompressBlock as lz4DecompressBlock } from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import { uncompress as snappyUncompress } from 'snappyjs';

/** Spark's short codec names (`CompressionCodec.shortCompressionCodecNames`), and gzip for Databricks. */
export type LogCodec = 'zstd' | 'lz4' | 'snappy' | 'lzf' | 'gzip';

const SPARK_CODECS = new Set<string>(['zstd', 'lz4', 'snappy', 'lzf']);
const IN_PROGRESS_SUFFIX = '.inprogress';
const COMPACTED_SUFFIX = '.compact';

/**
 * The codec a file's name says, as Spark's `EventLogFileWriter.codecName`
 * reads it: the last extension once `.compact` and `.inprogress` are removed
 * (application ids never contain dots); `.gz` for Databricks parts.
 *
 * @example
 * codecFromName('eventlog_v2_app-1/events_1_app-1.zstd') // 'zstd'
 * codecFromName('app-1.lz4.inprogress') // 'lz4'
 * codecFromName('local-1430917381534') // undefined
 */
export function codecFromName(path: string): LogCodec | undefined {
  let name = path.split(/[/\\]/).pop() ?? path;
  if (name.endsWith(COMPACTED_SUFFIX)) name = name.slice(0, -COMPACTED_SUFFIX.length);
  if (name.endsWith(IN_PROGRESS_SUFFIX)) name = name.slice(0, -IN_PROGRESS_SUFFIX.length);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = name.slice(dot + 1).toLowerCase();
  if (SPARK_CODECS.has(extension)) return extension as LogCodec;
  return extension === 'gz' ? 'gzip' : undefined;
}

/**
 * The codec a file's first bytes say, whatever its name: zstd's frame magic,
 * gzip's, `LZ4Block`, snappy-java's header, LZF's `ZV`. Plain JSON lines start
 * with `{` (or a byte-order mark) and give `undefined`.
 *
 * @example
 * codecFromMagic(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xa4])) // 'zstd'
 */
export function codecFromMagic(head: Uint8Array): LogCodec | undefined {
  const starts = (bytes: readonly number[]) => bytes.every((b, i) => head[i] === b);
  if (starts([0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (starts([0x1f, 0x8b])) return 'gzip';
  if (starts(LZ4_MAGIC)) return 'lz4';
  if (starts(SNAPPY_MAGIC)) return 'snappy';
  if (starts([0x5a, 0x56]) && (head[2] === 0 || head[2] === 1)) return 'lzf';
  return undefined;
}

/**
 * A stream that decompresses `codec`, chunk by chunk. Input that ends in the
 * middle of a block or frame (a file cut short, or still being written) ends
 * the output after everything before it and calls `onTruncated`: erroring the
 * stream instead would throw away what is still queued in it.
 *
 * @example
 * const text = file.stream().pipeThrough(decompressor('zstd', () => (cut = true))).pipeThrough(new TextDecoderStream());
 */
export function decompressor(codec: LogCodec, onTruncated: () => void): TransformStream<Uint8Array, Uint8Array> {
  switch (codec) {
    case 'zstd':
      return zstdStream(onTruncated);
    case 'gzip':
      return gzipStream();
    case 'lz4':
      return blockStream(new Lz4BlockReader(), onTruncated);
    case 'snappy':
      return blockStream(new SnappyBlockReader(), onTruncated);
    case 'lzf':
      return blockStream(new LzfChunkReader(), onTruncated);
  }
}

// ---------------------------------------------------------------------------

function zstdStream(onTruncated: () => void): TransformStream<Uint8Array, Uint8Array> {
  let pending: Uint8Array[] = [];
  let sawInput = false;
  const decoder = new ZstdDecompress((data) => {
    if (data.length > 0) pending.push(data);
  });
  const drain = (controller: TransformStreamDefaultController<Uint8Array>) => {
    for (const chunk of pending) controller.enqueue(chunk);
    pending = [];
  };
  return new TransformStream({
    transform(chunk, controller) {
      sawInput ||= chunk.length > 0;
      decoder.push(chunk);
      drain(controller);
    },
    flush(controller) {
      if (!sawInput) return;
      try {
        decoder.push(new Uint8Array(0), true);
      } catch (cause) {
        drain(controller);
        // fzstd reports a cut-off frame as "unexpected EOF" (code 5).
        if ((cause as { code?: number }).code === 5) onTruncated();
        else throw cause;
      }
      drain(controller);
    },
  });
}

function gzipStream(): TransformStream<Uint8Array, Uint8Array> {
  // The platform's own inflater; its errors name the problem well enough.
  return new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
}

/** A framing of whole blocks: `read` takes what it can from `input` and says how many bytes it used. */
interface BlockReader {
  readonly codec: LogCodec;
  /** Decodes the complete blocks at the start of `input`; returns the bytes consumed (0: need more). */
  read(input: Uint8Array, out: (block: Uint8Array) => void): number;
}

function blockStream(reader: BlockReader, onTruncated: () => void): TransformStream<Uint8Array, Uint8Array> {
  let buffered: Uint8Array = new Uint8Array(0);
  return new TransformStream({
    transform(chunk, controller) {
      buffered = concat(buffered, chunk);
      let offset = 0;
      for (;;) {
        const used = reader.read(buffered.subarray(offset), (block) => controller.enqueue(block));
        if (used === 0) break;
        offset += used;
      }
      buffered = buffered.slice(offset);
    },
    flush() {
      if (buffered.length > 0) onTruncated();
    },
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

const LZ4_MAGIC = [0x4c, 0x5a, 0x34, 0x42, 0x6c, 0x6f, 0x63, 0x6b]; // "LZ4Block"
const LZ4_HEADER_LENGTH = LZ4_MAGIC.length + 1 + 4 + 4 + 4;
const LZ4_METHOD_RAW = 0x10;
const LZ4_METHOD_LZ4 = 0x20;
/** `LZ4BlockOutputStream.DEFAULT_SEED`. */
const LZ4_SEED = 0x9747b28c;

/** lz4-java's `LZ4BlockInputStream`, reading concatenated streams (Spark's `disableConcatenationOfByteStream = false`). */
class Lz4BlockReader implements BlockReader {
  readonly codec = 'lz4';

  read(input: Uint8Array, out: (block: Uint8Array) => void): number {
    if (input.length < LZ4_HEADER_LENGTH) return 0;
    if (!LZ4_MAGIC.every((b, i) => input[i] === b)) throw new Error('lz4: a block does not start with "LZ4Block"');
    const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const method = input[8] & 0xf0;
    const compressedLength = view.getInt32(9, true);
    const originalLength = view.getInt32(13, true);
    const checksum = view.getInt32(17, true);
    if (compressedLength < 0 || originalLength < 0 || (method !== LZ4_METHOD_RAW && method !== LZ4_METHOD_LZ4)) {
      throw new Error('lz4: a block header is corrupt');
    }
    const end = LZ4_HEADER_LENGTH + compressedLength;
    if (input.length < end) return 0;
    // An empty block ends one stream; another may follow.
    if (originalLength === 0) return end;
    const data = input.subarray(LZ4_HEADER_LENGTH, end);
    let block: Uint8Array;
    if (method === LZ4_METHOD_RAW) block = data.slice();
    else {
      block = new Uint8Array(originalLength);
      const written = lz4DecompressBlock(data, block, 0, data.length, 0);
      if (written !== originalLength) throw new Error('lz4: a block decompressed to the wrong length');
    }
    // StreamingXXHash32.asChecksum keeps the low 28 bits.
    if ((xxh32(LZ4_SEED, block, 0, block.length) & 0xfffffff) !== checksum) {
      throw new Error('lz4: a block fails its checksum');
    }
    out(block);
    return end;
  }
}

const SNAPPY_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]; // -126 "SNAPPY" 0
const SNAPPY_HEADER_LENGTH = SNAPPY_MAGIC.length + 8;

/** snappy-java's `SnappyInputStream`: a header, then length-prefixed raw Snappy blocks; headers may recur (concatenated streams). */
class SnappyBlockReader implements BlockReader {
  readonly codec = 'snappy';
  #sawHeader = false;

  read(input: Uint8Array, out: (block: Uint8Array) => void): number {
    if (input.length >= 1 && input[0] === SNAPPY_MAGIC[0]) {
      if (input.length < SNAPPY_HEADER_LENGTH) return 0;
      if (!SNAPPY_MAGIC.every((b, i) => input[i] === b)) throw new Error('snappy: not a snappy-java stream');
      this.#sawHeader = true;
      return SNAPPY_HEADER_LENGTH;
    }
    if (!this.#sawHeader) throw new Error('snappy: not a snappy-java stream (no SNAPPY header)');
    if (input.length < 4) return 0;
    const length = new DataView(input.buffer, input.byteOffset, input.byteLength).getInt32(0, false);
    if (length < 0) throw new Error('snappy: a block length is corrupt');
    if (input.length < 4 + length) return 0;
    out(snappyUncompress(input.subarray(4, 4 + length)));
    return 4 + length;
  }
}

/** compress-lzf's `LZFInputStream`: `ZV` chunks, stored or compressed, at most 64 KiB each. */
class LzfChunkReader implements BlockReader {
  readonly codec = 'lzf';

  read(input: Uint8Array, out: (block: Uint8Array) => void): number {
    if (input.length < 5) return 0;
    if (input[0] !== 0x5a || input[1] !== 0x56) throw new Error('lzf: a chunk does not start with "ZV"');
    const type = input[2];
    const length = (input[3] << 8) | input[4];
    if (type === 0) {
      if (input.length < 5 + length) return 0;
      out(input.slice(5, 5 + length));
      return 5 + length;
    }
    if (type !== 1) throw new Error(`lzf: unknown chunk type ${type}`);
    if (input.length < 7) return 0;
    const originalLength = (input[5] << 8) | input[6];
    if (input.length < 7 + length) return 0;
    out(lzfDecompress(input.subarray(7, 7 + length), originalLength));
    return 7 + length;
  }
}

/**
 * LZF (liblzf's `lzf_decompress`): a control byte below 32 copies that many
 * + 1 literal bytes; otherwise it is a back reference of length `ctrl >> 5`
 * (7 means more in the next byte) + 2, at distance `((ctrl & 31) << 8) + next + 1`.
 * Written here because the one npm package builds its output in a plain array.
 */
function lzfDecompress(input: Uint8Array, originalLength: number): Uint8Array {
  const output = new Uint8Array(originalLength);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const count = ctrl + 1;
      if (ip + count > input.length || op + count > originalLength) throw new Error('lzf: a literal run overflows');
      output.set(input.subarray(ip, ip + count), op);
      ip += count;
      op += count;
      continue;
    }
    let length = ctrl >> 5;
    if (length === 7) length += input[ip++];
    const reference = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
    length += 2;
    if (reference < 0 || op + length > originalLength || ip > input.length)
      throw new Error('lzf: a back reference is corrupt');
    // Byte by byte: a reference may overlap what it writes.
    for (let i = 0; i < length; i++) output[op++] = output[reference + i];
  }
  if (op !== originalLength) throw new Error('lzf: a chunk decompressed to the wrong length');
  return output;
}
