/**
 * Python on an executor: Spark's PythonRunner. Each task thread of a Python
 * application's executor starts an interpreter as it starts, before it takes
 * a task (ExecutorSpec.python: Spark forks a worker in milliseconds, a
 * restored interpreter takes seconds); a thread without one (an application
 * whose driver is not Python) starts it with its first Python task, in that
 * task's run time. It then stays up for the executor's life, as PySpark
 * reuses its workers. Each PythonRDD partition is one call:
 * the parent's records in, the function's records out, plus the task's
 * accumulator updates; a Python exception fails the task with Spark's
 * `org.apache.spark.api.python.PythonException` and the Python traceback.
 *
 * Nothing here imports Pyodide for a JavaScript application, so its
 * executors never load it.
 */
import { DONE, PENDING, type RowIterator } from '../executor/iterator';
import type { TaskContext } from '../executor/task-context';
import type { PythonFunctionWire } from '../rdd/wire';
import type { Interpreter } from './python-interpreter';
import type { PythonWorkers } from '../executor/backend';
import type { RunawayInterrupt } from './interrupt';

/** Spark's class for an exception raised in a task's Python code; its message is the Python traceback. */
export class PythonException extends Error {
  override name = 'org.apache.spark.api.python.PythonException';
  constructor(traceback: string) {
    super(traceback);
    // The JavaScript frames of the executor say nothing about the Python code that failed.
    this.stack = '';
  }
}

/** What one Python task needs from its executor. */
export interface PythonTask {
  ctx: TaskContext;
  /** A broadcast's value on this executor (fetched before the task ran): the pickled bytes. */
  broadcast(id: number): unknown;
  /** Where the task's print() output goes: this executor's log. */
  log(stream: 'stdout' | 'stderr', line: string): void;
  /**
   * Runs the interpreter's start-up so that it does not count against the task's
   * `kindling.task.timeout` (TaskThread.whileStartingUp).
   */
  whileStartingUp<T>(work: () => Promise<T>): Promise<T>;
}

interface PyTaskInput {
  kind: 'lines' | 'records';
  text?: string;
  count: number;
  records?: readonly unknown[];
}

type PyResult = { error: string } | { records: unknown[]; accumulators: Uint8Array[] };

interface RunningInterpreter {
  interpreter: Interpreter;
  /** Stops a runaway loop in a task with KeyboardInterrupt at its line; the interpreter stays. */
  interrupt: RunawayInterrupt;
  /** Runs a command, or several UDFs' commands in one pass (BatchEvalPython's). */
  runTask: (
    command: Uint8Array | Uint8Array[],
    split: number,
    input: PyTaskInput,
    info: object,
    broadcasts: Record<string, unknown>,
  ) => PyResult;
  registerSource: (fileName: string, source: string) => void;
}

/**
 * One executor thread's Python.
 *
 * @example
 * const runner = new PythonRunner();
 * const out = await runner.compute(wire.func, inputRecords, partitionId, { ctx, broadcast, log });
 */
export class PythonRunner {
  #running: Promise<RunningInterpreter> | null = null;
  #pythonExec: string | null = null;
  #sink: PythonTask['log'] | null = null;
  readonly #sources = new Set<string>();

  /** Runs `func` over one partition's `input` records and returns its output records. */
  compute(func: PythonFunctionWire, input: readonly unknown[], split: number, task: PythonTask): Promise<unknown[]> {
    return this.#run([func], func.command, input, split, task);
  }

