/**
 * What SQL operators do to rows on executors. A stage's fused operators
 * (Spark's whole-stage codegen stage) arrive as a list of SqlOp steps inside
 * one `{ op: 'sql' }` map operation of the stage's task binary; each step is
 * a generator over the rows of the step before it, so rows stream through
 * Project and Filter one at a time and only Sort, aggregation, joins and
 * windows hold a partition. Expressions arrive bound to row positions.
 */
import type { Expression, InternalRow } from '../../catalyst/expressions/Expression';
import type { AggregateExpression, AggregateMode } from '../../catalyst/expressions/aggregate/interfaces';
import { rowOrdering, type SortOrder } from '../../catalyst/expressions/ordering';
import { compareValues } from '../../catalyst/expressions/ordering';
import { decodeExpr, type ExprWire } from './expressionCodec';
import { partitionOf, type HashKind } from './murmur3';
import { RankLike, OffsetWindow, type WindowExpression } from '../../catalyst/expressions/windowExpressions';
import { AggregateExpression as AggExprClass } from '../../catalyst/expressions/aggregate/interfaces';
import { countRows, noMetrics, report, timePipeline, unsafeRowSize, type MetricIds, type MetricSink } from './metrics';
import {
  CompiledRows,
  compilable,
  compileRun,
  keyString,
  PAIR_STEPS,
  SIDE_STARTS,
  SideStart,
  type RunArgs,
} from './codegen';

export { CompiledRows };

export type JoinTypeName = 'Inner' | 'Cross' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi' | 'LeftAnti';

/**
 * One step of a stage's pipeline, as it travels to executors, with the
 * accumulator ids of its operator's SQL metrics (`numOutputRows` is counted
 * for every step that has it; the others by the step itself).
 */
export type SqlOp = SqlStep & { metrics?: MetricIds };

type SqlStep =
  | { kind: 'wrapValue' }
  /** A leaf's rows as they are (a local table, an existing RDD): there to count them. */
  | { kind: 'scan' }
  /** The end of a whole-stage codegen stage: times the rows' production (its `duration`). */
  | { kind: 'duration' }
  | { kind: 'project'; exprs: ExprWire[] }
  /** ExpandExec: each row once per projection. */
  | { kind: 'expand'; projections: ExprWire[][] }
  | { kind: 'filter'; condition: ExprWire }
  | {
      kind: 'aggregate';
      grouping: ExprWire[];
      aggregates: { expr: ExprWire; inputOffset: number }[];
      /** Final/complete: the result expressions over grouping values ++ aggregate results; partial: none. */
      result?: ExprWire[];
      global: boolean;
    }
  | { kind: 'sort'; orders: ExprWire[] }
  | { kind: 'limit'; n: number }
  | { kind: 'hashPartition'; keys: ExprWire[]; kinds: HashKind[]; numPartitions: number }
  | { kind: 'rangePartition'; orders: ExprWire[]; bounds: unknown[][] }
  | { kind: 'roundRobin'; numPartitions: number; seed: number }
  | { kind: 'singlePartition' }
  /**
   * An exchange's rows as its reader gives them: the map side wrote each row without its partition id (the key of
   * Spark's `(partitionId, row)` pairs, which UnsafeRowSerializer.writeKey does not write), so nothing is dropped.
   */
  | { kind: 'exchangeRead' }
  /** A join side's rows after its mark (codegen.ts's SideStart), in each partition. */
  | { kind: 'tag'; side: number }
  /** A CartesianRDD's pairs of rows joined into one row, kept when the condition holds (CartesianProductExec). */
  | { kind: 'cartesian'; condition?: ExprWire }
  | {
      kind: 'join';
      joinType: JoinTypeName;
      leftKeys: ExprWire[];
      rightKeys: ExprWire[];
      condition?: ExprWire;
      leftWidth: number;
      rightWidth: number;
      /** Rows of the broadcast side, for broadcast joins; otherwise both sides arrive tagged in the input. */
      broadcast?: { side: 'left' | 'right'; rows: unknown[][] };
      /**
       * A nested loop join whose build side is the one kept whole (BroadcastNestedLoopJoinExec.defaultJoin):
       * `matched` gives one row per partition, the indices of the broadcast rows that met a streamed row;
       * `stream` gives the joined pairs and, for a full join, the streamed rows that met none. The broadcast
       * rows that met none anywhere are added once, by the driver, after the `matched` job.
       */
      defaultJoin?: 'matched' | 'stream';
      /** BroadcastHashJoinExec.isNullAwareAntiJoin: a one-column NOT IN (the broadcast side is the right). */
      nullAware?: boolean;
    }
  | { kind: 'window'; partition: ExprWire[]; orders: ExprWire[]; functions: ExprWire[] }
  | { kind: 'topK'; orders: ExprWire[]; n: number }
  | { kind: 'sketch'; keys: ExprWire[]; sampleSize: number; seed: number }
  | { kind: 'countRows' };

