/**
 * Compressed event logs as Spark writes them. zstd is checked on real Spark
 * logs (corpus/*.zstd, here and in history-corpus.test.ts); lz4, snappy and
 * lzf on logs that the Java libraries Spark's CompressionCodec uses wrote,
 * opened with Spark 4.0's arguments (test/fixtures/codec-logs/, made by
 * scripts/spark-codec-logs/), and on logs written in the same framings by
 * test/support/spark-codec-writers.ts for the cases those files do not cover.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { codecFromMagic, codecFromName, decompressor } from '../../engine/history/codecs';
import { findLogSources, type LogFile } from '../../engine/history/layout';
import { readLog, summarizeApplication } from '../../engine/history/summary';
import { lz4BlockStream, lzfStream, snappyJavaStream, streamOf } from '../support/spark-codec-writers';

const plainText = readFileSync(new URL('../../../shared/spark-events/local-1430917381534', import.meta.url));
const zstdBytes = readFileSync(
  new URL(
    '../../../shared/spark-events/corpus/rapids__spark-events-qualification__aqeshuffle_eventlog.zstd',
    import.meta.url,
  ),
);

function file(path: string, bytes: Uint8Array, chunkSize = 1000): LogFile {
  return { path, size: bytes.length, stream: streamOf(bytes, chunkSize) };
}

async function summarize(files: LogFile[]) {
  const { sources } = findLogSources(files);
  expect(sources).toHaveLength(1);
  const { model, outcome } = await readLog(sources[0]);
  return { summary: summarizeApplication(sources[0], model, outcome), outcome };
}

describe('recognising a codec', () => {
  it('by the last extension, past .inprogress and .compact, as EventLogFileWriter.codecName', () => {
    expect(codecFromName('eventlog_v2_app-1/events_3_app-1.zstd')).toBe('zstd');
    expect(codecFromName('app-20240101-0001.lz4.inprogress')).toBe('lz4');
    expect(codecFromName('events_1_app-1.snappy.compact')).toBe('snappy');
    expect(codecFromName('application_1_0001_1.lzf')).toBe('lzf');
    expect(codecFromName('eventlog-2024-01-02--10-30.gz')).toBe('gzip');
    expect(codecFromName('local-1430917381534')).toBeUndefined();
  });

  it('by its first bytes', () => {
    expect(codecFromMagic(zstdBytes.subarray(0, 8))).toBe('zstd');
    expect(codecFromMagic(lz4BlockStream(plainText))).toBe('lz4');
    expect(codecFromMagic(snappyJavaStream(plainText))).toBe('snappy');
    expect(codecFromMagic(lzfStream(plainText))).toBe('lzf');
    expect(codecFromMagic(gzipSync(plainText))).toBe('gzip');
    expect(codecFromMagic(plainText)).toBeUndefined();
  });
});

/** Decompresses `bytes` as a stream of 999-byte chunks (odd, so blocks straddle chunks). */
async function decompressAll(codec: 'lz4' | 'snappy' | 'lzf', bytes: Uint8Array) {
  let cut = false;
  const stream = streamOf(bytes, 999)().pipeThrough(decompressor(codec, () => (cut = true)));
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return { bytes: Buffer.concat(parts), cut };
}

