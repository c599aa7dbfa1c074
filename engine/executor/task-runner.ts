/**
 * Spark's TaskRunner: runs one task attempt on a task thread. It rebuilds the
 * stage's functions for the task, builds the partition's iterator through the
 * stage's RDDs (reading cached blocks and shuffle files), pulls it into the
 * shuffle writer or the job's result function, and reports the outcome with
 * the metrics Spark's TaskMetrics count, measured on this thread.
 */
import { decodeRecords, decodeValue, encodeRecords, encodeValue } from '../codec/codec';
import { estimateSize } from '../codec/size';
import type { SerializedFunction } from '../closure/revive';
import type { FileSystem } from '../fs/file-system';
import {
  emptyMetrics,
  type AccumulatorUpdate,
  type AggregatorWire,
  type BlockUpdate,
  type PartitionPayloads,
  type PythonFunctionWire,
  type TaskBinary,
  type TaskDescription,
  type TaskFault,
  type PartitionDataWire,
  type RDDWire,
  type TaskMetricsWire,
  type TaskOutcome,
  type TaskFailureWire,
} from '../rdd/wire';
import type { BlockStore } from '../storage/block-store';
import type { SpillEnv } from './external';
import { FusedChains, isFusedOp, type FusedOp } from './fused';
import { ArrayIterator, PullIO, toArray, type RowIterator } from './iterator';
import type { LiveAggregator } from './ops';
import { PartitionCapture } from './partition-capture';
import { compute, type PartitionTask } from './rdd-compute';
import { resultNeedsSyncInput, runResultFunc, type LiveResultFunc } from './result-functions';
import { writeShuffle, type ShuffleWriteTask } from './shuffle-writer';
import { FetchFailedError, TaskContext, TaskKilledError } from './task-context';
import type { TaskThread } from './task-thread';
import type { PythonTask } from '../python/executor-runner';

type AnyFn = (...args: unknown[]) => unknown;

export class TaskRunner implements PartitionTask, ShuffleWriteTask {
  readonly ctx: TaskContext;
  readonly io = new PullIO();
  readonly metrics: TaskMetricsWire = emptyMetrics();
  payloads: PartitionPayloads = {};
  readonly blockUpdates: BlockUpdate[] = [];
  #binary: TaskBinary | null = null;
  /** Functions rebuilt for this task, by their wire object. */
  readonly #functions = new Map<SerializedFunction, AnyFn>();
  /** Time spent awaiting reads and writes, taken off the run time to estimate CPU time. */
  #waitedMs = 0;
  /** The rows this task sees, kept to show (only when the driver asked: see partition-capture.ts). */
  readonly #capture: PartitionCapture | null;

  constructor(
    readonly desc: TaskDescription,
    readonly thread: TaskThread,
    /** This task's share of the executor's execution memory, in bytes (see Executor). */
    readonly executionMemoryBytes: number,
  ) {
    this.ctx = new TaskContext(
      desc.stageId,
      desc.stageAttemptId,
      desc.partitionId,
      desc.attemptNumber,
      desc.taskId,
      desc.properties,
    );
    this.#capture = PartitionCapture.forTask(thread.services.spec.partitionData);
  }

  get taskId(): number {
    return this.desc.taskId;
  }
  get partitionId(): number {
    return this.desc.partitionId;
  }
  get executorId(): string {
    return this.thread.services.spec.id;
  }
  get host(): string {
    return this.thread.services.spec.host;
  }
  get store(): BlockStore {
    return this.thread.services.store;
  }
  get fs(): FileSystem {
    return this.thread.services.fs;
  }

  checkKilled(): void {
    if (this.ctx.killed !== null) throw new TaskKilledError(this.ctx.killed);
  }

  /** Awaits `p`, counting the time as waiting for I/O rather than computing (see executorCpuTime). */
  async wait<T>(p: Promise<T>): Promise<T> {
    const from = performance.now();
    try {
      return await p;
    } finally {
      this.#waitedMs += performance.now() - from;
    }
  }