type Rows = Iterable<InternalRow>;

/** One projection of `row`: each expression's value, in order. */
function projectRow(exprs: Expression[], row: InternalRow): InternalRow {
  const out = new Array(exprs.length);
  for (let i = 0; i < exprs.length; i++) out[i] = exprs[i].eval(row);
  return out;
}

function* project(input: Rows, exprs: Expression[]): Rows {
  for (const row of input) yield projectRow(exprs, row);
}

function* expand(input: Rows, projections: Expression[][]): Rows {
  for (const row of input) for (const exprs of projections) yield projectRow(exprs, row);
}

function* filter(input: Rows, cond: Expression): Rows {
  for (const row of input) if (cond.eval(row) === true) yield row;
}

/** Spark's aggregation by mode: Partial updates from input rows, Final merges buffers and evaluates. */
function* aggregate(input: Rows, op: Extract<SqlOp, { kind: 'aggregate' }>, sink: MetricSink): Rows {
  const start = performance.now();
  const grouping = op.grouping.map((g) => decodeExpr(g));
  const aggs = op.aggregates.map((a) => ({ expr: decodeExpr<AggregateExpression>(a.expr), offset: a.inputOffset }));
  const result = op.result?.map((r) => decodeExpr(r));
  const groups = new Map<unknown, { key: unknown[]; buffers: unknown[][] }>();
  const merges = (mode: AggregateMode) => mode === 'Final' || mode === 'PartialMerge';
  const steps = aggs.map(({ expr, offset }) => ({
    fn: expr.aggregateFunction,
    offset,
    end: offset + expr.aggregateFunction.aggBufferAttributes.length,
    merge: merges(expr.mode),
    // A filter limits the rows a Partial or Complete aggregate updates from (merging modes ignore it, as Spark's).
    filter: merges(expr.mode) ? undefined : expr.filter,
  }));
  const newGroup = (key: unknown[]) => ({ key, buffers: aggs.map((a) => a.expr.aggregateFunction.initialize()) });
  if (op.global) groups.set('', newGroup([]));
  // One grouping column (the common case) groups by its value itself when it is a primitive: a Map
  // compares those as the canonical string would (NaN with NaN, -0 with 0, 1 apart from '1'), without
  // building the string for every row. A column holds one type, so its other values' strings (dates,
  // structs) never meet its primitives.
  const single = !op.global && grouping.length === 1 ? grouping[0] : null;
  for (const row of input) {
    let k: unknown;
    let v: unknown;
    if (single !== null) {
      v = single.eval(row);
      if (v === null || v === undefined) k = null;
      else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') k = v;
      else k = keyString([v]);
    } else if (op.global) k = '';
    else k = keyString((v = grouping.map((g) => g.eval(row))) as unknown[]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = newGroup(single !== null ? [v] : op.global ? [] : (v as unknown[]))));
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.merge) step.fn.merge(g.buffers[i], row.slice(step.offset, step.end));
      else if (!step.filter || step.filter.eval(row) === true) step.fn.update(g.buffers[i], row);
    }
  }
  // Spark's aggTime covers building the hash map; Kindling's aggregation never spills.
  report(sink, op.metrics, 'aggTime', Math.round(performance.now() - start));
  report(sink, op.metrics, 'spillSize', 0);
  for (const g of groups.values()) {
    if (!result) {
      yield [...g.key, ...g.buffers.flat()];
      continue;
    }
    const values = aggs.map((a, i) => a.expr.aggregateFunction.evaluate(g.buffers[i]));
    const row = [...g.key, ...values];
    yield result.map((r) => r.eval(row));
  }
}

