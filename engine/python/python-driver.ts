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
  hasPromiseIntegration,
  startInterpreter,
  takeSnapshot,
  type StartPhases,
} from './python-interpreter';
import { guardAgainstRunawayLoops } from './interrupt';

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
}

export interface PythonProgramHost {
  /** Starts the engine's SparkContext when the program first asks for one; its executors start `python`. */
  createContext(conf: Record<string, string>, python: PythonWorkers): SparkContext;
  stdout(line: string): void;
  stderr(line: string): void;
  /** Receives the snapshot this driver made when it had to start Python from scratch. */
  snapshotMade?(snapshot: PythonSnapshot): void;
  /** Python is up: from scratch or from the given snapshot, after `ms` milliseconds, spent as `phases` says. */
  started?(from: 'scratch' | 'snapshot', ms: number, phases: StartPhases): void;
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
    const given = program.snapshot?.key === SNAPSHOT_KEY ? program.snapshot.snapshot : undefined;
    const phases: StartPhases = {};
    const interpreter = await startInterpreter({
      phases,
      pythonExec: program.pythonExec,
      stdout: (line) => host.stdout(line),
      stderr: (line) => host.stderr(line),
      ...(given ? { snapshot: given } : { snapshotable: true }),
    });
    let snapshot = given;
    if (!snapshot) {
      snapshot = takeSnapshot(interpreter, phases);
      host.snapshotMade?.({ key: SNAPSHOT_KEY, snapshot });
    }
    host.started?.(given ? 'snapshot' : 'scratch', performance.now() - startedAt, phases);
    gateway = new PythonGateway({
      createContext: (conf) => host.createContext(conf, { pythonExec: program.pythonExec, snapshot }),
      baseConf: program.conf,
      pythonExec: program.pythonExec,
      fileName: program.fileName,
      source: program.source,
    });
    interpreter.registerJsModule('kindling_engine', { gateway });
    const run = interpreter.pyimport('kindling.program').run;
    // A loop in the program that holds the driver's thread too long stops at its line (KeyboardInterrupt).
    const interrupt = guardAgainstRunawayLoops(interpreter);
    interrupt.reset();
    // callPromising enters Python so that run_sync may suspend it while a job runs.
    const outcome = (await run.callPromising(program.source, program.fileName)) as unknown;
    error = outcome ? toProgramError(outcome as { toJs(options: object): PythonError; destroy(): void }) : null;
    if (error && interrupt.firedAfterMs > 0)
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
