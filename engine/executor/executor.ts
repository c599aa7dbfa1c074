/**
 * An executor, as Spark's Executor: it runs each task the driver launches on
 * a task thread of its own — a pool of `spark.executor.cores` threads — and
 * owns what its tasks share: the BlockManager (cached blocks in memory and on
 * its "local disk"), the broadcast values it fetched from the driver, the
 * stages' task binaries, and the unified memory its running tasks divide.
 *
 * Threads are {@link TaskThreadHandle}s: a Web Worker per thread in the
 * browser (`worker-threads.ts`), in-process TaskThreads in Node tests
 * (`in-process-threads.ts`). Because a thread can be stopped from outside,
 * the executor enforces `kindling.task.timeout` and kills: a task that holds
 * its thread too long without a free moment, or does not stop when killed,
 * loses its thread (a fresh one takes its place) while the executor, its
 * cache and its shuffle files live on.
 */
import type { FileSystem } from '../fs/file-system';
import type { StorageLevelWire } from '../rdd/storage-level';
import { emptyMetrics, type BlockUpdate, type TaskBinary, type TaskDescription, type TaskOutcome } from '../rdd/wire';
import type { BlockStore } from '../storage/block-store';
import { BlockManager } from '../storage/block-manager';
import type { DriverEndpoint, ExecutorSpec } from './backend';
import type { ExecutorServices } from './task-thread';

export interface ExecutorEnv {
  spec: ExecutorSpec;
  appId: string;
  driver: DriverEndpoint;
  store: BlockStore;
  fs: FileSystem;
  /** The learner's file name, so stack traces of rebuilt lambdas name it. */
  sourceURL?: string;
}

/** What a task thread reports while it runs a task, besides the outcome. */
export interface TaskThreadEvents {
  /**
   * The thread is doing start-up work that must not count against `kindling.task.timeout`
   * (loading an interpreter, say): `true` when it starts, `false` when it is done.
   */
  startingUp(on: boolean): void;
  /** The thread had a free moment (its event loop ran): the task yields, so it is not a runaway. */
  beat(): void;
}

/** A task thread as its executor drives it. */
export interface TaskThreadHandle {
  /** Resolves once the thread can take a task. */
  readonly ready: Promise<void>;
  /**
   * Runs a task on the thread; `executionMemoryBytes` is its share of the executor's memory.
   * Resolves with the outcome, or with null when the thread reported it to the driver itself.
   */
  run(desc: TaskDescription, executionMemoryBytes: number, events: TaskThreadEvents): Promise<TaskOutcome | null>;
  /** Asks the running task to stop at its next read, write or spill. */
  kill(taskId: number, reason: string): void;
  /** Stops the thread at once; a task running there never reports. */
  terminate(): void;
  /** The executor removed the blocks whose id starts with `prefix`: the thread forgets its decoded copies. */
  dropBlocks(prefix: string): void;
}

/**
 * Makes the executor's task thread `index` (called again for a thread that replaces a stopped
 * one); `services` is what that thread asks of the executor.
 */
export type TaskThreadFactory = (executor: Executor, index: number, services: ExecutorServices) => TaskThreadHandle;

/** How long a killed task may take to stop by itself before its thread is stopped. */
const KILL_GRACE_MS = 100;
/** Stage binaries the executor keeps (the driver sends each once per executor). */
const STAGES_KEPT = 256;

/** One of the executor's task threads, as the executor keeps track of it. */
class Slot {
  handle!: TaskThreadHandle;
  /** Stages whose binary this thread was sent. */
  stagesSent = new Set<string>();
  /** Taken by a task (which may not have started on it yet). */
  busy = false;
  /** Its thread can take a task now (a Python thread has its interpreter up). */
  ready = false;
  running: RunningTask | null = null;
  /** Cached blocks the thread holds decoded (it computed or read them while they were in memory). */
  blocks = new Set<string>();
  constructor(readonly index: number) {}
}

