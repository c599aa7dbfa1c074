/**
 * SQL metric values as the Spark UI's SQL tab prints them: Spark's
 * `SQLMetrics.stringValue` (Spark 4.0, sql/core …/execution/metric/SQLMetrics.scala)
 * over the values every task (and the driver) reported for one accumulator.
 * Imports nothing from the engine's core, so the playground can use it alone.
 */
import { bytesToString } from '../rdd/bytes-to-string';

/** `SQLMetrics`' metric types. Data sources add `v2Custom_<class>` types of their own. */
export type SqlMetricType = 'sum' | 'size' | 'timing' | 'nsTiming' | 'average';

/** Where the largest value came from: `[value, stageId, stageAttemptId, taskId]`, or empty for the driver. */
export type MaxMetricOrigin = readonly [number, number, number, number] | readonly [];

const METRICS_NAME_SUFFIX = '(min, med, max (stageId: taskId))';
/** `SQLMetrics.baseForAvgMetric`: average metrics are stored ×10 as longs. */
const AVERAGE_BASE = 10;
const INTEGER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const AVERAGE_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/**
 * Spark's `Utils.msDurationToString`: `"%d ms"` under a second, then seconds,
 * minutes and hours with Java's `%.1f`/`%.2f` of a 32-bit float quotient.
 *
 * @example
 * msDurationToString(999) // '999 ms'
 * msDurationToString(1234) // '1.2 s'
 * msDurationToString(90_000) // '1.5 m'
 */
export function msDurationToString(ms: number): string {
  const second = 1000;
  const minute = 60 * second;
  const hour = 60 * minute;
  // Scala divides `t.toFloat` by an Int: a float quotient, rounded half up by Java's formatter.
  const quotient = (unit: number) => Math.fround(Math.fround(ms) / unit);
  if (ms < second) return `${Math.trunc(ms)} ms`;
  if (ms < minute) return `${quotient(second).toFixed(1)} s`;
  if (ms < hour) return `${quotient(minute).toFixed(1)} m`;
  return `${quotient(hour).toFixed(2)} h`;
}

/**
 * One metric's value as the SQL tab shows it (`SQLMetrics.stringValue`):
 * a `sum` is the sum with thousands separators; `size`, `timing` and
 * `nsTiming` show the total and `(min, med, max (stage S.A: task T))` once
 * more than one value is valid (≥ 0); `average` shows `(min, med, max …)`.
 * `maxOrigin` names the task that reported the largest value (empty when
 * the driver did). Data sources' custom metrics cannot be aggregated
 * without their class, so they read `N/A`, as in a History Server without it.
 *
 * @example
 * sqlMetricStringValue('sum', [3, 4], []) // '7'
 * sqlMetricStringValue('size', [1024, 4096], [4096, 1, 0, 7])
 * // 'total (min, med, max (stageId: taskId))\n5.0 KiB (1024.0 B, 4.0 KiB, 4.0 KiB (stage 1.0: task 7))'
 */
export function sqlMetricStringValue(
  metricType: string,
  values: readonly number[],
  maxOrigin: MaxMetricOrigin,
): string {
  const taskInfo =
    maxOrigin.length === 0 ? '(driver)' : `(stage ${maxOrigin[1]}.${maxOrigin[2]}: task ${maxOrigin[3]})`;
  if (metricType === 'sum') {
    let sum = 0;
    for (const value of values) sum += value;
    return INTEGER_FORMAT.format(sum);
  }
  if (metricType === 'average') {
    const valid = values.filter((value) => value > 0).sort((a, b) => a - b);
    const format = (value: number) => AVERAGE_FORMAT.format(value / AVERAGE_BASE);
    if (valid.length <= 1) return format(valid[0] ?? 0);
    const [min, med, max] = [valid[0], valid[valid.length >> 1], valid[valid.length - 1]].map(format);
    return `${METRICS_NAME_SUFFIX}:\n(${min}, ${med}, ${max} ${taskInfo})`;
  }
  const format = FORMATS[metricType as 'size' | 'timing' | 'nsTiming'] as ((value: number) => string) | undefined;
  // Spark throws for a type it does not know; the only ones it writes besides these are custom metrics.
  if (!format) return 'N/A';
  const valid = values.filter((value) => value >= 0).sort((a, b) => a - b);
  if (valid.length <= 1) return format(valid[0] ?? 0);
  let sum = 0;
  for (const value of valid) sum += value;
  const [total, min, med, max] = [sum, valid[0], valid[valid.length >> 1], valid[valid.length - 1]].map(format);
  return `total ${METRICS_NAME_SUFFIX}\n${total} (${min}, ${med}, ${max} ${taskInfo})`;
}

const FORMATS: Record<'size' | 'timing' | 'nsTiming', (value: number) => string> = {
  size: bytesToString,
  timing: msDurationToString,
  // `duration.nanos.toMillis` truncates.
  nsTiming: (nanos) => msDurationToString(Math.trunc(nanos / 1_000_000)),
};

/** Whether Spark tracks which task reported a metric's largest value (`SQLMetrics.metricNeedsMax`). */
export function metricNeedsMax(metricType: string): boolean {
  return metricType !== 'sum';
}
