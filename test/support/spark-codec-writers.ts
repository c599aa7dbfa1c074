/**
 * Event logs compressed in exactly the framings Spark 4.0 writes, for tests:
 * there are no real lz4, snappy or lzf logs to read, so these writers follow
 * the Java libraries Spark's `CompressionCodec` (core …/io/CompressionCodec.scala)
 * wraps its output streams in:
 * - `LZ4CompressionCodec`: lz4-java `LZ4BlockOutputStream(out, blockSize = 32k
 *   (spark.io.compression.lz4.blockSize), fastCompressor,
 *   XXHashFactory.newStreamingHash32(0x9747b28c).asChecksum, syncFlush = false)`;
 *   its `flushBufferedData` and `finish` write "LZ4Block", a token (method |
 *   compression level), the compressed length, the original length and the
 *   checksum (xxhash32 & 0xFFFFFFF), little-endian; a block that does not shrink
 *   is stored raw (method 0x10); `finish` ends with an empty raw block.
 * - `SnappyCompressionCodec`: snappy-java `SnappyOutputStream(out, 32k)`:
 *   `SnappyCodec` header (`-126 'S' 'N' 'A' 'P' 'P' 'Y' 0`, version 1,
 *   compatible version 1, big-endian ints), then per block a big-endian length
 *   and the raw Snappy bytes.
 * - `LZFCompressionCodec`: compress-lzf `LZFOutputStream` (64 KiB − 1 chunks,
 *   `LZFChunk`): "ZV", type 1 with big-endian compressed and original lengths,
 *   or type 0 (stored) with one length when compressing does not help.
 */
import { compressBlock, compressBound } from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import { compress as snappyCompress } from 'snappyjs';

/** As `LZ4BlockOutputStream`. Pass `finish: false` to leave a stream unfinished (a log still being written). */
export function lz4BlockStream(data: Uint8Array, blockSize = 32 * 1024, finish = true): Uint8Array {
  const level = Math.max(0, 32 - Math.clz32(blockSize - 1) - 10);
  const out: number[] = [];
  const header = (method: number, compressed: number, original: number, checksum: number) => {
    out.push(...[0x4c, 0x5a, 0x34, 0x42, 0x6c, 0x6f, 0x63, 0x6b], method | level);
    for (const value of [compressed, original, checksum])
      out.push(value & 255, (value >>> 8) & 255, (value >>> 16) & 255, (value >>> 24) & 255);
  };
  for (let start = 0; start < data.length; start += blockSize) {
    const block = data.subarray(start, Math.min(data.length, start + blockSize));
    const checksum = xxh32(0x9747b28c, block, 0, block.length) & 0xfffffff;
    const compressed = new Uint8Array(compressBound(block.length));
    const length = compressBlock(block, compressed, 0, block.length, new Uint32Array(1 << 16));
    if (length > 0 && length < block.length) {
      header(0x20, length, block.length, checksum);
      out.push(...compressed.subarray(0, length));
    } else {
      header(0x10, block.length, block.length, checksum);
      out.push(...block);
    }
  }
  if (finish) header(0x10, 0, 0, 0);
  return new Uint8Array(out);
}

/** As `SnappyOutputStream`. */
export function snappyJavaStream(data: Uint8Array, blockSize = 32 * 1024): Uint8Array {
  const out: number[] = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let start = 0; start < data.length; start += blockSize) {
    const compressed = snappyCompress(data.slice(start, Math.min(data.length, start + blockSize)));
    const n = compressed.length;
    out.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...compressed);
  }
  return new Uint8Array(out);
}

/** As `LZFOutputStream`: chunks of at most 65,535 bytes, compressed when that is shorter. */
export function lzfStream(data: Uint8Array, chunkSize = 0xffff): Uint8Array {
  const out: number[] = [];
  for (let start = 0; start < data.length; start += chunkSize) {
    const chunk = data.subarray(start, Math.min(data.length, start + chunkSize));
    const compressed = lzfCompress(chunk);
    if (compressed.length < chunk.length) {
      out.push(
        0x5a,
        0x56,
        1,
        compressed.length >> 8,
        compressed.length & 255,
        chunk.length >> 8,
        chunk.length & 255,
        ...compressed,
      );
    } else {
      out.push(0x5a, 0x56, 0, chunk.length >> 8, chunk.length & 255, ...chunk);
    }
  }
  return new Uint8Array(out);
}

/**
 * A plain greedy LZF encoder (liblzf's format: literal runs of up to 32 bytes,
 * back references of 3–264 bytes within 8 KiB). Not compress-lzf's exact
 * choices of matches, which any LZF decoder reads the same.
 */
function lzfCompress(input: Uint8Array): number[] {
  const out: number[] = [];
  const table = new Map<number, number>();
  let literals: number[] = [];
  const flushLiterals = () => {
    for (let i = 0; i < literals.length; i += 32) {
      const run = literals.slice(i, i + 32);
      out.push(run.length - 1, ...run);
    }
    literals = [];
  };
  let i = 0;
  while (i < input.length) {
    const key = i + 2 < input.length ? (input[i] << 16) | (input[i + 1] << 8) | input[i + 2] : -1;
    const candidate = key >= 0 ? table.get(key) : undefined;
    if (key >= 0) table.set(key, i);
    const distance = candidate === undefined ? 0 : i - candidate - 1;
    if (candidate !== undefined && distance < 8192) {
      let length = 0;
      while (length < 264 && i + length < input.length && input[candidate + length] === input[i + length]) length++;
      if (length >= 3) {
        flushLiterals();
        const encoded = length - 2;
        if (encoded < 7) out.push((encoded << 5) | (distance >> 8), distance & 255);
        else out.push((7 << 5) | (distance >> 8), encoded - 7, distance & 255);
        i += length;
        continue;
      }
    }
    literals.push(input[i++]);
  }
  flushLiterals();
  return out;
}

/** A LogFile-like stream over bytes, delivered in chunks of `chunkSize` (odd sizes cross block boundaries). */
export function streamOf(bytes: Uint8Array, chunkSize = 1000): () => ReadableStream<Uint8Array> {
  return () => {
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + chunkSize));
        offset += chunkSize;
      },
    });
  };
}
