/**
 * Number formatting shared by the views: durations, byte sizes and counts,
 * worded the way the Spark UI words them ("1.2 s", "3.4 KiB").
 */

/**
 * A duration for people: sub-millisecond precision only where it matters.
 *
 * @example
 * formatDuration(0.4); // "0.4 ms"
 * formatDuration(12); // "12 ms"
 * formatDuration(1530); // "1.5 s"
 * formatDuration(95_000); // "1.6 min"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs < 10) return `${trim(ms.toFixed(1))} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${trim((ms / 1000).toFixed(abs < 10_000 ? 2 : 1))} s`;
  if (abs < 3_600_000) return `${trim((ms / 60_000).toFixed(1))} min`;
  return `${trim((ms / 3_600_000).toFixed(1))} h`;
}

/**
 * Bytes in binary units, as Spark's `Utils.bytesToString` (which says "KiB").
 *
 * @example
 * formatBytes(0); // "0 B"
 * formatBytes(1536); // "1.5 KiB"
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${trim(value.toFixed(1))} ${units[unit]}`;
}

/**
 * "1 task", "2 tasks": a count with its noun, pluralised.
 *
 * @example
 * plural(1, 'failed attempt'); // "1 failed attempt"
 * plural(3, 'stage'); // "3 stages"
 */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/**
 * A time on a run's own clock, relative to its start: "+12 ms".
 *
 * @example
 * formatOffset(1530); // "+1.5 s"
 */
export function formatOffset(ms: number): string {
  return `+${formatDuration(Math.max(0, ms))}`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