/**
 * SortExec: the partition read whole, then its rows in order. Each row's sort keys are evaluated once (Spark's
 * UnsafeExternalSorter sorts on a key prefix computed per record), not twice per comparison, and the rows'
 * indexes are sorted by them stably, so the order is the one sorting the rows by rowOrdering(orders) gives. One
 * key of numbers only (no null, no NaN) is sorted as a Float64Array by a merge of its ascending runs, with no
 * comparison function called (rows that arrive from a few sorted map outputs are a few runs); one of strings
 * only is compared as strings.
 */
function sort(input: Rows, orders: SortOrder[], sink: MetricSink, metrics: MetricIds | undefined, end: unknown): Rows {
  let rows: InternalRow[] | null = null;
  let order: ArrayLike<number> = [];
  let at = 0;
  const run = () => {
    rows = readAll(input);
    // Spark's sortTime excludes reading the input: only the sort itself.
    const start = performance.now();
    order = sortedOrder(rows, orders);
    report(sink, metrics, 'sortTime', Math.round(performance.now() - start));
    report(sink, metrics, 'spillSize', 0);
  };
  const next = () => {
    if (rows === null) run();
    return at < order.length ? rows![order[at++]] : end;
  };
  return new CompiledRows({ next, close: () => {} }, end) as Rows;
}

/** Every row of `input`; a compiled run's rows pulled directly, without an iterator result per row. */
function readAll(input: Rows): InternalRow[] {
  if (!(input instanceof CompiledRows)) return [...input];
  const rows: InternalRow[] = [];
  for (let row = input.next(); row !== input.end; row = input.next()) rows.push(row as InternalRow);
  return rows;
}

/** The indexes of `rows` in the stable order of `orders`. */
function sortedOrder(rows: readonly InternalRow[], orders: readonly SortOrder[]): ArrayLike<number> {
  const n = rows.length;
  if (orders.length === 1) {
    const key = orders[0].child;
    const sign = orders[0].isAscending ? 1 : -1;
    const numbers = new Float64Array(n);
    let i = 0;
    for (; i < n; i++) {
      const x = key.eval(rows[i]);
      if (typeof x !== 'number' || x !== x) break;
      // Descending is ascending by the negated key: ties stay ties, so the order stays stable.
      numbers[i] = sign * x;
    }
    if (i === n) return mergeSortedIndexes(numbers);
  }
  const keys = orders.map((o) => rows.map((row) => o.child.eval(row)));
  const indexes = Array.from({ length: n }, (_, i) => i);
  indexes.sort(indexComparator(orders, keys));
  return indexes;
}

/**
 * The indexes of `keys` in ascending order, equal keys in input order: a bottom-up merge of the input's
 * ascending runs (an input already sorted is one run and costs one pass).
 */
