/**
 * SQL metrics as executors update them. Each operator step that has metrics
 * carries the accumulator ids of its SparkPlan node's SQLMetrics; a task adds
 * to them through a {@link MetricSink}, and the adds travel back with the
 * task's result as accumulator updates (Spark's `SQLMetric` is an
 * AccumulatorV2 updated the same way), so the SQL view reads real values.
 */

/** Adds `value` to accumulator `id` in the running task. */
export type MetricSink = (id: number, value: number) => void;

/** Accumulator ids of one operator's metrics, by Spark's metric key (`numOutputRows`, `dataSize`…). */
export type MetricIds = Readonly<Record<string, number>>;

/** A sink that records nothing, for pipelines run outside a task (tests, the driver). */
export const noMetrics: MetricSink = () => {};

/** Adds to metric `key` of `ids` when the operator has it. */
export function report(sink: MetricSink, ids: MetricIds | undefined, key: string, value: number): void {
  const id = ids?.[key];
  if (id !== undefined) sink(id, value);
}

/** Counts the rows `input` yields into `numOutputRows`, reported once the rows end or the reader stops. */
export function* countRows<T>(input: Iterable<T>, sink: MetricSink, ids: MetricIds): Generator<T> {
  let n = 0;
  try {
    for (const row of input) {
      n++;
      yield row;
    }
  } finally {
    report(sink, ids, 'numOutputRows', n);
  }
}

/**
 * Spark's whole-stage codegen `duration` (pipelineTime): the milliseconds
 * from the moment the task began computing the stage (`started`) to the end
 * of its rows, added when the rows end (WholeStageCodegenExec.doExecute adds
 * BufferedRowIterator.durationMs when hasNext turns false; a reader that
 * stops early adds nothing). The clock is read twice per partition, not per row.
 */
export function* timePipeline<T>(input: Iterable<T>, sink: MetricSink, ids: MetricIds, started: number): Generator<T> {
  yield* input;
  report(sink, ids, 'pipelineTime', Math.floor(performance.now() - started));
}

/**
 * The length of `s` in UTF-8, as `TextEncoder` would encode it (a lone surrogate becomes U+FFFD,
 * 3 bytes), without encoding it: this runs for every string of every row an exchange sizes.
 */
function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      // A surrogate pair: two UTF-16 units, four bytes.
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

function roundUp8(n: number): number {
  return (n + 7) & ~7;
}

/** Bytes a value takes in an UnsafeRow's variable-length region (0 for fixed-width values). */
function variableBytes(v: unknown): number {
  if (typeof v === 'string') return roundUp8(utf8Length(v));
  if (v instanceof Uint8Array) return roundUp8(v.length);
  if (Array.isArray(v)) {
    // UnsafeArrayData: 8-byte count, a null bitset, 8 bytes per element, then the elements' own data.
    const header = 8 + roundUp8(Math.ceil(v.length / 8));
    return header + v.reduce((a: number, x) => a + 8 + variableBytes(x), 0);
  }
  if (v instanceof Map) return 8 + variableBytes([...v.keys()]) + variableBytes([...v.values()]);
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return unsafeRowSize(Object.values(v));
  return 0;
}

/**
 * The size of a row as Spark's UnsafeRow stores it: a null bitset of one
 * word per 64 fields, 8 bytes per field, and each variable-length value
 * (strings as UTF-8) rounded up to a word. What Spark's Exchange reports as
 * its `data size`.
 *
 * @example
 * unsafeRowSize([1, 'abc']); // 8 + 16 + 8 = 32
 */
export function unsafeRowSize(row: readonly unknown[]): number {
  let size = Math.ceil(row.length / 64) * 8 + row.length * 8;
  for (const v of row) size += variableBytes(v);
  return size;
}
