/**
 * An executor: runs tasks for the driver. It rebuilds each stage's lineage and
 * closures once, computes partitions (reading cached blocks and shuffle
 * files), writes shuffle output to its own namespace of the block store, and
 * reports metrics as Spark's TaskMetrics count them. The same class runs in a
 * Web Worker and in-process for tests.
 */
import { RecordReader, RecordWriter, decodeRecords, decodeValue, encodeRecords, encodeValue } from '../codec/codec';
import { estimateSize } from '../codec/size';
import { deserializeFunction, type SerializedFunction } from '../closure/revive';
import { HashPartitioner, RangePartitioner, partitionerFromWire } from '../rdd/partitioner';
import { StorageLevel } from '../rdd/storage-level';
import { KeyMap } from '../rdd/key-map';
import type { FileSystem } from '../fs/file-system';
import { readSplitLines } from '../fs/line-reader';
import type { BlockStore } from '../storage/block-store';
import {
  emptyMetrics,
  type AggregatorWire,
  type BlockUpdate,
  type DependencyWire,
  type PartitionPayloads,
  type RDDWire,
  type TaskBinary,
  type TaskDescription,
  type TaskFault,
  type TaskMetricsWire,
  type TaskOutcome,
} from '../rdd/wire';
import type { DriverEndpoint, ExecutorSpec } from './backend';
import { applyMapOp, chainOps, checkPair, isRecordAtATime, type LiveAggregator, type LiveMapOp } from './ops';
import { runResultFunc, type LiveResultFunc } from './result-functions';
import { ExternalAppendOnlyMap, ExternalSorter, type SpillEnv } from './external';
import { FetchFailedError, TaskContext, TaskKilledError, runInTask } from './task-context';

type AnyFn = (...args: unknown[]) => unknown;

/** Shuffle records decoded per call into a sink that takes pairs; it asks to settle every 1,024. */
const PAIRS_PER_READ = 128;

/** Where a task streams a partition's records (see Executor#stream); ExternalAppendOnlyMap is one. */
interface RecordSink {
  /** Takes one record; runs inside runInTask. */
  insert(record: unknown): void;
  /** Takes one `[key, value]` record as its two parts, if the sink can (the same as `insert([key, value])`). */
  insertPair?(key: unknown, value: unknown): void;
  /** True when the sink needs `settle()` (e.g. to spill) before more records. */
  readonly wantsSettle: boolean;
  settle(): Promise<void>;
}

interface LiveRDD {
  wire: RDDWire;
  fn?: AnyFn;
  agg?: LiveAggregator;
}

interface LiveStage {
  binary: TaskBinary;
  rdds: Map<number, LiveRDD>;
  shuffleAgg?: LiveAggregator;
  resultFunc?: LiveResultFunc;
}

interface TaskRun {
  desc: TaskDescription;
  ctx: TaskContext;
  payloads: PartitionPayloads;
  metrics: TaskMetricsWire;
  blockUpdates: BlockUpdate[];
}

/** A broadcast variable as tasks see it: `.value` is the executor's copy. */
export class ExecutorBroadcast {
  constructor(
    readonly id: number,
    readonly value: unknown,
  ) {}
  unpersist(): void {}
  destroy(): void {}
}

/** An accumulator as tasks see it: adds go to the running task's updates, sent back with its result. */
export class ExecutorAccumulator {
  constructor(
    readonly id: number,
    readonly name: string | null,
  ) {}
  add(v: number): void {
    const ctx = TaskContext.get();
    if (ctx) ctx.accumulatorUpdates.set(this.id, (ctx.accumulatorUpdates.get(this.id) ?? 0) + Number(v));
  }
  get value(): number {
    return TaskContext.get()?.accumulatorUpdates.get(this.id) ?? 0;
  }
}

export interface ExecutorEnv {
  spec: ExecutorSpec;
  appId: string;
  driver: DriverEndpoint;
  store: BlockStore;
  fs: FileSystem;
  /** The learner's file name, so stack traces of rebuilt lambdas name it. */
  sourceURL?: string;
}