describe('logs the Java libraries wrote as Spark 4.0 opens them', () => {
  // scripts/spark-codec-logs/SparkCodecLogs.java: lz4-java 1.8.0's LZ4BlockOutputStream(32k,
  // fastCompressor, xxhash32(0x9747b28c).asChecksum, syncFlush=false), snappy-java's
  // SnappyOutputStream(32k), compress-lzf's LZFOutputStream with setFinishBlockOnFlush(true), each
  // under EventLogFileWriter's 100k BufferedOutputStream with a flush after every event. One log
  // is Spark 4's (a 98 KB environment line spans blocks), one Spark 1.4's (231 short lines).
  const fixtures = new URL('../fixtures/codec-logs/', import.meta.url);
  const read = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
  const plainLog = (name: string) => readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url));
  const cases = ['lz4', 'snappy', 'lzf'].flatMap((codec) =>
    ['spark4-sparkpi-events_1', 'local-1430917381534'].map((log) => [codec as 'lz4' | 'snappy' | 'lzf', log] as const),
  );

  it.each(cases)('decodes a %s log (%s) to the very bytes written', async (codec, log) => {
    const bytes = read(`${log}.${codec}`);
    expect(codecFromMagic(bytes)).toBe(codec);
    const decoded = await decompressAll(codec, bytes);
    expect(decoded.cut).toBe(false);
    expect(decoded.bytes.equals(plainLog(log))).toBe(true);
  });

  it.each(cases)('opens a %s log (%s) as the same application as the plain one', async (codec, log) => {
    const plain = await summarize([file(log, plainLog(log))]);
    expect(plain.summary).toMatchObject({ completed: true, problem: null });
    expect(plain.summary.tasks).toBeGreaterThan(0);
    for (const name of [`${log}.${codec}`, log]) {
      const { summary, outcome } = await summarize([file(name, read(`${log}.${codec}`))]);
      expect(outcome.codecs).toEqual([codec]);
      expect({ ...summary, path: '' }).toEqual({ ...plain.summary, path: '' });
    }
  });

  it('opens the lz4 log of a running application (its last block still in memory) as incomplete', async () => {
    const bytes = read('local-1430917381534.lz4.inprogress');
    const decoded = await decompressAll('lz4', bytes);
    // syncFlush=false keeps the last partial block in lz4-java's buffer: what is on disk is a prefix.
    expect(decoded.cut).toBe(false);
    const plain = plainLog('local-1430917381534');
    expect(decoded.bytes.length).toBeGreaterThan(0);
    expect(decoded.bytes.length).toBeLessThan(plain.length);
    expect(plain.subarray(0, decoded.bytes.length).equals(decoded.bytes)).toBe(true);
    const { summary } = await summarize([file('local-1430917381534.lz4.inprogress', bytes)]);
    expect(summary).toMatchObject({ id: 'local-1430917381534', completed: false });
    expect(summary.tasks).toBeGreaterThan(0);
  });
});

describe('reading compressed logs', () => {
  const expected = { id: 'local-1430917381534', jobs: 1, stages: 2, tasks: 110, completed: true, problem: null };

  it.each([
    ['lz4', lz4BlockStream(plainText)],
    ['snappy', snappyJavaStream(plainText)],
    ['lzf', lzfStream(plainText)],
  ])('reads a %s log, named by its codec or not', async (codec, bytes) => {
    for (const name of [`local-1430917381534.${codec}`, 'local-1430917381534']) {
      const { summary, outcome } = await summarize([file(name, bytes)]);
      expect(summary).toMatchObject(expected);
      expect(outcome.codecs).toEqual([codec]);
    }
  });

  it('reads a real zstd log (Spark 3.1, ZstdOutputStream)', async () => {
    const { summary } = await summarize([file('aqeshuffle_eventlog.zstd', zstdBytes, 4096)]);
    expect(summary).toMatchObject({ jobs: 4, stages: 9, tasks: 26, sqlExecutions: 1, completed: true });
  });

  it('reads lz4 streams written one after another (LZ4BlockInputStream reads past an end block)', async () => {
    const lines = new TextDecoder().decode(plainText).split('\n');
    const half = Math.floor(lines.length / 2);
    const enc = new TextEncoder();
    const first = lz4BlockStream(enc.encode(lines.slice(0, half).join('\n') + '\n'), 4096);
    const second = lz4BlockStream(enc.encode(lines.slice(half).join('\n')), 4096);
    const both = new Uint8Array([...first, ...second]);
    const { summary } = await summarize([file('local-1430917381534.lz4', both)]);
    expect(summary).toMatchObject(expected);
  });

  it('refuses an lz4 block whose checksum is wrong', async () => {
    const bytes = lz4BlockStream(plainText, 4096);
    bytes[17] ^= 1; // the first block's checksum
    const { sources } = findLogSources([file('x.lz4', bytes)]);
    await expect(readLog(sources[0])).rejects.toThrow(/x\.lz4: lz4: a block fails its checksum/);
  });

  it('keeps what came before when a compressed log is cut off mid-block', async () => {
    // fzstd hands on output a window (128 KiB of text here) at a time, so a zstd cut keeps less.
    for (const [codec, bytes, kept] of [
      ['lz4', lz4BlockStream(plainText, 4096, false), 0.6],
      ['zstd', zstdBytes, 0.95],
    ] as const) {
      const cut = bytes.subarray(0, Math.floor(bytes.length * kept));
      const { summary, outcome } = await summarize([file(`app.${codec}.inprogress`, cut)]);
      expect(outcome.problem).toMatchObject({ kind: 'cut-short', file: `app.${codec}.inprogress` });
      expect(outcome.events).toBeGreaterThan(10);
      expect(summary.completed).toBe(false);
    }
  });
});
