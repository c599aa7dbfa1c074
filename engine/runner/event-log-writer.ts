/**
 * Writing a run's event log where a History Server will read it, as Spark 4's
 * `EventLogFileWriter`s do (core …/deploy/history/EventLogFileWriters.scala).
 * Given a folder (`--event-log DIR`, Spark's `spark.eventLog.dir`), the layout
 * follows Spark 4's defaults (its migration guide: event logs are rolled and
 * compressed by default):
 * - rolled (`spark.eventLog.rolling.enabled`, default true): a folder
 *   `eventlog_v2_<appId>/` holding `appstatus_<appId>.inprogress` while the
 *   application runs (`appstatus_<appId>` once it ended) and parts
 *   `events_<N>_<appId>[.zstd]`, a new part past `spark.eventLog.rolling.maxFileSize`;
 * - otherwise one file `<appId>[.zstd]`, named `….inprogress` until the end.
 * Compression (`spark.eventLog.compress`, default true) is zstd, Spark's default
 * `spark.eventLog.compression.codec`, written as a zstd frame per flush so the
 * part on disk is readable at every moment, as a running application's is.
 * Given a path that is not a folder, the log is one plain JSON-lines file there.
 */
import { appendFileSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SparkEvent } from '../events/types';

/** zstd frames are compressed by the zstd WebAssembly build from npm, loaded once. */
type Compress = (data: Uint8Array, level: number) => Uint8Array;
let zstdCompress: Promise<Compress> | null = null;
function loadZstd(): Promise<Compress> {
  zstdCompress ??= import('@bokuweb/zstd-wasm').then(async (zstd) => {
    await zstd.init();
    return zstd.compress as Compress;
  });
  return zstdCompress;
}

/** Spark's short codec names; a History Server takes a file's last extension for one of these. */
const CODEC_EXTENSIONS = new Set(['lz4', 'lzf', 'snappy', 'zstd']);
const IN_PROGRESS = '.inprogress';
/** Spark's `spark.eventLog.rolling.maxFileSize` default, and its minimum. */
const DEFAULT_MAX_FILE_SIZE = 128 * 2 ** 20;
const MIN_MAX_FILE_SIZE = 10 * 2 ** 20;
/** Text held before it is compressed into a frame and written. */
const FLUSH_BYTES = 1 * 2 ** 20;
const FLUSH_INTERVAL_MS = 1000;

export interface EventLogTarget {
  /** Takes the next event (buffered; written soon). */
  post(event: SparkEvent): void;
  /** Writes what is buffered; once the application ended, marks the log complete. */
  close(): Promise<void>;
  /** Where the log is (the file, or a rolled log's folder), once the application id is known. */
  readonly location: string | null;
}

/**
 * A warning for a plain log file's name, when a History Server would misread
 * it: it takes the last extension (`.inprogress` aside) for a compression codec.
 *
 * @example
 * historyServerNameWarning('kindling-join.log')
 * // 'a History Server takes the last extension of kindling-join.log (".log") for a compression codec …'
 */
export function historyServerNameWarning(path: string): string | null {
  let name = basename(path);
  if (name.endsWith(IN_PROGRESS)) name = name.slice(0, -IN_PROGRESS.length);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = name.slice(dot + 1);
  const why = CODEC_EXTENSIONS.has(extension.toLowerCase())
    ? `and would try to decompress this plain log as ${extension}`
    : 'and fails to read it';
  return (
    `a History Server takes the last extension of ${name} (".${extension}") for a compression codec ${why}; ` +
    'to let one read it, name the file without an extension (as Spark names logs, by application id), ' +
    'or give --event-log a folder.'
  );
}

/**
 * Opens where a run's events go: a folder gets Spark 4's layout (per `conf`),
 * any other path one plain JSON-lines file (created now, so a bad path fails
 * before the run).
 *
 * @example
 * const target = openEventLogTarget('/tmp/spark-events', conf);
 * bus.subscribe((e) => target.post(e));
 * await target.close();
 */
export function openEventLogTarget(path: string, conf: Readonly<Record<string, string>>): EventLogTarget {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // Not there yet: a file to create.
  }
  if (!isFolder) return new PlainFileTarget(path);
  const flag = (key: string, fallback: boolean) => (conf[key] ?? String(fallback)).trim().toLowerCase() !== 'false';
  return new SparkLayoutTarget(path, {
    rolling: flag('spark.eventLog.rolling.enabled', true),
    compress: flag('spark.eventLog.compress', true),
    maxFileSize: Math.max(
      MIN_MAX_FILE_SIZE,
      parseSize(conf['spark.eventLog.rolling.maxFileSize']) ?? DEFAULT_MAX_FILE_SIZE,
    ),
  });
}