export function mergeSortedIndexes(keys: Float64Array): Int32Array {
  const n = keys.length;
  let from = new Int32Array(n);
  let to = new Int32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  // Where each run starts; the last entry is n.
  let starts: number[] = [0];
  for (let i = 1; i < n; i++) if (keys[i] < keys[i - 1]) starts.push(i);
  starts.push(n);
  while (starts.length > 2) {
    const merged: number[] = [];
    let r = 0;
    for (; r + 2 < starts.length; r += 2) {
      let a = starts[r];
      const aEnd = starts[r + 1];
      let b = aEnd;
      const bEnd = starts[r + 2];
      let o = a;
      merged.push(a);
      while (a < aEnd && b < bEnd) {
        // Ties take the left run's index first: stable.
        if (keys[from[b]] < keys[from[a]]) to[o++] = from[b++];
        else to[o++] = from[a++];
      }
      while (a < aEnd) to[o++] = from[a++];
      while (b < bEnd) to[o++] = from[b++];
    }
    // An odd run out is copied as it is.
    if (r + 1 < starts.length) {
      merged.push(starts[r]);
      for (let i = starts[r]; i < n; i++) to[i] = from[i];
    }
    merged.push(n);
    starts = merged;
    const t = from;
    from = to;
    to = t;
  }
  return from;
}

function indexComparator(orders: readonly SortOrder[], keys: unknown[][]): (i: number, j: number) => number {
  if (orders.length === 1) {
    const k = keys[0];
    const sign = orders[0].isAscending ? 1 : -1;
    if (k.every((x) => typeof x === 'string')) {
      const strings = k as string[];
      return (i, j) => {
        const x = strings[i];
        const y = strings[j];
        return x < y ? -sign : x > y ? sign : 0;
      };
    }
  }
  const order = keyComparator(orders);
  const a: unknown[] = new Array(orders.length);
  const b: unknown[] = new Array(orders.length);
  return (i, j) => {
    for (let k = 0; k < keys.length; k++) {
      a[k] = keys[k][i];
      b[k] = keys[k][j];
    }
    return order(a, b);
  };
}

function* limit(input: Rows, n: number): Rows {
  if (n <= 0) return;
  let i = 0;
  for (const row of input) {
    yield row;
    if (++i >= n) return;
  }
}

/** Compares two sort-key arrays under `orders`' directions and null orderings. */
export function keyComparator(orders: readonly SortOrder[]): (a: readonly unknown[], b: readonly unknown[]) => number {
  return (a, b) => {
    for (let i = 0; i < orders.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === null || y === null) {
        if (x === y) continue;
        const c = x === null ? -1 : 1;
        return orders[i].nullOrdering === 'NULLS LAST' ? -c : c;
      }
      const c = compareValues(x, y);
      if (c !== 0) return orders[i].isAscending ? c : -c;
    }
    return 0;
  };
}

