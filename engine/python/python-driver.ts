/**
 * Runs a PySpark driver program in the driver worker: starts Python, gives
 * it the engine (see gateway.ts), runs the program as `__main__`, and stops
 * the application the program started when it ends, as spark-submit does.
 */
import type { SparkContext } from '../context';
import type { PythonWorkers } from '../executor/backend';
import type { ProgramError, PythonSnapshot } from '../runner/protocol';
import { PythonGateway } from './gateway';
import {
  SNAPSHOT_KEY,
  fetchPrebuiltSnapshot,
  hasPromiseIntegration,
  startInterpreter,
  takeSnapshot,
  type Interpreter,
  type StartPhases,
} from './python-interpreter';
import { guardAgainstRunawayLoops, stopSignal } from './interrupt';
import { compileRuntime } from './compiled-runtime';

export interface PythonProgram {
  source: string;
  /** Shown in tracebacks and call sites, e.g. `wordcount.py`. */
  fileName: string;
  /** The cluster settings: the playground's or the command line's. */
  conf: Record<string, string>;
  /** URL of the folder serving Pyodide's runtime, for the driver and the executors. */
  pythonExec: string;
  /** A snapshot from an earlier run in this page, if any. */
  snapshot?: PythonSnapshot;
  /** Start CPython from scratch even where the site ships a snapshot (to test that path). */
  fromScratch?: boolean;
  /** The blob URL the page revokes when Stop is pressed: the program then stops at its line. */
  stopSignal?: string;
}

/**
 * Where a driver's Python came from: the page's snapshot of an earlier run, the snapshot the
 * site ships (scripts/python-snapshot.ts), or CPython started from scratch.
 */
export type PythonStart = 'snapshot' | 'prebuilt' | 'scratch';

export interface PythonProgramHost {
  /** Starts the engine's SparkContext when the program first asks for one; its executors start `python`. */
  createContext(conf: Record<string, string>, python: PythonWorkers): SparkContext;
  stdout(line: string): void;
  stderr(line: string): void;
  /** Receives the snapshot this driver started from or made, when the page gave it none. */
  snapshotMade?(snapshot: PythonSnapshot): void;
  /** Python is up, after `ms` milliseconds, spent as `phases` says. */
  started?(from: PythonStart, ms: number, phases: StartPhases): void;
}

/** Why a browser cannot run Python programs, in the words a learner needs; null when it can. */
export function pythonUnsupportedReason(): string | null {
  if (hasPromiseIntegration()) return null;
  return (
    'Python programs need WebAssembly JavaScript Promise Integration (JSPI), which lets a PySpark action ' +
    'wait for its job: Chrome and Edge 137 or later and Firefox 153 or later have it; Safari and other ' +
    'WebKit browsers do not yet. Open Kindling in one of those browsers, or write the program in JavaScript.'
  );
}

interface PythonError {
  name: string;
  message: string;
  line?: number | null;
  column?: number | null;
  traceback: string;
}

/**
 * Runs `program`; resolves with the error that ended it, or null. Never rejects.
 *
 * @example
 * const error = await runPythonProgram({ source, fileName: 'wc.py', conf: {}, pythonExec }, host);
 */
