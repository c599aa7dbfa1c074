/**
 * Replaying an application's event log, as Spark's `ReplayListenerBus.replay`
 * does: the files in order, each decompressed and split into lines as it
 * streams in (the text is never held whole), every line that is a JSON event
 * handed on. A line that is not JSON stops the replay there: the events before
 * it stand, and the outcome says which file and line — unless it is the last
 * line of a log that may still be being written, which Spark skips with a
 * warning ("the file might not have finished writing cleanly").
 */
import type { SparkEvent } from '../events/types';
import { codecFromMagic, codecFromName, decompressor, type LogCodec } from './codecs';
import type { LogFile, LogSource } from './layout';

/** Where and why a replay stopped early, or what it skipped. */
export interface ReplayProblem {
  /**
   * `damaged`: a line that is not JSON, with more after it (or at the end of a
   * log that says it is complete): the replay stopped before it.
   * `truncated`: the last line of a log still being written is cut short (skipped, as Spark does).
   * `cut-short`: a compressed file ends inside a block (the lines before it were read).
   */
  kind: 'damaged' | 'truncated' | 'cut-short';
  file: string;
  /** 1-based line in the file's text; for `cut-short`, the last line read. */
  line: number;
  message: string;
}

export interface ReplayOutcome {
  /** Events handed on. */
  events: number;
  /** Compressed bytes read, over all files. */
  bytes: number;
  /** The file's first line is not a JSON event: not an event log at all (nothing was handed on). */
  notAnEventLog?: { file: string; reason: string };
  problem?: ReplayProblem;
  /** The codec of each file read (undefined: plain text). */
  codecs: (LogCodec | undefined)[];
}

export interface ReplayOptions {
  /** Called as bytes are read (at most once a chunk). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

/**
 * Replays a log's files into `onEvent`, one event at a time.
 *
 * @example
 * const builder = new AppModelBuilder();
 * const outcome = await replayLog(source, (event) => builder.add(event));
 * if (outcome.problem?.kind === 'damaged') console.warn(`${outcome.problem.file}, line ${outcome.problem.line}`);
 */
export async function replayLog(
  source: LogSource,
  onEvent: (event: SparkEvent) => void,
  options: ReplayOptions = {},
): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { events: 0, bytes: 0, codecs: [] };
  for (let i = 0; i < source.files.length; i++) {
    const file = source.files[i];
    const stop = await replayFile(file, source, i === 0, onEvent, outcome, options);
    if (stop) break;
  }
  return outcome;
}

/** Returns true when the replay must stop (damage, or not a log). */
async function replayFile(
  file: LogFile,
  source: LogSource,
  first: boolean,
  onEvent: (event: SparkEvent) => void,
  outcome: ReplayOutcome,
  options: ReplayOptions,
): Promise<boolean> {
  const raw = file.stream().getReader();
  const head = await raw.read();
  const firstChunk = head.done ? new Uint8Array(0) : head.value;
  const codec = codecFromName(file.path) ?? codecFromMagic(firstChunk);
  outcome.codecs.push(codec);
  const counted = countedStream(raw, firstChunk, head.done ?? false, outcome, source.size, options);
  let cutShort = false;
  const bytes = codec ? counted.pipeThrough(decompressor(codec, () => (cutShort = true))) : counted;
  const reader = bytes.getReader();

  const decoder = new TextDecoder();
  let carry = '';
  let lineNumber = 0;
  let seenContent = false;
  /** A line that failed to parse; whether it was the last decides what it means. */
  let failed: { line: number; reason: string } | null = null;

  // Returns true to stop reading this file.
  const handle = (text: string): boolean => {
    lineNumber += 1;
    const line = text.trim();
    if (line === '') return false;
    if (failed) {
      // More content after the bad line: the log is damaged there, as Spark's replay would find.
      outcome.problem = damaged(file, failed.line, failed.reason);
      return true;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    } catch (cause) {
      if (!seenContent && first) {
        outcome.notAnEventLog = { file: file.path, reason: 'its first line is not JSON' };
        return true;
      }
      failed = { line: lineNumber, reason: cause instanceof Error ? cause.message : String(cause) };
      return false;
    }
    if (!isEventObject(value)) {
      if (!seenContent && first) {
        outcome.notAnEventLog = { file: file.path, reason: 'its first line is not a Spark listener event' };
        return true;
      }
      return false; // JSON that is not an event: skipped, as Spark drops what it cannot read
    }
    seenContent = true;
    outcome.events += 1;
    onEvent(value);
    return false;
  };

  let stopped = false;
  try {
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      const { done, value } = await reader.read();
      if (done) break;
      const text = carry + decoder.decode(value, { stream: true });
      let start = 0;
      for (;;) {
        const end = text.indexOf('\n', start);
        if (end < 0) break;
        if (handle(text.slice(start, end))) {
          stopped = true;
          break;
        }
        start = end + 1;
      }
      if (stopped) break;
      carry = text.slice(start);
    }
    if (!stopped) {
      const rest = carry + decoder.decode();
      if (rest !== '') stopped = handle(rest);
    }
  } catch (error) {
    throw new Error(`${file.path}: ${(error as Error).message}`, { cause: error });
  } finally {
    if (stopped) await reader.cancel().catch(() => {});
  }
  if (stopped) return true;
  if (cutShort) {
    // Whatever whole lines came out before the cut were read; a partial last one is dropped.
    outcome.problem = {
      kind: 'cut-short',
      file: file.path,
      line: lineNumber,
      message: `${file.path}: the ${codec} stream ends in the middle of a compressed block, after line ${lineNumber}; the events before it are shown.`,
    };
    return true;
  }
  if (failed) {
    const last: { line: number; reason: string } = failed;
    if (source.mayBeTruncated) {
      outcome.problem = {
        kind: 'truncated',
        file: file.path,
        line: last.line,
        message:
          `${file.path}, line ${last.line}: the last line is cut short (the log was still being written); ` +
          'it is skipped, as Spark skips it.',
      };
      return false;
    }
    outcome.problem = damaged(file, last.line, last.reason);
    return true;
  }
  return false;
}

function damaged(file: LogFile, line: number, reason: string): ReplayProblem {
  return {
    kind: 'damaged',
    file: file.path,
    line,
    message: `${file.path}, line ${line}: not a JSON event (${reason}); the events before it are shown.`,
  };
}

/** The raw bytes again, from the chunk already read, counting them for progress. */
function countedStream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  firstChunk: Uint8Array,
  done: boolean,
  outcome: ReplayOutcome,
  totalBytes: number,
  options: ReplayOptions,
): ReadableStream<Uint8Array> {
  let pendingFirst: Uint8Array | null = firstChunk;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Loops past empty chunks: a pull that enqueues nothing would not be called again.
      for (;;) {
        let chunk: Uint8Array | undefined;
        if (pendingFirst) {
          chunk = pendingFirst;
          pendingFirst = null;
        } else if (!done) {
          const next = await reader.read();
          if (next.done) done = true;
          else chunk = next.value;
        }
        if (chunk === undefined) {
          controller.close();
          return;
        }
        if (chunk.length === 0) continue;
        outcome.bytes += chunk.length;
        options.onProgress?.(outcome.bytes, totalBytes);
        controller.enqueue(chunk);
        return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function isEventObject(value: unknown): value is SparkEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { Event?: unknown }).Event === 'string'
  );
}