interface RunningTask {
  readonly desc: TaskDescription;
  readonly slot: Slot;
  /** When the executor started it (performance.now()). */
  readonly started: number;
  /** Its time against `kindling.task.timeout`. */
  readonly clock: TaskClock;
  finish(outcome: TaskOutcome | null): void;
  /** The thread's start-up work begins or ends (the timeout pauses meanwhile). */
  startingUp(on: boolean): void;
  beat(): void;
  killTimer: ReturnType<typeof setTimeout> | null;
}

export class Executor {
  readonly blockManager: BlockManager;
  readonly #binaries = new Map<string, TaskBinary>();
  readonly #broadcasts = new Map<number, Promise<Uint8Array>>();
  readonly #slots: Slot[] = [];
  readonly #waitingForSlot: ((slot: Slot) => void)[] = [];
  readonly #running = new Map<number, RunningTask>();
  #stopped = false;

  constructor(
    readonly env: ExecutorEnv,
    readonly threadFactory: TaskThreadFactory,
  ) {
    this.blockManager = new BlockManager(env.spec.id, env.store, env.spec.storageMemoryBytes);
    for (let i = 0; i < env.spec.cores; i++) {
      const slot = new Slot(i);
      this.#startThread(slot);
      this.#slots.push(slot);
    }
  }

  get id(): string {
    return this.env.spec.id;
  }
  get spec(): ExecutorSpec {
    return this.env.spec;
  }
  get store(): BlockStore {
    return this.env.store;
  }
  get fs(): FileSystem {
    return this.env.fs;
  }
  get sourceURL(): string | undefined {
    return this.env.sourceURL;
  }