  async run(): Promise<TaskOutcome> {
    const { desc, metrics, ctx } = this;
    const started = performance.now();
    try {
      const deserializeStart = performance.now();
      const binary = (this.#binary = await this.thread.stageBinary(desc));
      this.payloads = decodeValue(desc.payloads) as PartitionPayloads;
      const resultFunc = binary.resultFunc && this.#liveResultFunc(binary);
      metrics.executorDeserializeTime = Math.round(performance.now() - deserializeStart);
      const runStart = performance.now();
      this.#waitedMs = 0;
      if (desc.fault) await this.#suffer(desc.fault);
      let outcome: TaskOutcome;
      if (desc.kind === 'ShuffleMapTask') {
        const dep = binary.shuffleDep!;
        const rows = await this.iterator(binary.rootRdd, desc.partitionId, false);
        const agg = dep.aggregator && this.aggregator(dep.aggregator);
        const mapStatus = await writeShuffle(rows, dep, agg, this);
        metrics.executorRunTime = Math.round(performance.now() - runStart);
        outcome = {
          status: 'success',
          mapStatus,
          accumUpdates: accumUpdates(ctx),
          blockUpdates: this.blockUpdates,
          metrics,
        };
      } else {
        const rf = resultFunc!;
        const rows = await this.iterator(binary.rootRdd, desc.partitionId, resultNeedsSyncInput(rf.wire));
        const output = { bytes: 0, records: 0 };
        const value = await runResultFunc(rf, rows, desc.partitionId, this, this.fs, output);
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
          blockUpdates: this.blockUpdates,
          metrics,
        };
        if (result.byteLength > this.thread.services.spec.maxDirectResultSize) {
          // Spark's IndirectTaskResult: the result waits in the block store for the driver to fetch.
          const blockKey = `${this.executorId}/taskresult_${desc.taskId}`;
          await this.store.put([[blockKey, result]]);
          outcome = { ...outcome, result: undefined, indirectResult: { blockKey, size: result.byteLength } };
        }
      }
      this.checkKilled();
      // No per-thread CPU clock in browsers: the run time less the time spent awaiting I/O (see README).
      metrics.executorCpuTime = Math.round(Math.max(0, metrics.executorRunTime - this.#waitedMs) * 1_000_000);
      if (this.#capture) outcome.partitionData = this.#capture.result();
      return outcome;
    } catch (e) {
      metrics.executorRunTime = Math.round(performance.now() - started);
      const failure = this.#failureOf(e);
      const partitionData = this.#capture?.result();
      return { status: 'failed', failure, metrics, accumUpdates: [], ...(partitionData ? { partitionData } : {}) };
    }
  }

  #failureOf(e: unknown): TaskFailureWire {
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
    return {
      reason: 'ExceptionFailure',
      className: err.name || 'Error',
      description: err.message,
      stack: this.#learnerStack(err.stack ?? ''),
    };
  }

  /** The stack a learner needs: the frames in their program, when there are any; engine frames otherwise. */
  #learnerStack(stack: string): string {
    const file = this.thread.services.sourceURL;
    if (!file) return stack;
    const lines = stack.split('\n');
    const frames = lines.filter((l) => /^\s+at /.test(l));
    const mine = frames.filter((l) => l.includes(`${file}:`));
    if (mine.length === 0) return stack;
    return [...lines.filter((l) => !/^\s+at /.test(l)), ...mine].join('\n');
  }

  /** An injected fault: a straggler's delay (interrupted if the task is killed), or a thrown error. */
  async #suffer(fault: TaskFault): Promise<void> {
    if (fault.delayMs) {
      const until = performance.now() + fault.delayMs;
      while (performance.now() < until && this.ctx.killed === null)
        await new Promise((r) => setTimeout(r, Math.min(20, until - performance.now())));
      this.checkKilled();
    }
    if (fault.fail) throw new Error(fault.fail);
  }

