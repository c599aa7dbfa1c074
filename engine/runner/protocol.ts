/**
 * Messages between a page that hosts a driver program (the playground, the
 * headless runner's page) and the driver worker that runs it. Types only:
 * both sides import this one module.
 */
import type { SparkEvent } from '../events/types';
import type { FaultSpec } from '../scheduler/faults';
import type { TaskPartitionData } from '../rdd/wire';

export type { FaultSpec, TaskPartitionData };

/** What a page asks the driver worker to run. */
export interface ProgramOptions {
  /** The learner's program: an ES module body; top-level await allowed. */
  source: string;
  /** Shown in stack traces and error messages, e.g. `wordcount.js`. */
  fileName: string;
  /** Spark configuration, e.g. `{ 'spark.executor.instances': '2', 'spark.executor.cores': '2' }`. */
  conf: Record<string, string>;
  /**
   * For Python programs (a `fileName` ending in `.py`): the URL of the folder
   * serving Pyodide's runtime (`pyodide-<version>/` at the site root, see
   * engine/python/version.ts). JavaScript programs never load it.
   */
  pythonExec?: string;
  /**
   * A memory snapshot of a Python driver that ran before in this page
   * (reported by a `python-snapshot` message): a Python program then starts
   * in a fraction of the time. Ignored unless its key is this build's.
   */
  pythonSnapshot?: PythonSnapshot;
  /** Start the driver's Python from scratch even where the site ships a snapshot (tests of that path). */
  pythonFromScratch?: boolean;
  /**
   * For Python programs: a blob URL the page revokes when Stop is pressed. A driver busy in Python cannot read
   * the `cancel` message, but it can ask whether this URL still resolves, and stop the program at its line.
   */
  stopSignal?: string;
  /**
   * Absolute URL of the folder `sc.textFile` paths resolve against, ending in `/`.
   * It serves `index.json` (a manifest: `[{ "path": "data/a.txt", "size": 123 }]`)
   * and the files themselves (with HTTP Range support).
   */
  fsBase: string;
}

/** An interpreter's memory with pyspark imported, and the key of the build that made it. */
export interface PythonSnapshot {
  key: string;
  snapshot: Uint8Array;
  /** Pyodide's WebAssembly module, compiled by the driver that made or first used the snapshot (compiled-runtime.ts). */
  runtime?: WebAssembly.Module;
}

/** A console call's arguments, encoded by `toLoggable` so they survive postMessage. */
export type LoggableArgs = unknown[];

export interface ProgramError {
  name: string;
  message: string;
  stack?: string;
  /** 1-based line in the learner's program, when the error can be placed there. */
  line?: number;
  column?: number;
  /** A Python program's traceback, printed as Python prints it (`Traceback (most recent call last): …`). */
  traceback?: string;
  /** What the learner can do about it, when Kindling recognises the mistake (see mistakes.ts). */
  hint?: string;
}

/**
 * Something the program did that runs but is rarely meant: no action at all,
 * an action whose promise was never awaited. Said beside the output.
 */
export interface ProgramNote {
  kind: 'no-action' | 'not-awaited';
  message: string;
  /** 1-based line it is about. */
  line?: number;
}

export type HostMessage =
  /** `console.log`/`info`/`debug` on the driver: the program's output. */
  | { type: 'stdout'; args: LoggableArgs }
  /** `console.error`/`warn` on the driver. */
  | { type: 'stderr'; args: LoggableArgs }
  /** Anything a task printed: it belongs to that executor's log, never the driver's output. */
  | { type: 'executor-log'; executorId: string; stream: 'stdout' | 'stderr'; args: LoggableArgs }
  /** One Spark listener event, exactly as Spark's JsonProtocol writes it. */
  | { type: 'event'; event: SparkEvent }
  /**
   * The first rows of each partition a task computed, right after its TaskEnd event; sent only
   * when the conf asks (`kindling.partitionData.rows`). Not a Spark event: never in event logs.
   */
  | { type: 'partition-data'; data: TaskPartitionData }
  /** A mistake noticed while the program ran; see ProgramNote. */
  | { type: 'note'; note: ProgramNote }
  /**
   * A Python program's interpreter is up: restored from the page's snapshot of an earlier run
   * (`snapshot`), from the one the site ships (`prebuilt`: a page's first Python program), or
   * started from scratch (seconds; where the site has no snapshot for this build); how long
   * that took, and in which parts (`runtime`: Pyodide fetched, compiled and booted or restored;
   * `files`: pyspark written; from scratch also `import …` and `snapshot`).
   */
  | { type: 'python-started'; from: 'snapshot' | 'prebuilt' | 'scratch'; ms: number; phases: Record<string, number> }
  /** The driver's Python snapshot, for the page to pass to its next Python run (program-host keeps it). */
  | ({ type: 'python-snapshot' } & PythonSnapshot)
  | { type: 'done'; ok: true }
  | { type: 'done'; ok: false; error: ProgramError };

/**
 * How HostMessages travel from the driver worker: in batches, in order, so a
 * run of thousands of tasks costs the page one message event per batch rather
 * than one per listener event. `done` always ends the batch it is in.
 */
export interface HostMessageBatch {
  type: 'batch';
  messages: HostMessage[];
}

/** What a page can ask of a running driver. */
export type DriverCommand =
  /** Cancel every running job, as Spark's cancelAllJobs. */
  { type: 'cancel' } | { type: 'fault'; fault: FaultSpec };
