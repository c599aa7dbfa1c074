/**
 * Each kind of RDD's `compute` on the executor, as Spark's RDD subclasses
 * define it: given a partition, build the {@link RowIterator} of its rows.
 * Building does what Spark's `compute` does eagerly (an aggregation's or a
 * sort's input is consumed, a cached block is read, a file is opened); the
 * rows themselves are produced as the iterator is pulled.
 *
 * Adding an RDD kind: add its wire shape to `RDDWire` (`engine/rdd/wire.ts`)
 * and its entry to {@link RDD_COMPUTES} (typed by `RDDWire`, so a missing
 * entry does not compile). Reach parents through `task.iterator`, which reads
 * and writes the block cache as Spark's `RDD.iterator` does.
 */
import type { SerializedFunction } from '../closure/revive';
import type { FileSystem } from '../fs/file-system';
import { SplitLineReader } from '../fs/line-reader';
import { KeyMap } from '../rdd/key-map';
import type {
  AggregatorWire,
  DependencyWire,
  PartitionPayloads,
  PythonFunctionWire,
  RDDWire,
  ShufflePartitionSpecWire,
  TaskMetricsWire,
} from '../rdd/wire';
import { PairwiseRows } from '../python/executor-runner';
import { ExternalAppendOnlyMap, ExternalSorter, type SpillEnv } from './external';
import {
  ArrayIterator,
  ConcatIterator,
  DONE,
  EMPTY,
  PENDING,
  drain,
  toArray,
  type PullIO,
  type PullTaskLike,
  type RowIterator,
} from './iterator';
import { buildMapOp, checkPair, needsSyncInput, type LiveAggregator } from './ops';
import {
  ShuffleRows,
  openShuffle,
  openShuffleBlocks,
  readShuffleInto,
  type RecordSink,
  type ShuffleReadEnv,
} from './shuffle-reader';
import { computeZippedPartitions } from './zipped-partitions';
import { computeWholeTextFiles } from './whole-text-files';
import { computeLocalCheckpoint, computeReliableCheckpoint } from './checkpoint-files';

type AnyFn = (...args: unknown[]) => unknown;

/** What the pipeline's driver needs: the task's context for user code, its reads, and its kill switch. */
export type PullTask = PullTaskLike;

/** A running task as an RDD's compute sees it. */
export interface PartitionTask extends PullTask, ShuffleReadEnv {
  readonly fs: FileSystem;
  /** Per-task data of the stage's RDDs (parallelize slices, file splits). */
  readonly payloads: PartitionPayloads;
  /** A user function of the stage, rebuilt for this task (once per task; shared when it captured nothing). */
  fn(f: SerializedFunction): AnyFn;
  aggregator(a: AggregatorWire): LiveAggregator;
  /** Runs a PythonRDD's function over a partition's input rows in this thread's Python (engine/python/). */
  python(func: PythonFunctionWire, input: readonly unknown[], partition: number): Promise<unknown[]>;
  /**
   * Runs several Python UDFs in one pass over a partition (a BatchEvalPython's): `input` is their arguments' types
   * and then each row's arguments; each output record holds one row's results.
   */
  pythonUDFs(funcs: readonly PythonFunctionWire[], input: readonly unknown[], partition: number): Promise<unknown[][]>;
  /**
   * Spark's `RDD.iterator`: the rows of `rddId`'s partition, from the block cache when it is
   * persisted there, else computed (and cached when persisted). With `sync`, the iterator
   * never answers PENDING (its sources read everything while it is built).
   */
  iterator(rddId: number, partition: number, sync: boolean): Promise<RowIterator>;
  /** Where an aggregation or sort buffer of this task spills. */
  spillEnv(): SpillEnv;
}

export type Compute<W extends RDDWire> = (
  rdd: W,
  partition: number,
  task: PartitionTask,
  sync: boolean,
) => Promise<RowIterator> | RowIterator;

type ComputeTable = { [K in RDDWire['type']]: Compute<Extract<RDDWire, { type: K }>> };

const parentOf = (w: RDDWire, i = 0) => (w.deps[i] as { rdd: number }).rdd;

/** `sc.range`'s slice, generated as it is pulled. */
class RangeRows implements RowIterator {
  #x: number;
  constructor(
    start: number,
    readonly end: number,
    readonly step: number,
  ) {
    this.#x = start;
  }
  next(): unknown {
    const x = this.#x;
    if (this.step > 0 ? x >= this.end : x <= this.end) return DONE;
    this.#x = x + this.step;
    return x;
  }
}