  // ------------------------------------------------------------ the stage's functions

  /**
   * The task's copy of a stage function. Like Spark deserializing the task binary for every
   * task, a function that captured variables is rebuilt per task, so state it mutates never
   * leaks into the next task; functions with nothing captured are shared by the thread's tasks.
   */
  fn(f: SerializedFunction): AnyFn {
    let live = this.#functions.get(f);
    if (!live) this.#functions.set(f, (live = this.thread.liveFunction(f)));
    return live;
  }

  aggregator(a: AggregatorWire): LiveAggregator {
    return {
      createCombiner: this.fn(a.createCombiner),
      mergeValue: this.fn(a.mergeValue),
      mergeCombiners: this.fn(a.mergeCombiners),
      zeroValue: a.zeroValue && { value: a.zeroValue.value },
    };
  }

  #liveResultFunc(binary: TaskBinary): LiveResultFunc {
    const rf = binary.resultFunc!;
    const live: LiveResultFunc = { wire: rf };
    if ('f' in rf) live.f = this.fn(rf.f);
    if (rf.kind === 'aggregate') {
      live.seqOp = this.fn(rf.seqOp);
      live.combOp = this.fn(rf.combOp);
    }
    if (rf.kind === 'takeOrdered' && rf.key) live.key = this.fn(rf.key);
    return live;
  }

  python(func: PythonFunctionWire, input: readonly unknown[], partition: number): Promise<unknown[]> {
    return this.thread.python.compute(func, input, partition, this.#pythonTask());
  }

  pythonUDFs(funcs: readonly PythonFunctionWire[], input: readonly unknown[], partition: number): Promise<unknown[][]> {
    return this.thread.python.computeUDFs(funcs, input, partition, this.#pythonTask());
  }

  #pythonTask(): PythonTask {
    const thread = this.thread;
    return {
      ctx: this.ctx,
      broadcast: (id) => thread.broadcastValue(id),
      // The thread's console is its executor's log.
      log: (stream, line) => (stream === 'stdout' ? console.log(line) : console.error(line)),
      whileStartingUp: (work) => thread.whileStartingUp(work),
    };
  }

  // ------------------------------------------------------------ partitions

  async iterator(rddId: number, partition: number, sync: boolean): Promise<RowIterator> {
    const top = this.#rdd(rddId);
    if (fusible(top)) return this.#fusedChain(top, partition, sync);
    const { rows, block } = await this.#partitionRows(top, partition, sync);
    return this.#capture ? this.#capture.wrap(rddId, partition, rows, block) : rows;
  }

  stageCode(): FusedChains {
    const binary = this.#binary!;
    let code = FUSED_BY_STAGE.get(binary);
    if (!code) FUSED_BY_STAGE.set(binary, (code = new FusedChains()));
    return code;
  }

  #rdd(rddId: number): RDDWire {
    const rdd = this.#binary!.rdds.find((r) => r.id === rddId);
    if (!rdd) throw new Error(`RDD ${rddId} is not part of stage ${this.#binary!.stageKey}`);
    return rdd;
  }

  /**
   * `top` and the unpersisted maps, filters and flatMaps under it as one fused
   * iterator (fused.ts) over the first RDD below them, which is built as usual.
   * Each RDD of the chain is captured in place, in the order the unfused
   * chain's iterators would have been (the bottom one first).
   */
  async #fusedChain(top: FusibleWire, partition: number, sync: boolean): Promise<RowIterator> {
    const chain = [top];
    for (let parent = this.#rdd(parentOf(top)); fusible(parent); parent = this.#rdd(parentOf(parent)))
      chain.push(parent);
    chain.reverse();
    const input = await this.iterator(parentOf(chain[0]), partition, sync);
    const fns = chain.map((w) => this.fn(w.op.f));
    const capture = this.#capture;
    const counters = capture ? chain.map((w) => capture.counter(w.id, partition)) : null;
    return this.stageCode().build(
      input,
      chain.map((w) => w.op.op),
      fns,
      counters,
    );
  }

  /** A partition's rows, and the cached block they came from or went to when the RDD is persisted. */
  async #partitionRows(
    rdd: RDDWire,
    partition: number,
    sync: boolean,
  ): Promise<{ rows: RowIterator; block?: PartitionDataWire['block'] }> {
    const rddId = rdd.id;
    if (!rdd.storageLevel) return { rows: await compute(rdd, partition, this, sync) };
    // Spark's getOrElseUpdate: a cached block is read whole; a missing one is computed, unrolled and stored.
    const blockId = `rdd_${rddId}_${partition}`;
    const thread = this.thread;
    const decoded = thread.decodedBlock(blockId);
    if (decoded) return { rows: new ArrayIterator(decoded), block: { blockId, status: 'read', memory: true } };
    const hit = await this.wait(thread.services.getBlock(blockId));
    if (hit) {
      const rows = decodeRecords(hit.bytes);
      if (hit.inMemory) thread.keepDecodedBlock(blockId, rows);
      return { rows: new ArrayIterator(rows), block: { blockId, status: 'read', memory: hit.inMemory } };
    }
    const rows = await toArray(await compute(rdd, partition, this, false), this);
    this.checkKilled();
    const level = rdd.storageLevel;
    // The estimate of the rows' size is what a block in memory counts against storage memory.
    const size = level.useMemory ? estimateSize(rows) : 0;
    const update = await this.wait(thread.services.putBlock(blockId, encodeRecords(rows), size, level));
    if (update) this.blockUpdates.push(update);
    if (update && update.memSize > 0) thread.keepDecodedBlock(blockId, rows);
    const block = update
      ? { blockId, status: 'stored' as const, memory: update.memSize > 0 }
      : { blockId, status: 'not-stored' as const, memory: false };
    return { rows: new ArrayIterator(rows), block };
  }

  spillEnv(): SpillEnv {
    return {
      store: this.store,
      prefix: `${this.executorId}/spill_${this.desc.taskId}_${this.thread.nextSpillSerial()}`,
      limitBytes: this.executionMemoryBytes,
      metrics: this.metrics,
      ctx: this.ctx,
    };
  }

  getMapStatuses(shuffleId: number) {
    return this.wait(this.thread.services.getMapStatuses(shuffleId));
  }

  readBlocks(keys: string[]): Promise<Uint8Array | undefined>[] {
    const store = this.store;
    let pending: Promise<Uint8Array | undefined>[];
    if (store.getEach) pending = store.getEach(keys);
    else {
      const all = store.get(keys);
      pending = keys.map((_, j) => all.then((blocks) => blocks[j]));
    }
    // A block nobody awaits (the task failed first) must not be reported as unhandled.
    for (const p of pending) p.catch(() => {});
    return pending;
  }
}

/** A MapPartitionsRDD whose operation fuses (map, filter, flatMap) and that is not persisted. */
type FusibleWire = RDDWire & { type: 'MapPartitionsRDD'; op: { op: FusedOp; f: SerializedFunction } };

function fusible(rdd: RDDWire): rdd is FusibleWire {
  return rdd.type === 'MapPartitionsRDD' && !rdd.storageLevel && isFusedOp(rdd.op.op);
}

const parentOf = (rdd: RDDWire): number => (rdd.deps[0] as { rdd: number }).rdd;

/** Each stage's fused chains on this thread, dropped with its binary. */
const FUSED_BY_STAGE = new WeakMap<TaskBinary, FusedChains>();

function accumUpdates(ctx: TaskContext): AccumulatorUpdate[] {
  const updates: AccumulatorUpdate[] = [...ctx.accumulatorUpdates.entries()].map(([id, update]) => ({ id, update }));
  for (const [id, values] of ctx.collectionUpdates) updates.push({ id, update: values });
  return updates;
}