/** Binary search of a row's sort key among the range bounds (Spark's RangePartitioner.getPartition). */
function rangePartitioner(orders: SortOrder[], bounds: unknown[][]): (row: InternalRow) => number {
  const cmp = keyComparator(orders);
  return (row) => {
    const key = orders.map((o) => o.child.eval(row));
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(key, bounds[mid]) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function* join(input: Rows, op: Extract<SqlOp, { kind: 'join' }>, sink: MetricSink): Rows {
  if (op.defaultJoin) return yield* nestedLoopDefaultJoin(input, op);
  const leftKeys = op.leftKeys.map((k) => decodeExpr(k));
  const rightKeys = op.rightKeys.map((k) => decodeExpr(k));
  const cond = op.condition ? decodeExpr(op.condition) : undefined;
  let left: InternalRow[];
  let right: InternalRow[];
  if (op.broadcast) {
    const stream = [...input];
    left = op.broadcast.side === 'left' ? op.broadcast.rows : stream;
    right = op.broadcast.side === 'right' ? op.broadcast.rows : stream;
  } else {
    left = [];
    right = [];
    // Each side's rows follow its mark (the `tag` step).
    let into = left;
    for (const row of input as Iterable<InternalRow | SideStart>)
      if (row instanceof SideStart) into = row.side === 0 ? left : right;
      else into.push(row);
  }
  const keyOf = (keys: Expression[], row: InternalRow): unknown => {
    if (keys.length === 1) {
      // One key (the common case) joins by its value itself when it is a primitive: as with the
      // canonical string, NaN meets NaN, -0 meets 0, 1 does not meet '1' (as aggregate groups).
      const v = keys[0].eval(row);
      if (v === null || v === undefined) return null;
      return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : keyString([v]);
    }
    const vals = keys.map((k) => k.eval(row));
    return vals.some((v) => v === null || v === undefined) ? null : keyString(vals);
  };
  const buildStart = performance.now();
  const table = new Map<unknown, number[]>();
  right.forEach((r, i) => {
    const k = keyOf(rightKeys, r);
    if (k === null) return;
    let list = table.get(k);
    if (!list) table.set(k, (list = []));
    list.push(i);
  });
  // A shuffled hash join's build-side metrics (the build side is the right's rows here).
  if (op.metrics?.buildTime !== undefined) {
    report(sink, op.metrics, 'buildTime', Math.round(performance.now() - buildStart));
    report(
      sink,
      op.metrics,
      'buildDataSize',
      right.reduce((a, r) => a + unsafeRowSize(r), 0),
    );
  }
  if (op.nullAware) {
    // NOT IN: an empty subquery keeps every row; a null in it keeps none; a null outer value is never kept.
    if (right.length > 0 && right.some((r) => keyOf(rightKeys, r) === null)) return;
    for (const l of left) {
      if (right.length === 0) yield l;
      else {
        const k = keyOf(leftKeys, l);
        if (k !== null && !table.has(k)) yield l;
      }
    }
    return;
  }
  const nullsLeft = new Array(op.leftWidth).fill(null);
  const nullsRight = new Array(op.rightWidth).fill(null);
  const matchedRight = new Uint8Array(right.length);
  const t = op.joinType;
  for (const l of left) {
    const k = leftKeys.length ? keyOf(leftKeys, l) : '';
    const candidates = k === null ? [] : leftKeys.length ? (table.get(k) ?? []) : right.map((_, i) => i);
    let matched = false;
    for (const i of candidates) {
      const joined = [...l, ...right[i]];
      if (cond && cond.eval(joined) !== true) continue;
      matched = true;
      matchedRight[i] = 1;
      if (t === 'LeftSemi' || t === 'LeftAnti') break;
      yield joined;
    }
    if (t === 'LeftSemi' && matched) yield l;
    if (t === 'LeftAnti' && !matched) yield l;
    if (!matched && (t === 'LeftOuter' || t === 'FullOuter')) yield [...l, ...nullsRight];
  }
  if (t === 'RightOuter' || t === 'FullOuter')
    for (let i = 0; i < right.length; i++) if (!matchedRight[i]) yield [...nullsLeft, ...right[i]];
}

/** One partition's part of BroadcastNestedLoopJoinExec.defaultJoin (the streamed rows against every broadcast row). */
function* nestedLoopDefaultJoin(input: Rows, op: Extract<SqlOp, { kind: 'join' }>): Rows {
  const cond = op.condition ? decodeExpr(op.condition) : undefined;
  const build = op.broadcast!.rows as InternalRow[];
  const buildLeft = op.broadcast!.side === 'left';
  const matched = op.defaultJoin === 'matched' ? new Set<number>() : undefined;
  const nulls = new Array(buildLeft ? op.leftWidth : op.rightWidth).fill(null);
  for (const s of input) {
    let found = false;
    for (let i = 0; i < build.length; i++) {
      const joined = buildLeft ? [...build[i], ...s] : [...s, ...build[i]];
      if (cond && cond.eval(joined) !== true) continue;
      found = true;
      if (matched) matched.add(i);
      else yield joined;
    }
    if (!matched && !found && op.joinType === 'FullOuter') yield buildLeft ? [...nulls, ...s] : [...s, ...nulls];
  }
  if (matched) yield [[...matched]];
}

/** Window functions over rows sorted by partition keys then order keys. */
function* windowOp(input: Rows, op: Extract<SqlOp, { kind: 'window' }>): Rows {
  const partition = op.partition.map((e) => decodeExpr(e));
  const orders = op.orders.map((e) => decodeExpr<SortOrder>(e));
  const functions = op.functions.map((e) => decodeExpr<WindowExpression>(e));
  const cmpOrder = rowOrdering(orders);
  const rows = [...input];
  let start = 0;
  while (start < rows.length) {
    const pkey = keyString(partition.map((p) => p.eval(rows[start])));
    let end = start + 1;
    while (end < rows.length && keyString(partition.map((p) => p.eval(rows[end]))) === pkey) end++;
    const group = rows.slice(start, end);
    const columns = functions.map((w) => evalWindow(w, group, cmpOrder));
    for (let i = 0; i < group.length; i++) yield [...group[i], ...columns.map((c) => c[i])];
    start = end;
  }
}

function evalWindow(
  w: WindowExpression,
  group: InternalRow[],
  cmp: (a: InternalRow, b: InternalRow) => number,
): unknown[] {
  const f = w.windowFunction;
  const n = group.length;
  const out = new Array<unknown>(n);
  if (f instanceof RankLike) {
    let rank = 0;
    let dense = 0;
    for (let i = 0; i < n; i++) {
      const peer = i > 0 && cmp(group[i - 1], group[i]) === 0;
      if (!peer) {
        rank = i + 1;
        dense++;
      }
      out[i] = f.fn === 'row_number' ? i + 1 : f.fn === 'rank' ? rank : dense;
    }
    return out;
  }
  if (f instanceof OffsetWindow) {
    const off = f.fn === 'lag' ? -f.offset : f.offset;
    for (let i = 0; i < n; i++) {
      const j = i + off;
      out[i] = j >= 0 && j < n ? f.children[0].eval(group[j]) : f.children[1].eval(group[i]);
    }
    return out;
  }
  if (f instanceof AggExprClass) {
    const fn = f.aggregateFunction;
    const frame = w.windowSpec.frame;
    for (let i = 0; i < n; i++) {
      let lo = 0;
      let hi = n - 1;
      if (frame.frameType === 'RangeFrame' && frame.lower === 'unboundedpreceding' && frame.upper === 'currentrow') {
        hi = i;
        while (hi + 1 < n && cmp(group[hi + 1], group[i]) === 0) hi++;
      } else if (frame.frameType === 'RowFrame') {
        lo =
          frame.lower === 'unboundedpreceding'
            ? 0
            : frame.lower === 'currentrow'
              ? i
              : typeof frame.lower === 'number'
                ? Math.max(0, i + frame.lower)
                : n;
        hi =
          frame.upper === 'unboundedfollowing'
            ? n - 1
            : frame.upper === 'currentrow'
              ? i
              : typeof frame.upper === 'number'
                ? Math.min(n - 1, i + frame.upper)
                : -1;
      }
      const buf = fn.initialize();
      for (let j = lo; j <= hi; j++) fn.update(buf, group[j]);
      out[i] = fn.evaluate(buf);
    }
    return out;
  }
  throw new Error(`${f} cannot be computed over a window yet`);
}

/**
 * The first n rows by the order (Spark's Utils.takeOrdered): holds at most 2n rows, sorting and cutting back to n
 * whenever the buffer fills, so a partition of N rows costs O(N log n), not a sort of all of them. The sort is
 * stable, so among equal keys the first rows met stay.
 */
function* topK(input: Rows, orders: SortOrder[], n: number): Rows {
  if (n <= 0) return;
  const cmp = rowOrdering(orders);
  let kept: InternalRow[] = [];
  for (const row of input) {
    kept.push(row);
    if (kept.length >= 2 * n) kept = kept.sort(cmp).slice(0, n);
  }
  yield* kept.sort(cmp).slice(0, n);
}

/** Spark's RangePartitioner.sketch: a reservoir sample of the sort keys of a partition, and its row count. */
function* sketch(input: Rows, keys: Expression[], sampleSize: number, seed: number): Rows {
  let count = 0;
  const reservoir: unknown[][] = [];
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (const row of input) {
    const key = keys.map((k) => k.eval(row));
    if (count < sampleSize) reservoir.push(key);
    else {
      const j = Math.floor(next() * (count + 1));
      if (j < sampleSize) reservoir[j] = key;
    }
    count++;
  }
  yield [count, reservoir];
}

/** How a pipeline runs: its input as the engine pulls it, and whether runs of steps are compiled. */
export interface PipelineOptions {
  /** The input partition's rows without the iterator protocol: `next()` gives a row or `done`. */
  source?: { rows: { next(): unknown }; done: unknown };
  /**
   * What the pipeline's compiled rows give after the last (the engine's DONE, so a compiled last run is
   * pulled as a row iterator itself); a symbol of the pipeline's own by default.
   */
  end?: unknown;
  /** False: every step interpreted (`spark.sql.codegen.wholeStage=false`). */
  codegen?: boolean;
}

/**
 * Runs a stage's pipeline over a partition's rows: each run of steps that
 * whole-stage code generation covers as one compiled function (codegen.ts),
 * the rest as interpreted generators.
 *
 * @example
 * [...runPipeline([{ kind: 'wrapValue' }], [1, 2], 0)]; // [[1], [2]]
 */
export function runPipeline(
  ops: readonly SqlOp[],
  input: Iterable<unknown>,
  partition: number,
  sink: MetricSink = noMetrics,
  options: PipelineOptions = {},
): Iterable<unknown> {
  // When the task began computing: a codegen stage's duration runs from here (BufferedRowIterator.startTimeNs).
  const started = performance.now();
  let rows = input as Rows;
  const endOfRows = options.end ?? Symbol('end');
  let i = 0;
  while (i < ops.length) {
    const end = options.codegen === false ? i : runEnd(ops, i);
    const run = end > i ? compileRun(ops.slice(i, end)) : null;
    if (run) {
      const source = rows instanceof CompiledRows ? { rows, done: rows.end } : i === 0 ? options.source : undefined;
      rows = run(runArgs(source, rows, sink, started, endOfRows)) as Rows;
      i = end;
      continue;
    }
    const op = ops[i++];
    rows = step(op, rows, partition, sink, started, endOfRows);
    if (PARTITIONING_STEPS.has(op.kind)) rows = measured(rows as Iterable<[number, InternalRow]>, sink, op.metrics);
    if (op.metrics?.numOutputRows !== undefined) rows = countRows(rows, sink, op.metrics);
  }
  return rows;
}

/** Where the run of compilable steps from `i` ends: one aggregate at most, and nothing after pairs. */
function runEnd(ops: readonly SqlOp[], i: number): number {
  let j = i;
  let aggregates = 0;
  while (j < ops.length && compilable(ops[j])) {
    const kind = ops[j].kind;
    if (j > i && (kind === 'wrapValue' || kind === 'exchangeRead' || kind === 'join')) break;
    if (kind === 'aggregate' && aggregates++ > 0) break;
    j++;
    if (PAIR_STEPS.has(kind)) break;
  }
  return j;
}

function runArgs(
  source: PipelineOptions['source'],
  rows: Rows,
  sink: MetricSink,
  started: number,
  end: unknown,
): RunArgs {
  if (source)
    return {
      source: source.rows,
      done: source.done,
      close: rows instanceof CompiledRows ? () => rows.pull.close() : undefined,
      end,
      sink,
      started,
    };
  const it = rows[Symbol.iterator]();
  const done = Symbol('done');
  return {
    source: {
      next: () => {
        const r = it.next();
        return r.done ? done : r.value;
      },
    },
    done,
    end,
    close: () => void it.return?.(),
    sink,
    started,
  };
}

/** The map side of an exchange: each row paired with its reduce partition. */
const PARTITIONING_STEPS = new Set<SqlOp['kind']>(['hashPartition', 'rangePartition', 'roundRobin', 'singlePartition']);

/** Adds each row's UnsafeRow size to an exchange's `dataSize` as the rows go to their partitions. */
function* measured(rows: Iterable<[number, InternalRow]>, sink: MetricSink, metrics?: MetricIds): Rows {
  if (metrics?.dataSize === undefined) return yield* rows;
  let bytes = 0;
  try {
    for (const pair of rows) {
      bytes += unsafeRowSize(pair[1]);
      yield pair;
    }
  } finally {
    report(sink, metrics, 'dataSize', bytes);
  }
}

function step(op: SqlOp, rows: Rows, partition: number, sink: MetricSink, started: number, end: unknown): Rows {
  switch (op.kind) {
    case 'scan':
      return rows;
    case 'duration':
      return op.metrics ? timePipeline(rows, sink, op.metrics, started) : rows;
    case 'wrapValue':
      return (function* () {
        for (const v of rows as Iterable<unknown>) yield [v];
      })();
    case 'project':
      return project(
        rows,
        op.exprs.map((e) => decodeExpr(e)),
      );
    case 'expand':
      return expand(
        rows,
        op.projections.map((p) => p.map((e) => decodeExpr(e))),
      );
    case 'filter':
      return filter(rows, decodeExpr(op.condition));
    case 'aggregate':
      return aggregate(rows, op, sink);
    case 'sort':
      return sort(
        rows,
        op.orders.map((e) => decodeExpr<SortOrder>(e)),
        sink,
        op.metrics,
        end,
      );
    case 'limit':
      return limit(rows, op.n);
    case 'hashPartition': {
      const keys = op.keys.map((e) => decodeExpr(e));
      return (function* () {
        for (const row of rows)
          yield [
            partitionOf(
              keys.map((k) => k.eval(row)),
              op.kinds,
              op.numPartitions,
            ),
            row,
          ];
      })();
    }
    case 'rangePartition': {
      const part = rangePartitioner(
        op.orders.map((e) => decodeExpr<SortOrder>(e)),
        op.bounds,
      );
      return (function* () {
        for (const row of rows) yield [part(row), row];
      })();
    }
    case 'roundRobin':
      return (function* () {
        let position = op.seed;
        for (const row of rows) {
          position++;
          yield [((position % op.numPartitions) + op.numPartitions) % op.numPartitions, row];
        }
      })();
    case 'singlePartition':
      return (function* () {
        for (const row of rows) yield [0, row];
      })();
    case 'exchangeRead':
      return rows;
    case 'tag':
      return (function* () {
        yield SIDE_STARTS[op.side] as unknown as InternalRow;
        yield* rows;
      })();
    case 'join':
      return join(rows, op, sink);
    case 'cartesian': {
      const cond = op.condition ? decodeExpr(op.condition) : undefined;
      return (function* () {
        for (const [l, r] of rows as Iterable<[InternalRow, InternalRow]>) {
          const joined = [...l, ...r];
          if (!cond || cond.eval(joined) === true) yield joined;
        }
      })();
    }
    case 'window':
      return windowOp(rows, op);
    case 'topK':
      return topK(
        rows,
        op.orders.map((e) => decodeExpr<SortOrder>(e)),
        op.n,
      );
    case 'sketch':
      return sketch(
        rows,
        op.keys.map((e) => decodeExpr(e)),
        op.sampleSize,
        op.seed + partition,
      );
    case 'countRows':
      return (function* () {
        let n = 0;
        for (const _ of rows) n++;
        yield [n];
      })();
  }
}