class PlainFileTarget implements EventLogTarget {
  readonly location: string;
  constructor(path: string) {
    this.location = path;
    writeFileSync(path, '');
  }
  post(event: SparkEvent): void {
    appendFileSync(this.location, JSON.stringify(event) + '\n');
  }
  async close(): Promise<void> {}
}

interface LayoutOptions {
  rolling: boolean;
  compress: boolean;
  maxFileSize: number;
}

class SparkLayoutTarget implements EventLogTarget {
  location: string | null = null;
  readonly #dir: string;
  readonly #options: LayoutOptions;
  /** Events before the application id is known (LogStart, the environment…). */
  #early: string[] = [];
  #appId: string | null = null;
  #ended = false;
  #buffer: string[] = [];
  #bufferBytes = 0;
  #partIndex = 0;
  #partBytes = 0;
  #partPath = '';
  /** Writes happen one after another, in order. */
  #chain: Promise<void> = Promise.resolve();
  #error: unknown = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(dir: string, options: LayoutOptions) {
    this.#dir = dir;
    this.#options = options;
  }

  post(event: SparkEvent): void {
    const line = JSON.stringify(event) + '\n';
    if (event.Event === 'SparkListenerApplicationStart' && this.#appId === null) {
      this.#start(String((event as { 'App ID'?: unknown })['App ID'] ?? `app-${Date.now()}`));
    }
    if (event.Event === 'SparkListenerApplicationEnd') this.#ended = true;
    if (this.#appId === null) {
      this.#early.push(line);
      return;
    }
    this.#buffer.push(line);
    this.#bufferBytes += line.length;
    if (this.#bufferBytes >= FLUSH_BYTES) this.#flush();
    // A running application's log stays current on disk, as Spark's is flushed after its events.
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, FLUSH_INTERVAL_MS);
    this.#timer.unref?.();
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#appId === null) this.#start(`app-${Date.now()}`);
    this.#flush();
    this.#chain = this.#chain.then(() => this.#finish());
    await this.#chain;
    if (this.#error) throw this.#error;
  }

  #start(appId: string): void {
    // Spark's EventLogFileWriter.nameForAppAndAttempt keeps ids file-name safe.
    this.#appId = appId
      .replace(/[ :/]/g, '-')
      .replace(/[.${}'"]/g, '_')
      .toLowerCase();
    if (this.#options.rolling) {
      const folder = join(this.#dir, `eventlog_v2_${this.#appId}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `appstatus_${this.#appId}${IN_PROGRESS}`), '');
      this.location = folder;
      this.#nextPart();
    } else {
      this.#partPath = join(this.#dir, `${this.#appId}${this.#codecSuffix()}${IN_PROGRESS}`);
      writeFileSync(this.#partPath, '');
      this.location = this.#partPath;
    }
    this.#buffer = this.#early;
    this.#bufferBytes = this.#early.reduce((sum, line) => sum + line.length, 0);
    this.#early = [];
  }

  #codecSuffix(): string {
    return this.#options.compress ? '.zstd' : '';
  }

  #nextPart(): void {
    this.#partIndex += 1;
    this.#partBytes = 0;
    this.#partPath = join(this.location!, `events_${this.#partIndex}_${this.#appId}${this.#codecSuffix()}`);
    writeFileSync(this.#partPath, '');
  }

  #flush(): void {
    if (this.#buffer.length === 0) return;
    const text = this.#buffer.join('');
    this.#buffer = [];
    this.#bufferBytes = 0;
    this.#chain = this.#chain.then(async () => {
      try {
        // RollingEventLogFilesWriter rolls before a write that would pass the limit (by uncompressed bytes here).
        if (this.#options.rolling && this.#partBytes > 0 && this.#partBytes + text.length > this.#options.maxFileSize) {
          this.#nextPart();
        }
        const bytes = new TextEncoder().encode(text);
        appendFileSync(this.#partPath, this.#options.compress ? (await loadZstd())(bytes, 1) : bytes);
        this.#partBytes += bytes.length;
      } catch (error) {
        this.#error ??= error;
      }
    });
  }

  #finish(): void {
    if (!this.#ended || !this.#appId || !this.location) return;
    // An application that ended is marked complete; one cut short stays in progress, as Spark leaves it.
    if (this.#options.rolling) {
      renameSync(
        join(this.location, `appstatus_${this.#appId}${IN_PROGRESS}`),
        join(this.location, `appstatus_${this.#appId}`),
      );
    } else {
      const done = this.#partPath.slice(0, -IN_PROGRESS.length);
      renameSync(this.#partPath, done);
      this.location = done;
    }
  }
}

/** `128m`, `10MB`, `1048576` → bytes. */
function parseSize(text: string | undefined): number | null {
  if (!text) return null;
  const match = /^\s*(\d+)\s*([kmgt]?)b?\s*$/i.exec(text);
  if (!match) return null;
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(match[1]) * 1024 ** power;
}
