/**
 * The boundary between the driver's scheduler and executors, whatever runs
 * them: Web Workers in the browser, or plain objects in-process for fast tests.
 */
import type { TaskDescription, TaskOutcome } from '../rdd/wire';

export interface ExecutorSpec {
  id: string;
  host: string;
  rack: string;
  cores: number;
  /**
   * Spark's unified memory, `spark.executor.memory` × `spark.memory.fraction`: shared by
   * execution (aggregation and sorting buffers, which spill past it) and storage (cached blocks).
   */
  memoryBytes: number;
  /** The part cached blocks may hold: memoryBytes × `spark.memory.storageFraction`. */
  storageMemoryBytes: number;
  /** Results larger than this (spark.task.maxDirectResultSize) go through the block store. */
  maxDirectResultSize: number;
  /**
   * `kindling.task.timeout`: a task holding its thread longer without a free moment loses the
   * thread (the executor enforces it); 0 or absent, no limit.
   */
  taskTimeoutMs?: number;
  /**
   * `kindling.partitionData.rows` and `.size`: how much of each partition a task keeps to show
   * (see partition-capture.ts); absent, nothing is captured.
   */
  partitionData?: { rows: number; chars: number };
  /** A Python application's Python, which each task thread starts before it takes tasks (see {@link PythonWorkers}). */
  python?: PythonWorkers;
}

/**
 * What an executor of a Python application starts its task threads' Python from: the runtime's folder and the
 * driver's memory snapshot. Spark forks a Python worker for a task in milliseconds; restoring an interpreter takes
 * Kindling seconds, which, counted in a first task, held its core so long that delay scheduling gave up on locality
 * (lesson 10's job 0 ran ANY). So a task thread restores it while it starts, and the executor offers its cores once
 * every thread has done so: a Python task's run time holds what Spark's would.
 */
export interface PythonWorkers {
  pythonExec: string;
  snapshot: Uint8Array;
  /** Pyodide's WebAssembly module as the driver compiled it: threads instantiate it instead of compiling their own. */
  runtime?: WebAssembly.Module;
}

/** Calls executors make to the driver. Every one is answered even if the caller is gone. */
export interface DriverEndpoint {
  getMapStatuses(shuffleId: number): Promise<import('../rdd/wire').MapStatusWire[] | null>;
  /** The broadcast's value, encoded with the record codec. */
  getBroadcast(id: number): Promise<Uint8Array>;
  /** Console output of tasks: this executor's log. */
  log(executorId: string, stream: 'stdout' | 'stderr', args: unknown[]): void;
}

/** A running executor as the driver sees it. */
export interface ExecutorHandle {
  readonly spec: ExecutorSpec;
  /** Resolves with the outcome; rejects with ExecutorLostError if the executor dies meanwhile. */
  runTask(task: TaskDescription): Promise<TaskOutcome>;
  killTask(taskId: number, reason: string): void;
  removeBlocks(prefix: string): Promise<void>;
  /** Stops the executor (terminating its worker); pending runTask calls reject with ExecutorLostError. */
  stop(reason: string): Promise<void>;
}

/** Starts an executor; `onLost` is called if it dies by itself (a crashed worker). */
export type ExecutorFactory = (
  spec: ExecutorSpec,
  driver: DriverEndpoint,
  appId: string,
  onLost: (reason: string) => void,
) => Promise<ExecutorHandle>;

export class ExecutorLostError extends Error {
  override name = 'ExecutorLostError';
  constructor(
    readonly executorId: string,
    readonly reason: string,
  ) {
    super(`Executor ${executorId} lost: ${reason}`);
  }
}

/**
 * A task sent to an executor's worker. Tasks and their outcomes travel as plain
 * messages on the worker's own port rather than through comlink: at thousands
 * of tasks a second, comlink's per-call proxy, id string and argument walk were
 * the driver's largest cost. The worker's log lines use the same port, so a
 * task's output still arrives before its outcome.
 */
export interface TaskRequestMessage {
  kindlingTask: TaskDescription;
}

/** A line a task printed: the executor's log. Task threads post it straight to the driver. */
export interface ExecutorLogMessage {
  kindlingLog: { executorId: string; stream: 'stdout' | 'stderr'; args: unknown[] };
}

/**
 * A task's outcome, or the error that kept the worker from producing one. A task thread posts
 * it straight to the driver, after the task's log lines; the executor posts the outcomes it
 * decides itself (a task stopped with its thread).
 */
export interface TaskOutcomeMessage {
  kindlingTaskOutcome:
    | { taskId: number; outcome: TaskOutcome }
    | { taskId: number; error: { name: string; message: string; stack?: string } };
}
