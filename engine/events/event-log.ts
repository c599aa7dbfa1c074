/**
 * Spark's event-log file format: one JSON object per line (JSON Lines), one
 * listener event per object, exactly as `EventLoggingListener` writes it. This
 * module turns events into that text and one text back into events; reading
 * real logs (compressed, rolled, Databricks folders, streamed) is engine/history's.
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

// ---------------------------------------------------------------------------

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
