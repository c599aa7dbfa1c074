/**
 * Numbers as the Spark UI prints them: durations ("45 ms", "1.2 s", "3.0 min"),
 * sizes ("1024.0 B", "2.0 KiB", as `Utils.bytesToString`), and times of day.
 */

import { bytesToString } from '../../engine/rdd/bytes-to-string';

export { bytesToString };

/**
 * The Spark UI's `UIUtils.formatDuration`: ms below a second, then seconds
 * with one decimal, minutes, hours.
 *
 * @example
 * formatDuration(45) // '45 ms'
 * formatDuration(1234) // '1 s'
 * formatDuration(90_000) // '1.5 min'
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const milliseconds = Math.round(ms);
  if (milliseconds < 100) return `${milliseconds} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 1) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  const minutes = seconds / 60;
  if (minutes < 10) return `${minutes.toFixed(1)} min`;
  if (minutes < 60) return `${minutes.toFixed(0)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}

/** Bytes and records together, as the Spark UI's "Shuffle Read Size / Records" cells. */
export function sizeAndRecords(bytes: number, records: number): string {
  if (bytes === 0 && records === 0) return '';
  return `${bytesToString(bytes)} / ${records}`;
}

/**
 * A wall-clock time with milliseconds, for launch times in tables.
 *
 * @example
 * formatTime(Date.UTC(2024, 0, 1, 12, 30, 5, 42), 'UTC') // '12:30:05.042'
 */
export function formatTime(epochMs: number | undefined, timeZone?: string): string {
  if (epochMs === undefined) return '';
  const date = new Date(epochMs);
  return `${timeFormat(timeZone).format(date)}.${String(date.getUTCMilliseconds()).padStart(3, '0')}`;
}

// Building a formatter is what makes toLocaleTimeString slow; tables format thousands of times.
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
      timeZone,
    });
    timeFormats.set(key, format);
  }
  return format;
}
