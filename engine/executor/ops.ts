/**
 * What a MapPartitionsRDD does to its parent's rows, on the executor: one
 * {@link MapOpDefinition} per kind of {@link MapOp}, each building a
 * {@link RowIterator} over its input, so a task pulls rows through every
 * operation one at a time as Spark chains iterators (see `iterator.ts`).
 *
 * Adding an operation: add its shape to `MapOp` (`engine/rdd/wire.ts`) and
 * its entry to {@link MAP_OPS} (the table is typed by `MapOp`, so a missing
 * entry does not compile). Its iterator pulls `input.next()`, passes DONE
 * and PENDING up, and calls user functions directly: the task already runs
 * them inside its TaskContext.
 */
import type { MapOp } from '../rdd/wire';
import { KeyMap } from '../rdd/key-map';
import { runInTask, type TaskContext } from './task-context';
import { distributedRows, sampledByKey, sampledRows, sketchRows } from './sampling';
import { DONE, IterableRows, PENDING, userIterator, type PullIO, type RowIterator } from './iterator';

type SqlRuntime = typeof import('../sql/execution/runtime/operators');
let sqlRuntime: SqlRuntime | null = null;

/** Loads Spark SQL's operators into this task thread the first time a stage has one (a chunk of its own). */
export async function ensureSqlRuntime(): Promise<void> {
  sqlRuntime ??= await import('../sql/execution/runtime/operators');
}

type AnyFn = (...args: unknown[]) => unknown;

/** Throws the error a learner needs when a pair operation meets a record that is not [key, value]. */
export function checkPair(rec: unknown, op: string, partition: number, index: number): [unknown, unknown] {
  if (Array.isArray(rec) && rec.length === 2) return rec as [unknown, unknown];
  throw new TypeError(
    `${op} needs an RDD of [key, value] pairs (2-element arrays), but record ${index} of partition ${partition} is ` +
      `${describe(rec)}. Turn records into pairs first, e.g. .map((x) => [x, 1]).`,
  );
}