export async function runPythonProgram(program: PythonProgram, host: PythonProgramHost): Promise<ProgramError | null> {
  const unsupported = pythonUnsupportedReason();
  if (unsupported) return { name: 'Error', message: unsupported };
  let gateway: PythonGateway | null = null;
  let error: ProgramError | null;
  try {
    const startedAt = performance.now();
    const page = program.snapshot?.key === SNAPSHOT_KEY ? program.snapshot : undefined;
    const given = page?.snapshot;
    // Compiled once per page: by the page's first Python driver, then handed to every later one and to every
    // executor thread (compiled-runtime.ts).
    const phases: StartPhases = {};
    const runtime =
      page?.runtime ??
      compileRuntime(program.pythonExec).then((compiled) => {
        phases.compile = Math.round(performance.now() - startedAt);
        return compiled;
      });
    const start = (snapshot?: Uint8Array | Promise<Uint8Array>) =>
      startInterpreter({
        phases,
        pythonExec: program.pythonExec,
        runtime,
        stdout: (line) => host.stdout(line),
        stderr: (line) => host.stderr(line),
        ...(snapshot ? { snapshot } : { snapshotable: true }),
      });
    const { interpreter, snapshot, from } = given
      ? { interpreter: await start(given), snapshot: given, from: 'snapshot' as const }
      : await startWithoutPageSnapshot(program, start, phases);
    const compiled = await runtime;
    if (!page?.runtime) host.snapshotMade?.({ key: SNAPSHOT_KEY, snapshot, runtime: compiled });
    host.started?.(from, performance.now() - startedAt, phases);
    gateway = new PythonGateway({
      createContext: (conf) =>
        host.createContext(conf, { pythonExec: program.pythonExec, snapshot, runtime: compiled }),
      baseConf: program.conf,
      pythonExec: program.pythonExec,
      fileName: program.fileName,
      source: program.source,
    });
    interpreter.registerJsModule('kindling_engine', { gateway });
    const run = interpreter.pyimport('kindling.program').run;
    // A loop in the program that holds the driver's thread too long stops at its line (KeyboardInterrupt), and so
    // does the program when the learner presses Stop.
    const interrupt = guardAgainstRunawayLoops(
      interpreter,
      program.stopSignal ? { stopRequested: stopSignal(program.stopSignal) } : {},
    );
    interrupt.reset();
    // callPromising enters Python so that run_sync may suspend it while a job runs.
    const outcome = (await run.callPromising(program.source, program.fileName)) as unknown;
    error = outcome ? toProgramError(outcome as { toJs(options: object): PythonError; destroy(): void }) : null;
    if (error && (interrupt.firedAfterMs > 0 || interrupt.stopped))
      error = {
        ...error,
        message: `${error.message}${interrupt.explain()}`,
        traceback: `${error.traceback ?? ''}${interrupt.explain()}\n`,
      };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    error = { name: err.name, message: err.message, stack: err.stack };
  }
  try {
    await gateway?.context?.stop();
  } catch (e) {
    error ??= { name: 'Error', message: e instanceof Error ? e.message : String(e) };
  }
  return error;
}

/**
 * A page's first Python program: its driver restores the snapshot the site ships, fetched while
 * the runtime's script loads; where there is none for this build (or `fromScratch`), CPython
 * starts from scratch and the driver makes the snapshot its executors start from.
 */
async function startWithoutPageSnapshot(
  program: PythonProgram,
  start: (snapshot?: Promise<Uint8Array>) => Promise<Interpreter>,
  phases: StartPhases,
): Promise<{ interpreter: Interpreter; snapshot: Uint8Array; from: PythonStart }> {
  if (!program.fromScratch) {
    const prebuilt = fetchPrebuiltSnapshot(program.pythonExec);
    // Its failure is handled below, whether or not the runtime has awaited it by then.
    prebuilt.catch(() => {});
    try {
      const interpreter = await start(prebuilt);
      return { interpreter, snapshot: await prebuilt, from: 'prebuilt' };
    } catch {
      // No snapshot for this build, or one Pyodide rejects: start as if the site shipped none.
    }
  }
  const interpreter = await start();
  return { interpreter, snapshot: takeSnapshot(interpreter, phases), from: 'scratch' };
}

function toProgramError(proxy: { toJs(options: object): PythonError; destroy(): void }): ProgramError {
  const e = proxy.toJs({ dict_converter: Object.fromEntries });
  proxy.destroy();
  return {
    name: e.name,
    message: e.message,
    ...(e.line ? { line: e.line } : {}),
    ...(e.column ? { column: e.column } : {}),
    traceback: e.traceback,
  };
}