export class Executor {
  readonly #stages = new Map<string, Promise<TaskBinary>>();
  readonly #broadcasts = new Map<number, unknown>();
  readonly #memory = new Map<string, { records: unknown[]; size: number }>();
  #memoryUsed = 0;
  readonly #running = new Map<number, TaskContext>();

  constructor(readonly env: ExecutorEnv) {}

  get id(): string {
    return this.env.spec.id;
  }

  killTask(taskId: number, reason: string): void {
    const ctx = this.#running.get(taskId);
    if (ctx) ctx.killed = reason;
  }

  async runTask(desc: TaskDescription): Promise<TaskOutcome> {
    const metrics = emptyMetrics();
    const ctx = new TaskContext(
      desc.stageId,
      desc.stageAttemptId,
      desc.partitionId,
      desc.attemptNumber,
      desc.taskId,
      desc.properties,
    );
    this.#running.set(desc.taskId, ctx);
    const run: TaskRun = { desc, ctx, payloads: {}, metrics, blockUpdates: [] };
    const started = performance.now();
    try {
      const deserializeStart = performance.now();
      const stage = await this.#liveStage(desc);
      run.payloads = decodeValue(desc.payloads) as PartitionPayloads;
      metrics.executorDeserializeTime = Math.round(performance.now() - deserializeStart);
      const runStart = performance.now();
      if (desc.fault) await this.#suffer(desc.fault, ctx);
      let outcome: TaskOutcome;
      if (desc.kind === 'ShuffleMapTask') {
        const mapStatus = await this.#writeShuffle(stage, run);
        metrics.executorRunTime = Math.round(performance.now() - runStart);
        outcome = {
          status: 'success',
          mapStatus,
          accumUpdates: accumUpdates(ctx),
          blockUpdates: run.blockUpdates,
          metrics,
        };
      } else {
        const records = await this.#compute(stage, stage.binary.rootRdd, desc.partitionId, run);
        const output = { bytes: 0, records: 0 };
        const value = await runResultFunc(stage.resultFunc!, records, desc.partitionId, ctx, this.env.fs, output);
        metrics.outputBytes = output.bytes;
        metrics.outputRecords = output.records;
        metrics.executorRunTime = Math.round(performance.now() - runStart);
        const serStart = performance.now();
        const result = encodeValue(value);
        metrics.resultSerializationTime = Math.round(performance.now() - serStart);
        metrics.resultSize = result.byteLength;
        outcome = {
          status: 'success',
          result,
          accumUpdates: accumUpdates(ctx),
          blockUpdates: run.blockUpdates,
          metrics,
        };
        if (result.byteLength > this.env.spec.maxDirectResultSize) {
          // Spark's IndirectTaskResult: the result waits in the block store for the driver to fetch.
          const blockKey = `${this.id}/taskresult_${desc.taskId}`;
          await this.env.store.put([[blockKey, result]]);
          outcome = { ...outcome, result: undefined, indirectResult: { blockKey, size: result.byteLength } };
        }
      }
      this.#checkKilled(ctx);
      metrics.executorCpuTime = Math.round((performance.now() - started) * 1_000_000);
      return outcome;
    } catch (e) {
      metrics.executorRunTime = Math.round(performance.now() - started);
      return { status: 'failed', failure: this.#failureOf(e, desc), metrics, accumUpdates: [] };
    } finally {
      this.#running.delete(desc.taskId);
    }
  }

  #failureOf(e: unknown, desc: TaskDescription): Extract<TaskOutcome, { status: 'failed' }>['failure'] {
    if (e instanceof TaskKilledError) return { reason: 'TaskKilled', killReason: e.reason };
    if (e instanceof FetchFailedError)
      return {
        reason: 'FetchFailed',
        executorId: e.executorId,
        host: e.host,
        shuffleId: e.shuffleId,
        mapId: e.mapId,
        mapIndex: e.mapIndex,
        reduceId: e.reduceId,
        message: e.message,
      };
    const err = e instanceof Error ? e : new Error(typeof e === 'string' ? e : `non-Error value thrown: ${String(e)}`);
    void desc;
    return {
      reason: 'ExceptionFailure',
      className: err.name || 'Error',
      description: err.message,
      stack: this.#learnerStack(err.stack ?? ''),
    };
  }