  /**
   * Runs several Python UDFs in one pass over a partition, as PySpark's worker runs a BatchEvalPython's (its
   * `read_udfs`): `input` starts with each UDF's argument types, then holds each row's arguments of every UDF;
   * each output record is one row's results.
   */
  computeUDFs(
    funcs: readonly PythonFunctionWire[],
    input: readonly unknown[],
    split: number,
    task: PythonTask,
  ): Promise<unknown[][]> {
    return this.#run(
      funcs,
      funcs.map((f) => f.command),
      input,
      split,
      task,
    ) as Promise<unknown[][]>;
  }

  async #run(
    funcs: readonly PythonFunctionWire[],
    command: Uint8Array | Uint8Array[],
    input: readonly unknown[],
    split: number,
    task: PythonTask,
  ): Promise<unknown[]> {
    // One application's functions: the same runtime, program and accumulator.
    const func = funcs[0];
    // Up already on a Python application's executor (prestart); otherwise started from scratch here.
    const python = await task.whileStartingUp(() => this.#start(func.pythonExec, undefined));
    const sourceKey = `${func.fileName}\0${func.source.length}\0${hashString(func.source)}`;
    if (!this.#sources.has(sourceKey)) {
      python.registerSource(func.fileName, func.source);
      this.#sources.add(sourceKey);
    }
    const broadcasts: Record<string, unknown> = {};
    for (const id of funcs.flatMap((f) => f.broadcastIds)) broadcasts[String(id)] = task.broadcast(id);
    const ctx = task.ctx;
    const info = {
      stageId: ctx.stageId(),
      partitionId: ctx.partitionId(),
      attemptNumber: ctx.attemptNumber(),
      taskAttemptId: ctx.taskAttemptId(),
      cpus: 1,
      localProperties: ctx.properties,
    };
    this.#sink = task.log;
    let result: PyResult;
    python.interrupt.reset();
    try {
      result = python.runTask(command, split, taskInput(input), info, broadcasts);
    } finally {
      this.#sink = null;
    }
    if ('error' in result)
      throw new PythonException(
        python.interrupt.firedAfterMs > 0 ? `${result.error}${python.interrupt.explain()}\n` : result.error,
      );
    if (result.accumulators.length > 0) {
      const previous = ctx.collectionUpdates.get(func.accumulatorId) ?? [];
      ctx.collectionUpdates.set(func.accumulatorId, [...previous, ...result.accumulators]);
    }
    return result.records;
  }

  /**
   * Starts this thread's Python before any task needs it (an executor of a Python application, as it starts).
   * Never rejects: a failed start is tried again, and reported, by the first Python task.
   */
  async prestart(python: PythonWorkers): Promise<void> {
    await this.#start(python.pythonExec, python).catch(() => {});
  }

  #start(pythonExec: string, image: Omit<PythonWorkers, 'pythonExec'> | undefined): Promise<RunningInterpreter> {
    if (this.#running) {
      if (pythonExec !== this.#pythonExec)
        return Promise.reject(new Error(`This executor's Python came from ${this.#pythonExec}, not ${pythonExec}`));
      return this.#running;
    }
    this.#pythonExec = pythonExec;
    const started = (async () => {
      const [{ startInterpreter }, { guardAgainstRunawayLoops }] = await Promise.all([
        import('./python-interpreter'),
        import('./interrupt'),
      ]);
      const interpreter = await startInterpreter({
        pythonExec,
        stdout: (line) => this.#sink?.('stdout', line),
        stderr: (line) => this.#sink?.('stderr', line),
        ...(image ? { snapshot: image.snapshot } : {}),
        ...(image?.runtime ? { runtime: image.runtime } : {}),
      });
      const worker = interpreter.pyimport('pyspark.worker');
      return {
        interpreter,
        interrupt: guardAgainstRunawayLoops(interpreter),
        runTask: (command, split, input, info, broadcasts) => {
          const run = Array.isArray(command) ? worker.run_udfs_from_engine : worker.run_from_engine;
          return run(command, split, input, info, broadcasts) as PyResult;
        },
        registerSource: (fileName, source) => worker.register_source(fileName, source),
      } satisfies RunningInterpreter;
    })();
    started.catch(() => {
      if (this.#running === started) this.#running = null;
    });
    this.#running = started;
    return started;
  }
}

/** The task's records as Python takes them: a text file's lines joined into one string (one hand-over). */
function taskInput(records: readonly unknown[]): PyTaskInput {
  let lines = true;
  for (let i = 0; i < records.length && lines; i++) {
    const r = records[i];
    if (typeof r !== 'string' || r.includes('\n')) lines = false;
  }
  if (lines) return { kind: 'lines', text: (records as string[]).join('\n'), count: records.length };
  return { kind: 'records', count: records.length, records };
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Spark's `Utils.deserializeLongValue`: the 8 big-endian bytes PySpark's
 * `pack_long` writes, as a number (partition numbers fit easily).
 *
 * @example
 * readLong(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 3])); // 3
 */
export function readLong(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength !== 8)
    throw new Error(`PairwiseRDD: unexpected value: expected an 8-byte key, got ${String(bytes)}`);
  return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, false));
}

/**
 * PairwiseRDD's compute: a Python partition's flat records [k0, v0, k1, v1, …]
 * pulled two at a time, as pairs [k0 as a number, v0], … (Spark's `grouped(2)`).
 */
export class PairwiseRows implements RowIterator {
  #key: Uint8Array | null = null;

  constructor(readonly input: RowIterator) {}

  next(): unknown {
    if (this.#key === null) {
      const key = this.input.next();
      if (key === DONE || key === PENDING) return key;
      this.#key = key as Uint8Array;
    }
    const value = this.input.next();
    if (value === PENDING) return PENDING;
    if (value === DONE) throw new Error('PairwiseRDD: unexpected value: a key with no value after it');
    const key = this.#key;
    this.#key = null;
    return [readLong(key), value];
  }
}