function describe(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** `value` as an iterable, or the error naming what should have returned one. */
export function iterate(value: unknown, what: string): Iterable<unknown> {
  if (value !== null && value !== undefined && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
    return value as Iterable<unknown>;
  throw new TypeError(`${what} must return an iterable (an array or a generator), got ${describe(value)}`);
}

/** What an operation's iterator may use besides its input. */
export interface OpEnv {
  /** The operation's function (`op.f`), rebuilt for this task; undefined for operations without one. */
  fn: AnyFn | undefined;
  /** The partition being computed. */
  partition: number;
  ctx: TaskContext;
  io: PullIO;
}

export interface MapOpDefinition<O extends MapOp> {
  build(input: RowIterator, op: O, env: OpEnv): RowIterator;
  /**
   * The operation hands its input to user code as an iterator, which cannot
   * wait for a read: its input is built `sync` (sources read everything first).
   */
  readonly syncInput?: boolean;
}

type MapOpTable = { [K in MapOp['op']]: MapOpDefinition<Extract<MapOp, { op: K }>> };

/** One row in, one row out: `each(row, index)` gives the output row. */
class EachRow implements RowIterator {
  #index = 0;
  constructor(
    readonly input: RowIterator,
    readonly each: (row: unknown, index: number) => unknown,
  ) {}
  next(): unknown {
    const row = this.input.next();
    if (row === DONE || row === PENDING) return row;
    return this.each(row, this.#index++);
  }
}

class MapRows implements RowIterator {
  constructor(
    readonly input: RowIterator,
    readonly f: AnyFn,
  ) {}
  next(): unknown {
    const row = this.input.next();
    if (row === DONE || row === PENDING) return row;
    return this.f(row);
  }
}

class FilterRows implements RowIterator {
  constructor(
    readonly input: RowIterator,
    readonly keep: (row: unknown) => unknown,
  ) {}
  next(): unknown {
    for (;;) {
      const row = this.input.next();
      if (row === DONE || row === PENDING) return row;
      if (this.keep(row)) return row;
    }
  }
}

/**
 * Zero or more rows out per row in: `expand(row, index)` returns them as an
 * iterable; an array is walked by index, anything else lazily through its
 * iterator (a generator runs one step per row pulled), as Scala's flatMap.
 */
class ExpandRows implements RowIterator {
  #array: readonly unknown[] | null = null;
  #at = 0;
  #iterator: Iterator<unknown> | null = null;
  #index = 0;
  constructor(
    readonly input: RowIterator,
    readonly expand: (row: unknown, index: number) => Iterable<unknown>,
  ) {}
  next(): unknown {
    for (;;) {
      if (this.#array !== null) {
        if (this.#at < this.#array.length) return this.#array[this.#at++];
        this.#array = null;
      } else if (this.#iterator !== null) {
        const r = this.#iterator.next();
        if (!r.done) return r.value;
        this.#iterator = null;
      }
      const row = this.input.next();
      if (row === DONE || row === PENDING) return row;
      const out = this.expand(row, this.#index++);
      if (Array.isArray(out)) {
        this.#array = out;
        this.#at = 0;
      } else this.#iterator = out[Symbol.iterator]();
    }
  }
}

/** Pulls its whole input (resuming after PENDING), then gives `finish(rows seen)`'s rows. */
class AfterAll implements RowIterator {
  #out: RowIterator | null = null;
  constructor(
    readonly input: RowIterator,
    readonly take: (row: unknown) => void,
    readonly finish: () => readonly unknown[],
  ) {}
  next(): unknown {
    if (this.#out === null) {
      for (;;) {
        const row = this.input.next();
        if (row === PENDING) return row;
        if (row === DONE) break;
        this.take(row);
      }
      const rows = this.finish();
      let i = 0;
      this.#out = { next: () => (i < rows.length ? rows[i++] : DONE) };
    }
    return this.#out.next();
  }
}

export const MAP_OPS: MapOpTable = {
  identity: { build: (input) => input },
  map: { build: (input, _op, { fn }) => new MapRows(input, fn!) },
  filter: { build: (input, _op, { fn }) => new FilterRows(input, fn!) },
  flatMap: {
    build: (input, _op, { fn }) =>
      new ExpandRows(input, (row) => {
        const out = fn!(row);
        return Array.isArray(out) ? out : iterate(out, 'flatMap function');
      }),
  },
  keyBy: { build: (input, _op, { fn }) => new EachRow(input, (row) => [fn!(row), row]) },
  mapValues: {
    build: (input, _op, { fn, partition }) =>
      new EachRow(input, (row, i) => {
        const [k, v] = checkPair(row, 'mapValues', partition, i);
        return [k, fn!(v)];
      }),
  },
  flatMapValues: {
    build: (input, _op, { fn, partition }) =>
      new ExpandRows(input, (row, i) => {
        const [k, v] = checkPair(row, 'flatMapValues', partition, i);
        return lazyMap(iterate(fn!(v), 'flatMapValues function'), (y) => [k, y]);
      }),
  },
  keys: { build: (input, _op, { partition }) => new EachRow(input, (r, i) => checkPair(r, 'keys', partition, i)[0]) },
  values: {
    build: (input, _op, { partition }) => new EachRow(input, (r, i) => checkPair(r, 'values', partition, i)[1]),
  },
  swapToValueKey: { build: (input) => new EachRow(input, (r) => [r, null]) },
  // Spark's MapPartitionsRDD calls f when the partition is computed, with the parent's iterator.
  mapPartitions: {
    syncInput: true,
    build: (input, _op, { fn, ctx }) =>
      new IterableRows(
        iterate(
          runInTask(ctx, () => fn!(userIterator(input))),
          'mapPartitions function',
        ),
      ),
  },
  mapPartitionsWithIndex: {
    syncInput: true,
    build: (input, _op, { fn, ctx, partition }) =>
      new IterableRows(
        iterate(
          runInTask(ctx, () => fn!(partition, userIterator(input))),
          'mapPartitionsWithIndex function',
        ),
      ),
  },
  glom: {
    build: (input) => {
      const rows: unknown[] = [];
      return new AfterAll(
        input,
        (r) => void rows.push(r),
        () => [rows],
      );
    },
  },
  dedupe: {
    build: (input) => {
      const seen = new KeyMap<unknown, true>();
      return new FilterRows(input, (r) => {
        if (seen.has(r)) return false;
        seen.set(r, true);
        return true;
      });
    },
  },
  sample: { build: (input, op, { partition }) => sampledRows(input, op, partition) },
  sampleByKey: {
    build: (input, op, { partition }) =>
      sampledByKey(input, op, partition, (row, i) => checkPair(row, 'sampleByKey', partition, i)),
  },
  distribute: { build: (input, op, { partition }) => distributedRows(input, op.numPartitions, partition) },
  sketch: { build: (input, op, { partition }) => sketchRows(input, op.sampleSize, op.shift, partition) },
  joinFlatten: {
    build: (input, op) =>
      new ExpandRows(input, (row) => {
        const [k, groups] = row as [unknown, unknown[][]];
        const [vs, ws] = groups;
        const out: unknown[] = [];
        if (op.kind === 'inner') {
          for (const v of vs) for (const w of ws) out.push([k, [v, w]]);
        } else if (op.kind === 'left') {
          for (const v of vs)
            if (ws.length === 0) out.push([k, [v, null]]);
            else for (const w of ws) out.push([k, [v, w]]);
        } else if (op.kind === 'right') {
          for (const w of ws)
            if (vs.length === 0) out.push([k, [null, w]]);
            else for (const v of vs) out.push([k, [v, w]]);
        } else {
          if (vs.length === 0) for (const w of ws) out.push([k, [null, w]]);
          else if (ws.length === 0) for (const v of vs) out.push([k, [v, null]]);
          else for (const v of vs) for (const w of ws) out.push([k, [v, w]]);
        }
        return out;
      }),
  },
  // Spark SQL's operators of one pipeline: generators over the input, which they read synchronously.
  sql: {
    syncInput: true,
    build: (input, op, { partition, ctx }) => {
      if (!sqlRuntime) throw new Error('Spark SQL operators were not loaded on this executor');
      const run = sqlRuntime.runPipeline;
      const sink = (id: number, value: number) => ctx.addToAccumulator(id, value);
      // The compiled runs pull the input directly (no iterator result per row); the interpreted ones iterate it.
      const options = { source: { rows: input, done: DONE }, end: DONE, codegen: op.codegen !== false };
      const rows = runInTask(ctx, () => run(op.steps as never, userIterator(input), partition, sink, options));
      // A compiled last run is a row iterator already (it gives DONE after its last row).
      return rows instanceof sqlRuntime.CompiledRows ? (rows as RowIterator) : new IterableRows(rows);
    },
  },
  intersectFilter: {
    build: (input) =>
      new FilterRows(input, (r) => {
        const [, groups] = r as [unknown, unknown[][]];
        return groups[0].length > 0 && groups[1].length > 0;
      }),
  },
};

function* lazyMap(values: Iterable<unknown>, f: (v: unknown) => unknown): Generator<unknown> {
  for (const v of values) yield f(v);
}

/** Builds `op`'s iterator over `input`. */
export function buildMapOp(input: RowIterator, op: MapOp, env: OpEnv): RowIterator {
  const definition = MAP_OPS[op.op] as MapOpDefinition<MapOp>;
  return definition.build(input, op, env);
}

/** Whether `op` gives its input to user code as an iterator (so its input must be built `sync`). */
export function needsSyncInput(op: MapOp): boolean {
  return (MAP_OPS[op.op] as MapOpDefinition<MapOp>).syncInput === true;
}

export interface LiveAggregator {
  createCombiner: AnyFn;
  mergeValue: AnyFn;
  mergeCombiners: AnyFn;
  zeroValue?: { value: unknown };
}
