/**
 * Spark's event-log file format: one JSON object per line (JSON Lines), one
 * listener event per object, exactly as `EventLoggingListener` writes it. This
 * module writes Kindling's events in that format and reads logs written by
 * Spark itself: a single file (`<appId>`, `<appId>.inprogress`) or the rolled
 * layout of `spark.eventLog.rolling.enabled` (a folder `eventlog_v2_<appId>/`).
 */
import type { SparkEvent } from './types';

/**
 * One event as one line of an event log, without the line break.
 *
 * @example
 * toEventLogLine({ Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' })
 * // '{"Event":"SparkListenerLogStart","Spark Version":"4.0.0"}'
 */
export function toEventLogLine(event: SparkEvent): string {
  // JSON.stringify escapes line breaks inside strings, so the result is always one line.
  return JSON.stringify(event);
}

/**
 * A whole event log: one line per event, each ending in a line break (as
 * Spark's writer ends every line).
 *
 * @example
 * writeEventLog(bus.events) // '{"Event":"SparkListenerLogStart",…}\n{"Event":…}\n'
 */
export function writeEventLog(events: readonly SparkEvent[]): string {
  let text = '';
  for (const event of events) text += toEventLogLine(event) + '\n';
  return text;
}

/**
 * Reads one event-log file. Tolerates what real logs contain: blank lines,
 * CRLF line ends, a missing final line break, a byte-order mark, and lines
 * that are JSON but not events (skipped). An unparseable *last* line is
 * skipped, because a log still being written (`.inprogress`) ends mid-line;
 * an unparseable line anywhere else throws, naming `source` and the line.
 *
 * @param source the file's name, used in error messages
 * @example
 * const events = parseEventLog(await file.text(), file.name);
 */
export function parseEventLog(text: string, source = 'event log'): SparkEvent[] {
  return parseLines(text, source, { skipTruncatedLastLine: true });
}

/** A file the user picked or dropped; `name` may include folders (`eventlog_v2_x/events_1_x`). */
export interface EventLogFile {
  name: string;
  text: string;
}

/**
 * Reads an application's event log from the files that hold it: either one
 * plain event-log file, or the files of a rolled log's folder
 * `eventlog_v2_<appId>/` — `events_<N>_<appId>` parts, read in numeric order
 * of N (so `events_10_…` comes after `events_2_…`), starting from the last
 * compacted part (`….compact`) if there is one, and an
 * `appstatus_<appId>[.inprogress]` marker whose content is ignored.
 *
 * Throws for compressed logs (`.lz4`, `.lzf`, `.snappy`, `.zstd`), which
 * cannot be read yet, and when the files are not one application's log.
 *
 * @example
 * const files = await Promise.all(
 *   [...input.files].map(async (f) => ({ name: f.webkitRelativePath || f.name, text: await f.text() })),
 * );
 * const events = readEventLogFiles(files);
 */
export function readEventLogFiles(files: readonly EventLogFile[]): SparkEvent[] {
  const named = files.map((file) => ({ ...file, baseName: baseName(file.name) }));
  const parts = named.filter((file) => file.baseName.startsWith(ROLLED_PART_PREFIX));

  if (parts.length === 0) {
    const logs = named.filter((file) => !file.baseName.startsWith(APP_STATUS_PREFIX));
    if (logs.length === 0) throw new Error('No event log among the files given.');
    if (logs.length > 1) {
      throw new Error(
        `Expected one event log file or one rolled event log folder, got ${logs.length} files: ` +
          logs.map((file) => file.name).join(', '),
      );
    }
    const [log] = logs;
    rejectCompressed(log.name, log.baseName);
    return parseEventLog(log.text, log.name);
  }

  const ordered = parts
    .map((file) => ({ ...file, ...parseRolledPartName(file.name, file.baseName) }))
    .sort((a, b) => a.index - b.index);
  const appIds = new Set(ordered.map((part) => part.appId));
  if (appIds.size > 1) {
    throw new Error(`The rolled event log parts belong to different applications: ${[...appIds].join(', ')}`);
  }
  for (const part of ordered) rejectCompressed(part.name, part.baseName);

  // As Spark's RollingEventLogFilesFileReader: a compacted part replaces every part before it.
  const lastCompacted = ordered.findLastIndex((part) => part.baseName.endsWith(COMPACTED_SUFFIX));
  const toRead = ordered.slice(Math.max(lastCompacted, 0));

  const events: SparkEvent[] = [];
  toRead.forEach((part, i) => {
    // Only the part still being written, the last, can end mid-line.
    const partEvents = parseLines(part.text, part.name, { skipTruncatedLastLine: i === toRead.length - 1 });
    for (const event of partEvents) events.push(event);
  });
  return events;
}

// ---------------------------------------------------------------------------

const ROLLED_PART_PREFIX = 'events_';
const APP_STATUS_PREFIX = 'appstatus_';
const COMPACTED_SUFFIX = '.compact';
const IN_PROGRESS_SUFFIX = '.inprogress';
/** Spark's short names for `spark.eventLog.compression.codec`, which it appends to file names. */
const COMPRESSION_CODECS = new Set(['lz4', 'lzf', 'snappy', 'zstd']);

function parseLines(text: string, source: string, options: { skipTruncatedLastLine: boolean }): SparkEvent[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let lastContentLine = lines.length - 1;
  while (lastContentLine >= 0 && lines[lastContentLine].trim() === '') lastContentLine--;

  const events: SparkEvent[] = [];
  for (let i = 0; i <= lastContentLine; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      if (i === lastContentLine && options.skipTruncatedLastLine) break;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new Error(`${source}, line ${i + 1}: not a JSON event (${reason})`, { cause });
    }
    if (isEventObject(value)) events.push(value);
  }
  return events;
}

function isEventObject(value: unknown): value is SparkEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { Event?: unknown }).Event === 'string'
  );
}

function baseName(path: string): string {
  const parts = path.split(/[/\\]/);
  return parts[parts.length - 1];
}

/** `events_<index>_<appId>[_<attemptId>][.<codec>][.compact]`, as Spark's RollingEventLogFilesWriter names parts. */
function parseRolledPartName(name: string, base: string): { index: number; appId: string } {
  const match = /^events_(\d+)_([^.]+)/.exec(base);
  if (!match) {
    throw new Error(`${name}: not a rolled event log part (expected events_<number>_<appId>)`);
  }
  return { index: Number(match[1]), appId: match[2] };
}

function rejectCompressed(name: string, base: string): void {
  // As Spark's EventLogFileWriter.codecName: the codec is the last extension once the
  // .compact/.inprogress suffixes are removed (application ids never contain dots).
  let stem = base;
  if (stem.endsWith(COMPACTED_SUFFIX)) stem = stem.slice(0, -COMPACTED_SUFFIX.length);
  if (stem.endsWith(IN_PROGRESS_SUFFIX)) stem = stem.slice(0, -IN_PROGRESS_SUFFIX.length);
  const extension = stem.includes('.') ? stem.slice(stem.lastIndexOf('.') + 1).toLowerCase() : '';
  if (COMPRESSION_CODECS.has(extension)) {
    throw new Error(
      `${name}: compressed event logs (.${extension}) aren't supported yet. ` +
        'Open an uncompressed log: run Spark with spark.eventLog.compress=false.',
    );
  }
}
