/**
 * One of an executor's task threads (a slot of `spark.executor.cores`), as
 * the thread sees itself: it runs one task at a time (a {@link TaskRunner}),
 * keeps what its tasks share — the stages' binaries, rebuilt functions that
 * captured nothing, broadcast values — and reaches everything the executor
 * owns (cached blocks, broadcasts, map statuses) through
 * {@link ExecutorServices}. In a browser each task thread is a Web Worker of
 * its own (`task-thread-worker.ts`); in Node tests it lives in-process.
 */
import { ensureSqlRuntime } from './ops';
import { decodeValue } from '../codec/codec';
import { deserializeFunction, type SerializedFunction } from '../closure/revive';
import type { FileSystem } from '../fs/file-system';
import { HashPartitioner, RangePartitioner, partitionerFromWire } from '../rdd/partitioner';
import { StorageLevel, type StorageLevelWire } from '../rdd/storage-level';
import type { BlockUpdate, MapStatusWire, TaskBinary, TaskDescription, TaskOutcome } from '../rdd/wire';
import type { BlockStore } from '../storage/block-store';
import type { ExecutorSpec } from './backend';
import { TaskContext } from './task-context';
import { TaskRunner } from './task-runner';
import { PythonRunner } from '../python/executor-runner';

type AnyFn = (...args: unknown[]) => unknown;

/** What a task thread asks of its executor. Every call may cross to the executor's own thread. */
export interface ExecutorServices {
  readonly spec: ExecutorSpec;
  /** The executor's "local disk" (its namespace in the block store), as this thread opens it. */
  readonly store: BlockStore;
  readonly fs: FileSystem;
  /** The learner's file name, so stack traces of rebuilt lambdas name it. */
  readonly sourceURL?: string;
  /** A stage's task binary, when this thread was not given it with the task. */
  getStageBinary(stageKey: string): Promise<TaskBinary>;
  /** A broadcast's value, encoded; the executor fetches it from the driver once. */
  getBroadcast(id: number): Promise<Uint8Array>;
  getMapStatuses(shuffleId: number): Promise<MapStatusWire[] | null>;
  /**
   * A cached partition's encoded rows from the executor's BlockManager, and whether the block
   * lives in the executor's memory (else on its disk); undefined when the executor has no such block.
   */
  getBlock(blockId: string): Promise<{ bytes: Uint8Array; inMemory: boolean } | undefined>;
  /**
   * Stores a computed partition's encoded rows at `level` (`size`: the rows' estimated size);
   * the update to report, or null when it was not stored.
   */
  putBlock(blockId: string, bytes: Uint8Array, size: number, level: StorageLevelWire): Promise<BlockUpdate | null>;
  /** Start-up work begins (`true`) or ends: its time does not count against `kindling.task.timeout`. */
  startingUp(on: boolean): void;
}

/** A broadcast variable as tasks see it: `.value` is the thread's copy. */
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

/** Stage binaries a thread keeps (a task of an older stage asks the executor again). */
const STAGES_KEPT = 64;

export class TaskThread {
  readonly #stages = new Map<string, Promise<TaskBinary>>();
  readonly #broadcasts = new Map<number, unknown>();
  /** Rebuilt functions that captured nothing, shared by every task (keyed by their wire object). */
  readonly #stateless = new WeakMap<SerializedFunction, AnyFn>();
  readonly #running = new Map<number, TaskRunner>();
  /**
   * Rows of cached blocks this thread computed or read that the executor holds in memory, kept
   * decoded so the thread's next task reading one skips the copy and decoding (the executor
   * prefers this thread for such a task). Dropped when the executor drops the block.
   */
  readonly #decoded = new Map<string, readonly unknown[]>();
  #spillSerial = 0;
  /** This thread's Python, started by its first Python task and kept for the executor's life (engine/python/). */
  readonly python = new PythonRunner();

  constructor(readonly services: ExecutorServices) {}

  /** A broadcast's value on this thread, fetched with its stage's binary. */
  broadcastValue(id: number): unknown {
    return this.#broadcasts.get(id);
  }

  /** Runs a task; `executionMemoryBytes` is its share of the executor's execution memory. */
  async runTask(desc: TaskDescription, executionMemoryBytes: number): Promise<TaskOutcome> {
    const runner = new TaskRunner(desc, this, executionMemoryBytes);
    this.#running.set(desc.taskId, runner);
    try {
      return await runner.run();
    } finally {
      this.#running.delete(desc.taskId);
    }
  }

  /**
   * Runs a thread's start-up work (loading an interpreter on first use, say) so that its time
   * does not count against the running task's `kindling.task.timeout`.
   *
   * @example
   * const python = await thread.whileStartingUp(() => loadPython());
   */
  async whileStartingUp<T>(work: () => Promise<T>): Promise<T> {
    this.services.startingUp(true);
    try {
      return await work();
    } finally {
      this.services.startingUp(false);
    }
  }

  /** Asks a running task to stop at its next read or spill (a busy loop stops only with its thread). */
  killTask(taskId: number, reason: string): void {
    const runner = this.#running.get(taskId);
    if (runner) runner.ctx.killed = reason;
  }

  /** Rows of a cached block this thread holds decoded (see #decoded). */
  decodedBlock(blockId: string): readonly unknown[] | undefined {
    return this.#decoded.get(blockId);
  }

  keepDecodedBlock(blockId: string, rows: readonly unknown[]): void {
    this.#decoded.set(blockId, rows);
  }

  /** Forgets decoded blocks whose id starts with `prefix` (the executor removed them: unpersist). */
  dropBlocks(prefix: string): void {
    for (const id of [...this.#decoded.keys()]) if (id.startsWith(prefix)) this.#decoded.delete(id);
  }

  get runningTasks(): number {
    return this.#running.size;
  }

  nextSpillSerial(): number {
    return this.#spillSerial++;
  }

  /** The stage's task binary with its broadcasts fetched, cached from the first task on. */
  stageBinary(desc: TaskDescription): Promise<TaskBinary> {
    const cached = this.#stages.get(desc.stageKey);
    if (cached) return cached;
    const given = desc.binary;
    const ready = (async () => {
      const binary = given ?? (await this.services.getStageBinary(desc.stageKey));
      if (binary.rdds.some((w) => w.type === 'MapPartitionsRDD' && w.op.op === 'sql')) await ensureSqlRuntime();
      for (const id of binary.broadcastIds)
        if (!this.#broadcasts.has(id)) this.#broadcasts.set(id, decodeValue(await this.services.getBroadcast(id)));
      return binary;
    })();
    this.#stages.set(desc.stageKey, ready);
    ready.catch(() => this.#stages.delete(desc.stageKey));
    if (this.#stages.size > STAGES_KEPT) this.#stages.delete(this.#stages.keys().next().value!);
    return ready;
  }

  /** A stage function for a task: rebuilt when it captured variables, shared when it did not. */
  liveFunction(s: SerializedFunction): AnyFn {
    if (Object.keys(s.env).length > 0) return this.#rebuild(s);
    let fn = this.#stateless.get(s);
    if (!fn) this.#stateless.set(s, (fn = this.#rebuild(s)));
    return fn;
  }

  #rebuild(s: SerializedFunction): AnyFn {
    return deserializeFunction(s, {
      globals: { TaskContext, HashPartitioner, RangePartitioner, StorageLevel },
      revive: (tag, data) => this.#revive(tag, data),
      sourceURL: this.services.sourceURL,
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
}