  /** The stack a learner needs: the frames in their program, when there are any; engine frames otherwise. */
  #learnerStack(stack: string): string {
    const file = this.env.sourceURL;
    if (!file) return stack;
    const lines = stack.split('\n');
    const frames = lines.filter((l) => /^\s+at /.test(l));
    const mine = frames.filter((l) => l.includes(`${file}:`));
    if (mine.length === 0) return stack;
    return [...lines.filter((l) => !/^\s+at /.test(l)), ...mine].join('\n');
  }

  /** An injected fault: a straggler's delay (interrupted if the task is killed), or a thrown error. */
  async #suffer(fault: TaskFault, ctx: TaskContext): Promise<void> {
    if (fault.delayMs) {
      const until = performance.now() + fault.delayMs;
      while (performance.now() < until && ctx.killed === null)
        await new Promise((r) => setTimeout(r, Math.min(20, until - performance.now())));
      this.#checkKilled(ctx);
    }
    if (fault.fail) throw new Error(fault.fail);
  }

  #checkKilled(ctx: TaskContext): void {
    if (ctx.killed !== null) throw new TaskKilledError(ctx.killed);
  }

  // ------------------------------------------------------------ stage binaries

  /**
   * The stage's task binary, its broadcasts fetched. Cached as a promise from the first task on,
   * so a second task of the stage arriving meanwhile (without the binary) waits for the same one.
   */
  #stageBinary(desc: TaskDescription): Promise<TaskBinary> {
    const cached = this.#stages.get(desc.stageKey);
    if (cached) return cached;
    const binary = desc.binary;
    if (!binary) return Promise.reject(new Error(`Executor ${this.id} has no task binary for stage ${desc.stageKey}`));
    const ready = (async () => {
      for (const id of binary.broadcastIds)
        if (!this.#broadcasts.has(id)) this.#broadcasts.set(id, decodeValue(await this.env.driver.getBroadcast(id)));
      return binary;
    })();
    this.#stages.set(desc.stageKey, ready);
    ready.catch(() => this.#stages.delete(desc.stageKey));
    if (this.#stages.size > 64) this.#stages.delete(this.#stages.keys().next().value!);
    return ready;
  }

  /**
   * A task's own copy of the stage's functions. Like Spark deserializing the task binary for
   * every task, a function that captured variables is rebuilt per task, so state it mutates
   * never leaks into the next task; functions with nothing captured are shared.
   */
  async #liveStage(desc: TaskDescription): Promise<LiveStage> {
    const binary = await this.#stageBinary(desc);
    const rebuild = (s: SerializedFunction) => {
      if (Object.keys(s.env).length > 0) return this.#rebuild(s);
      let fn = this.#stateless.get(s);
      if (!fn) this.#stateless.set(s, (fn = this.#rebuild(s)));
      return fn;
    };
    const rebuildAgg = (a: AggregatorWire | undefined): LiveAggregator | undefined =>
      a && {
        createCombiner: rebuild(a.createCombiner),
        mergeValue: rebuild(a.mergeValue),
        mergeCombiners: rebuild(a.mergeCombiners),
        zeroValue: a.zeroValue && { value: this.#reviveValue(a.zeroValue.value) },
      };
    const rdds = new Map<number, LiveRDD>();
    for (const wire of binary.rdds) {
      const live: LiveRDD = { wire };
      if (wire.type === 'MapPartitionsRDD' && 'f' in wire.op) live.fn = rebuild(wire.op.f);
      if (wire.type === 'ShuffledRDD') live.agg = rebuildAgg(wire.aggregator);
      rdds.set(wire.id, live);
    }
    const stage: LiveStage = { binary, rdds };
    if (binary.shuffleDep) stage.shuffleAgg = rebuildAgg(binary.shuffleDep.aggregator);
    const rf = binary.resultFunc;
    if (rf) {
      const live: LiveResultFunc = { wire: rf };
      if ('f' in rf) live.f = rebuild(rf.f);
      if (rf.kind === 'aggregate') {
        live.seqOp = rebuild(rf.seqOp);
        live.combOp = rebuild(rf.combOp);
        live.wire = { ...rf, zero: this.#reviveValue(rf.zero) };
      }
      if (rf.kind === 'fold') live.wire = { ...rf, zero: this.#reviveValue(rf.zero) };
      if (rf.kind === 'takeOrdered' && rf.key) live.key = rebuild(rf.key);
      stage.resultFunc = live;
    }
    return stage;
  }

  /** Rebuilt functions that captured nothing, shared by every task (keyed by their wire object). */
  readonly #stateless = new WeakMap<SerializedFunction, AnyFn>();

  #rebuild(s: SerializedFunction): AnyFn {
    return deserializeFunction(s, {
      globals: { TaskContext, HashPartitioner, RangePartitioner, StorageLevel },
      revive: (tag, data) => this.#revive(tag, data),
      sourceURL: this.env.sourceURL,
    }) as AnyFn;
  }

  #revive(tag: string, data: unknown): unknown {
    const d = data as Record<string, unknown>;
    switch (tag) {
      case 'broadcast':
        return new ExecutorBroadcast(d.id as number, this.#broadcasts.get(d.id as number));
      case 'accumulator':
        return new ExecutorAccumulator(d.id as number, (d.name as string | null) ?? null);
      case 'partitioner':
        return partitionerFromWire(data as never);
      case 'storageLevel':
        return StorageLevel.fromJSON(data as never);
      default:
        throw new Error(`Executor cannot rebuild a captured value tagged "${tag}"`);
    }
  }

  /** Zero values travel as plain data; nothing to revive beyond what structured clone kept. */
  #reviveValue(v: unknown): unknown {
    return v;
  }

  // ------------------------------------------------------------ computing partitions

  async #compute(stage: LiveStage, rddId: number, p: number, run: TaskRun): Promise<unknown[]> {
    const rdd = stage.rdds.get(rddId);
    if (!rdd) throw new Error(`RDD ${rddId} is not part of stage ${stage.binary.stageKey}`);
    const level = rdd.wire.storageLevel ? StorageLevel.fromJSON(rdd.wire.storageLevel) : null;
    const blockId = `rdd_${rddId}_${p}`;
    if (level) {
      const hit = await this.#readCachedBlock(blockId);
      if (hit) return hit;
    }
    const records = await this.#computeUncached(stage, rdd, p, run);
    this.#checkKilled(run.ctx);
    if (level) await this.#cacheBlock(blockId, records, level, run);
    return records;
  }

  async #computeUncached(stage: LiveStage, rdd: LiveRDD, p: number, run: TaskRun): Promise<unknown[]> {
    const w = rdd.wire;
    const parent = (i = 0) => (w.deps[i] as { rdd: number }).rdd;
    switch (w.type) {
      case 'ParallelCollectionRDD': {
        const slice = run.payloads[w.id]?.[p];
        if (slice && typeof slice === 'object' && !Array.isArray(slice) && 'range' in slice) {
          const { start, end, step } = (slice as { range: { start: number; end: number; step: number } }).range;
          const out: number[] = [];
          if (step > 0) for (let x = start; x < end; x += step) out.push(x);
          else for (let x = start; x > end; x += step) out.push(x);
          return out;
        }
        return (slice as unknown[]) ?? [];
      }
      case 'HadoopRDD': {
        const split = run.payloads[w.id]?.[p] as { path: string; start: number; length: number; fileSize: number };
        const { lines, bytesRead } = await readSplitLines(
          this.env.fs,
          { path: split.path, start: split.start, length: split.length, index: p },
          split.fileSize,
        );
        run.metrics.inputBytes += bytesRead;
        run.metrics.inputRecords += lines.length;
        return lines;
      }
      case 'MapPartitionsRDD': {
        const input = await this.#compute(stage, parent(), p, run);
        return applyMapOp(w.op, rdd.fn, input, p, run.ctx);
      }
      case 'ShuffledRDD': {
        const dep = w.deps[0];
        const agg = rdd.agg;
        if (dep.kind === 'narrow') {
          // Already partitioned by the same partitioner: combine within the partition.
          const input = await this.#compute(stage, dep.rdd, p, run);
          if (!agg) return input;
          const map = new ExternalAppendOnlyMap(this.#spillEnv(run), agg, 'values', 'reduceByKey', p);
          await map.insertAll(input);
          return map.result();
        }
        if (agg) {
          const map = new ExternalAppendOnlyMap(
            this.#spillEnv(run),
            agg,
            w.mapSideCombine ? 'combiners' : 'values',
            'groupByKey',
            p,
          );
          await this.#fetchShuffle(dep, p, run, map);
          return map.result();
        }
        if (w.keyOrdering) {
          const sorter = new ExternalSorter(this.#spillEnv(run), w.keyOrdering.ascending);
          await this.#fetchShuffle(dep, p, run, sorter);
          return sorter.result();
        }
        return this.#fetchAll(dep, p, run);
      }
      case 'CoGroupedRDD': {
        // Spark's CoGroupedRDD: every parent's records go into one ExternalAppendOnlyMap of per-parent
        // buffers, each value tagged with its parent's index, so a cogroup (and a join, built on it)
        // past the task's memory spills and merges back like the other aggregations.
        const n = w.deps.length;
        const map = new ExternalAppendOnlyMap(this.#spillEnv(run), coGroupAggregator(n), 'values', 'cogroup/join', p);
        for (let i = 0; i < n; i++) {
          const dep = w.deps[i];
          let index = 0;
          const tagged: RecordSink = {
            insert: (record) => {
              const [k, v] = checkPair(record, 'cogroup/join', p, index++);
              map.insertPair(k, [i, v]);
            },
            insertPair: (k, v) => map.insertPair(k, [i, v]),
            get wantsSettle() {
              return map.wantsSettle;
            },
            settle: () => map.settle(),
          };
          if (dep.kind === 'narrow') await this.#stream(stage, dep.rdd, p, run, tagged);
          else await this.#fetchShuffle(dep, p, run, tagged);
        }
        return map.result();
      }
      case 'SubtractedRDD': {
        const [left, right] = w.deps;
        const rightRows =
          right.kind === 'narrow' ? await this.#compute(stage, right.rdd, p, run) : await this.#fetchAll(right, p, run);
        const drop = new KeyMap<unknown, true>();
        rightRows.forEach((r, j) => drop.set(checkPair(r, 'subtractByKey', p, j)[0], true));
        const leftRows =
          left.kind === 'narrow' ? await this.#compute(stage, left.rdd, p, run) : await this.#fetchAll(left, p, run);
        return leftRows.filter((r, j) => !drop.has(checkPair(r, 'subtractByKey', p, j)[0]));
      }
      case 'UnionRDD': {
        const range = w.ranges.find((r) => p >= r.outStart && p < r.outStart + r.length)!;
        return this.#compute(stage, parent(range.parent), p - range.outStart + range.inStart, run);
      }
      case 'PartitionerAwareUnionRDD': {
        const out: unknown[] = [];
        for (let i = 0; i < w.deps.length; i++) out.push(...(await this.#compute(stage, parent(i), p, run)));
        return out;
      }
      case 'CoalescedRDD': {
        const out: unknown[] = [];
        for (const pp of w.groups[p]) {
          const rows = await this.#compute(stage, parent(), pp, run);
          for (const r of rows) out.push(r);
        }
        return out;
      }
      case 'CartesianRDD': {
        const left = await this.#compute(stage, parent(0), Math.floor(p / w.rightPartitions), run);
        const right = await this.#compute(stage, parent(1), p % w.rightPartitions, run);
        const out: unknown[] = [];
        for (const a of left) for (const b of right) out.push([a, b]);
        return out;
      }
      case 'ZippedWithIndexRDD': {
        const rows = await this.#compute(stage, parent(), p, run);
        const start = w.startIndices[p] ?? 0;
        return rows.map((r, i) => [r, start + i]);
      }
    }
  }

  /**
   * Feeds the records of `rddId`'s partition into `sink` one by one. The
   * record-at-a-time map operations on top of the partition's source (a cached
   * RDD, or an RDD of any other kind) are chained, as Spark pipelines narrow
   * transformations through iterators: each record goes through all of them
   * and into the sink before the next starts, with no array per operation in
   * between. A word count's flatMap → filter → map → combine allocates little
   * but its words, and each word is counted while it is still in the cache.
   */
  async #stream(stage: LiveStage, rddId: number, p: number, run: TaskRun, sink: RecordSink): Promise<void> {
    const chain: LiveMapOp[] = [];
    let sourceId = rddId;
    for (;;) {
      const rdd = stage.rdds.get(sourceId);
      const w = rdd?.wire;
      if (!w || w.type !== 'MapPartitionsRDD' || w.storageLevel || !isRecordAtATime(w.op)) break;
      chain.unshift({ op: w.op, fn: rdd.fn });
      sourceId = (w.deps[0] as { rdd: number }).rdd;
    }
    const source = await this.#compute(stage, sourceId, p, run);
    const push = chainOps(chain, p, (record) => sink.insert(record));
    let i = 0;
    const fill = () => {
      while (i < source.length && !sink.wantsSettle) push(source[i++]);
    };
    while (i < source.length) {
      runInTask(run.ctx, fill);
      await sink.settle();
      this.#checkKilled(run.ctx);
    }
  }

  // ------------------------------------------------------------ shuffle

  async #writeShuffle(stage: LiveStage, run: TaskRun) {
    const dep = stage.binary.shuffleDep!;
    const start = performance.now();
    const part = partitionerFromWire(dep.partitioner);
    const n = part.numPartitions;
    const p = run.desc.partitionId;
    const root = stage.binary.rootRdd;
    // Each record is encoded into its reduce partition's block as it arrives: no array of records per block.
    const writers = Array.from({ length: n }, () => new RecordWriter());
    const agg = stage.shuffleAgg;
    if (agg && dep.mapSideCombine) {
      const combiner = new ExternalAppendOnlyMap(this.#spillEnv(run), agg, 'values', 'reduceByKey', p);
      await this.#stream(stage, root, p, run, combiner);
      for (const entry of await combiner.result()) writers[part.getPartition((entry as unknown[])[0])].write(entry);
    } else {
      let index = 0;
      await this.#stream(stage, root, p, run, {
        insert(record) {
          const pair = checkPair(record, 'a shuffle', p, index++);
          writers[part.getPartition(pair[0])].write(pair);
        },
        wantsSettle: false,
        settle: async () => {},
      });
    }
    const entries: [string, Uint8Array][] = [];
    const sizes = writers.map((writer, reduceId) => {
      const records = writer.count;
      if (records === 0) return 0;
      // finish() empties the writer: its count is taken first.
      const bytes = writer.finish();
      entries.push([`${this.id}/shuffle_${dep.shuffleId}_${run.desc.taskId}_${reduceId}`, bytes]);
      run.metrics.shuffleWrite.recordsWritten += records;
      return bytes.byteLength;
    });
    this.#checkKilled(run.ctx);
    await this.env.store.put(entries);
    run.metrics.shuffleWrite.bytesWritten = sizes.reduce((a, b) => a + b, 0);
    run.metrics.shuffleWrite.writeTime = performance.now() - start;
    return { executorId: this.id, host: this.env.spec.host, mapId: run.desc.taskId, mapIndex: p, sizes };
  }

  /**
   * Reads a reduce partition's shuffle blocks through the MapOutputTracker's statuses, a few
   * blocks at a time, decoding each block a record at a time straight into `sink` (so
   * aggregation can spill as it goes, and a decoded record is garbage once consumed).
   */
  async #fetchShuffle(
    dep: Extract<DependencyWire, { kind: 'shuffle' }>,
    reduceId: number,
    run: TaskRun,
    sink: RecordSink,
  ): Promise<void> {
    const waitStart = performance.now();
    const statuses = await this.env.driver.getMapStatuses(dep.shuffleId);
    this.#checkKilled(run.ctx);
    if (!statuses)
      throw new FetchFailedError(
        '',
        '',
        dep.shuffleId,
        -1,
        -1,
        reduceId,
        `Missing all output locations for shuffle ${dep.shuffleId}`,
      );
    const wanted: { key: string; status: (typeof statuses)[number] }[] = [];
    statuses.forEach((s, mapIndex) => {
      if (!s)
        throw new FetchFailedError(
          '',
          '',
          dep.shuffleId,
          -1,
          mapIndex,
          reduceId,
          `Missing an output location for shuffle ${dep.shuffleId} partition ${reduceId}`,
        );
      if (s.sizes[reduceId] > 0)
        wanted.push({ key: `${s.executorId}/shuffle_${dep.shuffleId}_${s.mapId}_${reduceId}`, status: s });
    });
    // A sink that takes pairs apart gets each record's key and value without the array around them.
    const pairSink = sink.insertPair !== undefined;
    const insertPair = (key: unknown, value: unknown) => sink.insertPair!(key, value);
    const insertOther = (record: unknown) => sink.insert(record);
    const BLOCKS_PER_READ = 8;
    // Time blocked waiting for blocks (Spark's fetch wait time), from before the map statuses were asked for.
    let fetchWait = 0;
    let waitFrom = waitStart;
    try {
      for (let i = 0; i < wanted.length; i += BLOCKS_PER_READ) {
        const group = wanted.slice(i, i + BLOCKS_PER_READ);
        // The group's reads all start now; each block is decoded as soon as it is in, while the next ones are read.
        const pending = this.#readEach(group.map((w) => w.key));
        for (let j = 0; j < group.length; j++) {
          const bytes = await pending[j];
          fetchWait += performance.now() - waitFrom;
          this.#checkKilled(run.ctx);
          const s = group[j].status;
          if (!bytes)
            throw new FetchFailedError(
              s.executorId,
              s.host,
              dep.shuffleId,
              s.mapId,
              s.mapIndex,
              reduceId,
              `Failed to fetch shuffle_${dep.shuffleId}_${s.mapId}_${reduceId} from executor ${s.executorId} (${s.host}): block not found`,
            );
          if (s.executorId === this.id) {
            run.metrics.shuffleRead.localBlocksFetched++;
            run.metrics.shuffleRead.localBytesRead += bytes.byteLength;
          } else {
            run.metrics.shuffleRead.remoteBlocksFetched++;
            run.metrics.shuffleRead.remoteBytesRead += bytes.byteLength;
          }
          const reader = new RecordReader(bytes);
          run.metrics.shuffleRead.recordsRead += reader.count;
          const fill = pairSink
            ? () => {
                // Records in runs of PAIRS_PER_READ: a sink asking to settle may take a few more first.
                while (reader.hasNext() && !sink.wantsSettle) reader.readPairs(PAIRS_PER_READ, insertPair, insertOther);
              }
            : () => {
                while (reader.hasNext() && !sink.wantsSettle) sink.insert(reader.next());
              };
          while (reader.hasNext()) {
            runInTask(run.ctx, fill);
            await sink.settle();
          }
          waitFrom = performance.now();
        }
      }
    } finally {
      run.metrics.shuffleRead.fetchWaitTime += Math.round(fetchWait);
    }
  }

  /**
   * Starts reading `keys` from the block store, all at once, and gives a
   * promise per block in the same order, so a reader can begin on the first
   * while the others are still being read. A block that fails to read rejects
   * its own promise; one nobody awaits (the task failed first) is not reported
   * as unhandled.
   */
  #readEach(keys: string[]): Promise<Uint8Array | undefined>[] {
    const store = this.env.store;
    let pending: Promise<Uint8Array | undefined>[];
    if (store.getEach) pending = store.getEach(keys);
    else {
      const all = store.get(keys);
      pending = keys.map((_, j) => all.then((blocks) => blocks[j]));
    }
    for (const p of pending) p.catch(() => {});
    return pending;
  }

  /** All of a reduce partition's shuffled rows at once (cogroup, subtractByKey). */
  async #fetchAll(
    dep: Extract<DependencyWire, { kind: 'shuffle' }>,
    reduceId: number,
    run: TaskRun,
  ): Promise<unknown[]> {
    const rows: unknown[] = [];
    await this.#fetchShuffle(dep, reduceId, run, {
      insert: (record) => void rows.push(record),
      wantsSettle: false,
      settle: async () => {},
    });
    return rows;
  }

  /** Where a task's aggregation and sort buffers spill: its share of execution memory, its own block names. */
  #spillEnv(run: TaskRun): SpillEnv {
    const cores = this.env.spec.cores;
    const pool = Math.max(0, this.env.spec.memoryBytes - this.#memoryUsed);
    return {
      store: this.env.store,
      prefix: `${this.id}/spill_${run.desc.taskId}_${this.#spillSerial++}`,
      limitBytes: Math.max(64 * 1024, pool / cores),
      metrics: run.metrics,
      ctx: run.ctx,
    };
  }

  #spillSerial = 0;

  // ------------------------------------------------------------ cached blocks

  async #readCachedBlock(blockId: string): Promise<unknown[] | undefined> {
    const inMemory = this.#memory.get(blockId);
    if (inMemory) return inMemory.records;
    const [bytes] = await this.env.store.get([`${this.id}/${blockId}`]);
    return bytes ? decodeRecords(bytes) : undefined;
  }

  async #cacheBlock(blockId: string, records: unknown[], level: StorageLevel, run: TaskRun): Promise<void> {
    if (level.useMemory) {
      const size = estimateSize(records);
      if (this.#memoryUsed + size <= this.env.spec.storageMemoryBytes) {
        this.#memory.set(blockId, { records, size });
        this.#memoryUsed += size;
        run.blockUpdates.push({ blockId, storageLevel: level.toJSON(), memSize: size, diskSize: 0 });
        return;
      }
      if (!level.useDisk) return; // MEMORY_ONLY that does not fit is not cached, as in Spark.
    }
    const bytes = encodeRecords(records);
    await this.env.store.put([[`${this.id}/${blockId}`, bytes]]);
    run.blockUpdates.push({ blockId, storageLevel: level.toJSON(), memSize: 0, diskSize: bytes.byteLength });
  }

  async removeBlocks(prefix: string): Promise<void> {
    for (const [id, b] of [...this.#memory.entries()])
      if (id.startsWith(prefix)) {
        this.#memory.delete(id);
        this.#memoryUsed -= b.size;
      }
    await this.env.store.deletePrefix(`${this.id}/${prefix}`);
  }
}

function accumUpdates(ctx: TaskContext): { id: number; update: number }[] {
  return [...ctx.accumulatorUpdates.entries()].map(([id, update]) => ({ id, update }));
}

void runInTask;

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