/** A text file split's lines, a chunk at a time (Hadoop's LineRecordReader under HadoopRDD). */
class LineRows implements RowIterator {
  #lines: string[] = [];
  #at = 0;
  #done = false;
  constructor(
    readonly reader: SplitLineReader,
    readonly metrics: TaskMetricsWire,
    readonly io: PullIO,
  ) {}
  next(): unknown {
    if (this.#at < this.#lines.length) {
      this.metrics.inputRecords++;
      return this.#lines[this.#at++];
    }
    if (this.#done) return DONE;
    return this.io.waitFor(
      this.reader.nextLines().then((lines) => {
        this.metrics.inputBytes = this.reader.bytesRead;
        if (lines === null) this.#done = true;
        else {
          this.#lines = lines;
          this.#at = 0;
        }
      }),
    );
  }
}

/** An aggregation, sort or cogroup reading a shuffle or a narrow parent into `sink`. */
async function feed(dep: DependencyWire, partition: number, task: PartitionTask, sink: RecordSink): Promise<void> {
  if (dep.kind === 'narrow') {
    const rows = await task.iterator(dep.rdd, partition, false);
    await drain(rows, task, (row) => sink.insert(row), sink);
  } else await readShuffleInto(await openShuffle(dep, partition, task), sink, task);
}

export const RDD_COMPUTES: ComputeTable = {
  ParallelCollectionRDD: (w, p, task) => {
    const slice = task.payloads[w.id]?.[p];
    if (slice && typeof slice === 'object' && !Array.isArray(slice) && 'range' in slice) {
      const { start, end, step } = (slice as { range: { start: number; end: number; step: number } }).range;
      return new RangeRows(start, end, step);
    }
    return new ArrayIterator((slice as unknown[]) ?? []);
  },

  HadoopRDD: async (w, p, task, sync) => {
    const split = task.payloads[w.id]?.[p] as { path: string; start: number; length: number; fileSize: number };
    const reader = new SplitLineReader(
      task.fs,
      { path: split.path, start: split.start, length: split.length, index: p },
      split.fileSize,
    );
    const rows = new LineRows(reader, task.metrics, task.io);
    return sync ? new ArrayIterator(await toArray(rows, task)) : rows;
  },

  WholeTextFileRDD: (w, p, task) => computeWholeTextFiles(w, p, task),

  // Spark SQL's file readers (CSV, JSON, text, Parquet) load with the first task that reads a file.
  FileScanRDD: async (w, p, task, sync) =>
    (await import('../sql/execution/datasources/FileScanRDD.executor')).computeFileScan(w, p, task, sync),

  MapPartitionsRDD: async (w, p, task, sync) => {
    const input = await task.iterator(parentOf(w), p, sync || needsSyncInput(w.op));
    const fn = 'f' in w.op ? task.fn(w.op.f) : undefined;
    return buildMapOp(input, w.op, { fn, partition: p, ctx: task.ctx, io: task.io });
  },

  ShuffledRDD: async (w, p, task, sync) => {
    const dep = w.deps[0];
    const agg = w.aggregator && task.aggregator(w.aggregator);
    if (agg) {
      // Already partitioned by the same partitioner (a narrow parent), values are combined within the partition.
      const input = dep.kind === 'narrow' || !w.mapSideCombine ? 'values' : 'combiners';
      const op = dep.kind === 'narrow' ? 'reduceByKey' : 'groupByKey';
      const map = new ExternalAppendOnlyMap(task.spillEnv(), agg, input, op, p);
      await feed(dep, p, task, map);
      return new ArrayIterator(await map.result());
    }
    if (w.keyOrdering) {
      const sorter = new ExternalSorter(task.spillEnv(), w.keyOrdering.ascending);
      await feed(dep, p, task, sorter);
      return new ArrayIterator(await sorter.result());
    }
    if (dep.kind === 'narrow') return task.iterator(dep.rdd, p, sync);
    const shuffle = await openShuffle(dep, p, task);
    const rows = new ShuffleRows(shuffle, task.io);
    return sync ? new ArrayIterator(await toArray(rows, task)) : rows;
  },

  ShuffledRowRDD: async (w, p, task, sync) => {
    const dep = w.deps[0];
    if (dep.kind !== 'shuffle') throw new Error('ShuffledRowRDD reads a shuffle');
    const shuffle = await openShuffleBlocks(dep, shuffleReads(w.specs[p]), task);
    const rows = new ShuffleRows(shuffle, task.io);
    return sync ? new ArrayIterator(await toArray(rows, task)) : rows;
  },

  CoGroupedRDD: async (w, p, task) => {
    // Spark's CoGroupedRDD: every parent's records go into one ExternalAppendOnlyMap of per-parent
    // buffers, each value tagged with its parent's index, so a cogroup (and a join, built on it)
    // past the task's memory spills and merges back like the other aggregations.
    const n = w.deps.length;
    const map = new ExternalAppendOnlyMap(task.spillEnv(), coGroupAggregator(n), 'values', 'cogroup/join', p);
    for (let i = 0; i < n; i++) {
      let index = 0;
      await feed(w.deps[i], p, task, {
        insert: (record) => {
          const [k, v] = checkPair(record, 'cogroup/join', p, index++);
          map.insertPair(k, [i, v]);
        },
        insertPair: (k, v) => map.insertPair(k, [i, v]),
        get wantsSettle() {
          return map.wantsSettle;
        },
        settle: () => map.settle(),
      });
    }
    return new ArrayIterator(await map.result());
  },

  SubtractedRDD: async (w, p, task) => {
    // Spark's SubtractedRDD holds the left side (read first), then drops the keys the right side has.
    const [left, right] = w.deps;
    const held: unknown[] = [];
    await feed(left, p, task, { insert: (r) => void held.push(r), wantsSettle: false, settle: async () => {} });
    const drop = new KeyMap<unknown, true>();
    let j = 0;
    await feed(right, p, task, {
      insert: (r) => void drop.set(checkPair(r, 'subtractByKey', p, j++)[0], true),
      wantsSettle: false,
      settle: async () => {},
    });
    return new ArrayIterator(held.filter((r, i) => !drop.has(checkPair(r, 'subtractByKey', p, i)[0])));
  },

  UnionRDD: (w, p, task, sync) => {
    const range = w.ranges.find((r) => p >= r.outStart && p < r.outStart + r.length)!;
    return task.iterator(parentOf(w, range.parent), p - range.outStart + range.inStart, sync);
  },

  PartitionerAwareUnionRDD: (w, p, task, sync) =>
    concat(w.deps.length, (i) => task.iterator(parentOf(w, i), p, sync), task, sync),

  CoalescedRDD: (w, p, task, sync) => {
    const parents = w.groups[p];
    return concat(parents.length, (i) => task.iterator(parentOf(w), parents[i], sync), task, sync);
  },

  CartesianRDD: async (w, p, task, sync) => {
    const leftPartition = Math.floor(p / w.rightPartitions);
    const rightPartition = p % w.rightPartitions;
    const left = await task.iterator(parentOf(w, 0), leftPartition, sync);
    if (sync) {
      // Code that consumes the pairs as an iterator cannot wait for the right side to be recomputed
      // for each left row, as Spark's CartesianRDD does: the right side is computed once instead.
      const right = await toArray(await task.iterator(parentOf(w, 1), rightPartition, true), task);
      return new CartesianRows(left, () => new ArrayIterator(right), task.io);
    }
    return new CartesianRows(left, () => task.iterator(parentOf(w, 1), rightPartition, false), task.io);
  },

  ZippedPartitionsRDD: (w, p, task) => computeZippedPartitions(w, p, task),
  ReliableCheckpointRDD: (w, p, task) => computeReliableCheckpoint(w, p, task),
  LocalCheckpointRDD: (w, p) => computeLocalCheckpoint(w, p),

  ZippedWithIndexRDD: async (w, p, task, sync) => {
    const input = await task.iterator(parentOf(w), p, sync);
    let index = w.startIndices[p] ?? 0;
    return {
      next() {
        const row = input.next();
        if (row === DONE || row === PENDING) return row;
        return [row, index++];
      },
    };
  },

  // PySpark's RDDs (engine/python/): Python runs over the whole partition in one call, as its worker streams it.
  PythonRDD: async (w, p, task) => {
    const input = await toArray(await task.iterator(parentOf(w), p, false), task);
    return new ArrayIterator(await task.python(w.func, input, p));
  },

  PairwiseRDD: async (w, p, task, sync) => new PairwiseRows(await task.iterator(parentOf(w), p, sync)),

  // Every UDF in one pass, row by row, as BatchEvalPythonExec hands them all to one Python worker (worker.py's
  // read_udfs): the first record gives each UDF's chain length and argument types, then each row's arguments of
  // every UDF follow.
  BatchEvalPython: async (w, p, task) => {
    const rows = (await toArray(await task.iterator(parentOf(w), p, false), task)) as unknown[][];
    // Each UDF's functions follow one another (a chain, `f(g(x))`, is several); the header says how many are each's.
    const header = `[${w.udfs.map((u) => `{"chain":${u.funcs.length},"types":${u.argTypes}}`).join(',')}]`;
    const input = [header, ...rows.map((r) => r.slice(w.childWidth))];
    const results = await task.pythonUDFs(
      w.udfs.flatMap((u) => u.funcs),
      input,
      p,
    );
    return new ArrayIterator(rows.map((r, i) => [...r.slice(0, w.childWidth), ...(results[i] ?? [])]));
  },
};

/** Parents one after another; built up front when the result must be synchronous. */
/** The (reducer, maps) reads of one ShuffledRowRDD partition, in Spark's order (reducer by reducer). */
function shuffleReads(spec: ShufflePartitionSpecWire): { reduceId: number; startMap?: number; endMap?: number }[] {
  const reducers = (start: number, end: number, maps?: [number, number]) =>
    Array.from({ length: end - start }, (_, i) => ({
      reduceId: start + i,
      ...(maps ? { startMap: maps[0], endMap: maps[1] } : {}),
    }));
  switch (spec.kind) {
    case 'coalesced':
      return reducers(spec.startReducer, spec.endReducer);
    case 'partialReducer':
      return [{ reduceId: spec.reducer, startMap: spec.startMap, endMap: spec.endMap }];
    case 'partialMapper':
      return reducers(spec.startReducer, spec.endReducer, [spec.map, spec.map + 1]);
    case 'coalescedMapper':
      return reducers(0, spec.numReducers, [spec.startMap, spec.endMap]);
  }
}

async function concat(
  count: number,
  open: (i: number) => Promise<RowIterator>,
  task: PartitionTask,
  sync: boolean,
): Promise<RowIterator> {
  if (count === 0) return EMPTY;
  if (!sync) return new ConcatIterator(count, open, task.io);
  const all: RowIterator[] = [];
  for (let i = 0; i < count; i++) all.push(await open(i));
  return new ConcatIterator(count, (i) => all[i], task.io);
}

/** Spark's CartesianRDD: for each left row, every row of a freshly computed right side. */
class CartesianRows implements RowIterator {
  #left: unknown = DONE;
  #right: RowIterator | null = null;
  #opening: Promise<RowIterator> | null = null;
  constructor(
    readonly lefts: RowIterator,
    readonly openRight: () => RowIterator | Promise<RowIterator>,
    readonly io: PullIO,
  ) {}
  next(): unknown {
    for (;;) {
      if (this.#right !== null) {
        const b = this.#right.next();
        if (b === PENDING) return b;
        if (b !== DONE) return [this.#left, b];
        this.#right = null;
      }
      if (this.#opening !== null) return this.io.waitFor(this.#opening);
      const a = this.lefts.next();
      if (a === DONE || a === PENDING) return a;
      this.#left = a;
      const opened = this.openRight();
      if (opened instanceof Promise) {
        this.#opening = opened.then((it) => {
          this.#right = it;
          this.#opening = null;
          return it;
        });
        return this.io.waitFor(this.#opening);
      }
      this.#right = opened;
    }
  }
}

/** Builds `rdd`'s iterator for `partition` (without the cache: see PartitionTask.iterator). */
export function compute(rdd: RDDWire, partition: number, task: PartitionTask, sync: boolean): Promise<RowIterator> {
  const fn = RDD_COMPUTES[rdd.type] as Compute<RDDWire>;
  return Promise.resolve(fn(rdd, partition, task, sync));
}

/**
 * Spark's CoGroupCombiner as an aggregator: a combiner holds one buffer per
 * parent; values arrive tagged `[parentIndex, value]`.
 */
function coGroupAggregator(parents: number): LiveAggregator {
  return {
    createCombiner: (tagged: unknown) => {
      const [i, v] = tagged as [number, unknown];
      const groups: unknown[][] = Array.from({ length: parents }, () => []);
      groups[i].push(v);
      return groups;
    },
    mergeValue: (groups: unknown, tagged: unknown) => {
      const [i, v] = tagged as [number, unknown];
      (groups as unknown[][])[i].push(v);
      return groups;
    },
    mergeCombiners: (a: unknown, b: unknown) => {
      const into = a as unknown[][];
      (b as unknown[][]).forEach((values, i) => {
        for (const v of values) into[i].push(v);
      });
      return into;
    },
  };
}