  /** Resolves once the first task thread can take a task (the others may still be starting). */
  get ready(): Promise<void> {
    return Promise.race(this.#slots.map((s) => s.handle.ready));
  }

  /** Resolves once task thread `index` can take a task (a Python application's thread has its Python up). */
  threadReady(index: number): Promise<void> {
    return this.#slots[index].handle.ready;
  }

  // ------------------------------------------------------------ tasks

  /**
   * Runs a task on a free task thread (the driver never sends more tasks than there are cores).
   * Resolves with its outcome, or null when its thread reported the outcome to the driver itself.
   */
  async runTask(desc: TaskDescription): Promise<TaskOutcome | null> {
    if (desc.binary) {
      this.#binaries.set(desc.stageKey, desc.binary);
      if (this.#binaries.size > STAGES_KEPT) this.#binaries.delete(this.#binaries.keys().next().value!);
    }
    const slot = await this.#takeSlot(desc);
    // The thread gets the stage's binary with its first task of the stage.
    desc.binary = slot.stagesSent.has(desc.stageKey) ? undefined : this.#binaries.get(desc.stageKey);
    slot.stagesSent.add(desc.stageKey);
    return new Promise<TaskOutcome | null>((resolve) => {
      const started = performance.now();
      const task: RunningTask = {
        desc,
        slot,
        started,
        clock: new TaskClock(this.spec.taskTimeoutMs ?? 0),
        killTimer: null,
        startingUp: (on) => task.clock.pause(on, performance.now()),
        beat: () => task.clock.beat(performance.now()),
        finish: (outcome) => {
          if (slot.running !== task) return;
          slot.running = null;
          if (task.killTimer !== null) clearTimeout(task.killTimer);
          this.#running.delete(desc.taskId);
          this.#release(slot);
          resolve(outcome);
        },
      };
      slot.running = task;
      this.#running.set(desc.taskId, task);
      const handle = slot.handle;
      handle
        .run(desc, this.#executionMemoryFor(), task)
        .then(task.finish, (e) => task.finish(failed(e instanceof Error ? e : new Error(String(e)), started)));
      if (task.clock.limited) {
        // The clock starts once the thread is up: a fresh worker's own start-up is not the task's time.
        void handle.ready.then(() => task.clock.start(performance.now()));
        this.#watch();
      }
    });
  }

  /**
   * One timer for every running task's `kindling.task.timeout`, checking a few times a second
   * while tasks run: a timer per task costs more than a short task itself.
   */
  #watch(): void {
    if (this.#watchdog !== null) return;
    const limit = this.spec.taskTimeoutMs ?? 0;
    this.#watchdog = setInterval(
      () => {
        if (this.#running.size === 0) {
          clearInterval(this.#watchdog!);
          this.#watchdog = null;
          return;
        }
        const now = performance.now();
        for (const task of [...this.#running.values()]) if (task.clock.expired(now)) this.#timedOut(task, limit);
      },
      Math.min(250, Math.max(10, limit / 10)),
    );
  }

  #watchdog: ReturnType<typeof setInterval> | null = null;

  /** A runaway task: its thread is stopped (a fresh one takes its place) and the attempt fails. */
  #timedOut(task: RunningTask, limit: number): void {
    const { desc, slot } = task;
    if (slot.running !== task) return;
    this.#replaceThread(slot);
    const message =
      `Task ${desc.index}.${desc.attemptNumber} in stage ${desc.stageId}.${desc.stageAttemptId} ` +
      `(TID ${desc.taskId}) held its thread longer than kindling.task.timeout (${limit / 1000} s) without a ` +
      `free moment; its task thread was stopped`;
    task.finish(failed(Object.assign(new Error(message), { name: 'TaskTimeoutException', stack: '' }), task.started));
  }

  /**
   * Spark's killTask: the task stops at its next read, write or spill; one that does not stop
   * within a moment (a loop that never yields) has its thread stopped, as the executor stays.
   */
  killTask(taskId: number, reason: string): void {
    const task = this.#running.get(taskId);
    if (!task || task.killTimer !== null) return;
    task.slot.handle.kill(taskId, reason);
    const started = performance.now();
    task.killTimer = setTimeout(() => {
      if (task.slot.running !== task) return;
      this.#replaceThread(task.slot);
      const metrics = emptyMetrics();
      metrics.executorRunTime = Math.round(performance.now() - started);
      task.finish({
        status: 'failed',
        failure: { reason: 'TaskKilled', killReason: reason },
        metrics,
        accumUpdates: [],
      });
    }, KILL_GRACE_MS);
  }

  #replaceThread(slot: Slot): void {
    slot.handle.terminate();
    slot.stagesSent = new Set();
    slot.blocks = new Set();
    this.#startThread(slot);
  }

  #startThread(slot: Slot): void {
    const handle = this.threadFactory(this, slot.index, this.#servicesFor(slot));
    slot.handle = handle;
    slot.ready = false;
    void handle.ready.then(() => {
      if (slot.handle === handle) slot.ready = true;
    });
  }

  /**
   * A free slot, marked busy — preferably one whose thread holds decoded a cached block the task
   * reads — or a promise of the next one freed.
   */
  #takeSlot(desc: TaskDescription): Slot | Promise<Slot> {
    const wanted = this.#cachedBlocksRead(desc);
    // The driver offers a core per thread that is up, so a task finds one free unless a thread was just replaced.
    const free =
      (wanted.length > 0 && this.#slots.find((s) => !s.busy && s.ready && wanted.some((b) => s.blocks.has(b)))) ||
      this.#slots.find((s) => !s.busy && s.ready) ||
      this.#slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free;
    }
    return new Promise((resolve) => this.#waitingForSlot.push(resolve));
  }

  /** The cached blocks a task of this stage would read for its partition (those of the same index). */
  #cachedBlocksRead(desc: TaskDescription): string[] {
    const binary = desc.binary ?? this.#binaries.get(desc.stageKey);
    if (!binary) return [];
    const out: string[] = [];
    for (const rdd of binary.rdds) if (rdd.storageLevel) out.push(`rdd_${rdd.id}_${desc.partitionId}`);
    return out;
  }

  /** Hands a slot whose task ended to the next task waiting for one, or marks it free. */
  #release(slot: Slot): void {
    const next = this.#waitingForSlot.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /**
   * A task's share of the executor's unified memory for aggregation and sort buffers: what
   * cached blocks leave free, divided among the executor's cores (at least 64 KiB).
   */
  #executionMemoryFor(): number {
    const pool = Math.max(0, this.spec.memoryBytes - this.blockManager.memoryUsed);
    return Math.max(64 * 1024, pool / this.spec.cores);
  }

  // ------------------------------------------------------------ what threads ask of the executor

  async getStageBinary(stageKey: string): Promise<TaskBinary> {
    const binary = this.#binaries.get(stageKey);
    if (!binary) throw new Error(`Executor ${this.id} has no task binary for stage ${stageKey}`);
    return binary;
  }

  getBroadcast(id: number): Promise<Uint8Array> {
    let value = this.#broadcasts.get(id);
    if (!value) {
      value = this.env.driver.getBroadcast(id);
      this.#broadcasts.set(id, value);
      value.catch(() => this.#broadcasts.delete(id));
    }
    return value;
  }

  getMapStatuses(shuffleId: number) {
    return this.env.driver.getMapStatuses(shuffleId);
  }

  getBlock(blockId: string): Promise<{ bytes: Uint8Array; inMemory: boolean } | undefined> {
    return this.blockManager.get(blockId);
  }

  putBlock(blockId: string, bytes: Uint8Array, size: number, level: StorageLevelWire): Promise<BlockUpdate | null> {
    return this.blockManager.put(blockId, bytes, size, level);
  }

  async removeBlocks(prefix: string): Promise<void> {
    for (const slot of this.#slots) {
      slot.handle.dropBlocks(prefix);
      for (const id of [...slot.blocks]) if (id.startsWith(prefix)) slot.blocks.delete(id);
    }
    await this.blockManager.removePrefix(prefix);
  }

  /** What the thread of `slot` asks of the executor: the executor's services, noting the blocks it keeps decoded. */
  #servicesFor(slot: Slot): ExecutorServices {
    return {
      spec: this.spec,
      store: this.store,
      fs: this.fs,
      sourceURL: this.sourceURL,
      getStageBinary: (key) => this.getStageBinary(key),
      getBroadcast: (id) => this.getBroadcast(id),
      getMapStatuses: (id) => this.getMapStatuses(id),
      getBlock: async (blockId) => {
        const hit = await this.getBlock(blockId);
        if (hit?.inMemory) slot.blocks.add(blockId);
        return hit;
      },
      putBlock: async (blockId, bytes, size, level) => {
        const update = await this.putBlock(blockId, bytes, size, level);
        if (update && update.memSize > 0) slot.blocks.add(blockId);
        return update;
      },
      startingUp: (on) => slot.running?.startingUp(on),
    };
  }

  /** Stops every task thread (the executor is being lost or stopped). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const slot of this.#slots) slot.handle.terminate();
  }
}

/** A failed outcome for an error raised outside the task's own code (its thread stopped, a lost message). */
function failed(e: Error, started: number): TaskOutcome {
  const metrics = emptyMetrics();
  metrics.executorRunTime = Math.round(performance.now() - started);
  return {
    status: 'failed',
    failure: { reason: 'ExceptionFailure', className: e.name || 'Error', description: e.message, stack: e.stack ?? '' },
    metrics,
    accumUpdates: [],
  };
}

/**
 * A task's time against `kindling.task.timeout`: how long its thread has gone without a free
 * moment. It runs from `start` (the thread is up), begins again at every beat (the thread's event
 * loop ran, so the task yields: a long task that reads, writes or awaits is never a runaway),
 * stops while the thread does start-up work, and says when it has run out. It is the same measure
 * the loop guards take (closure/loop-guard.ts), which fire a little before it.
 */
class TaskClock {
  /** Since when the thread has had no free moment; null before the start and during start-up. */
  #since: number | null = null;
  #paused = 0;
  #started = false;

  constructor(readonly limitMs: number) {}

  get limited(): boolean {
    return this.limitMs > 0;
  }

  start(now: number): void {
    this.#started = true;
    if (this.#paused === 0) this.#since = now;
  }

  beat(now: number): void {
    if (this.#since !== null) this.#since = now;
  }

  pause(on: boolean, now: number): void {
    if (on) {
      if (this.#paused++ === 0) this.#since = null;
    } else if (this.#paused > 0 && --this.#paused === 0 && this.#started) this.#since = now;
  }

  expired(now: number): boolean {
    return this.limited && this.#since !== null && now - this.#since >= this.limitMs;
  }
}
