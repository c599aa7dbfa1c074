/**
 * Starting a Python interpreter (Pyodide) in the current worker, with the
 * `pyspark` package installed. Driver and executors both start theirs here;
 * the runtime is fetched from `pythonExec`, the folder the site serves it from
 * (Spark's PythonFunction names its Python the same way: `pythonExec`).
 *
 * Starting CPython from scratch (unpacking its standard library, importing
 * pyspark) takes seconds; restoring a memory snapshot of an interpreter that
 * has done so takes a fraction of that. The driver's interpreter, started from
 * scratch, makes such a snapshot before the program runs; executors start
 * theirs from it.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { PYODIDE_VERSION } from './version';

export type Interpreter = PyodideAPI;

/** How long each part of an interpreter's start took, in milliseconds (for `python-started` and the bench). */
export type StartPhases = Record<string, number>;

/** Where the pyspark package lives in the interpreter's file system: as in a Spark install. */
export const SPARK_PYTHON_HOME = '/opt/spark/python';

/** pyspark, the py4j names programs import, and Kindling's runner for driver programs. */
const packageFiles = {
  ...import.meta.glob<string>('./pyspark/**/*.py', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('./py4j/*.py', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('./kindling/*.py', { query: '?raw', import: 'default', eager: true }),
};

/**
 * Names this build's Python: Pyodide's version and the package sources. A
 * snapshot made with another key holds other code and must not be used.
 */
export const SNAPSHOT_KEY = `${PYODIDE_VERSION}:${digest(Object.entries(packageFiles).flat().join('\0'))}`;

/** Imported before a snapshot is taken, so interpreters restored from it have them ready. */
const PRELOADED_MODULES = ['pyspark', 'pyspark.sql', 'pyspark.sql.functions', 'pyspark.worker', 'kindling.program'];

export interface InterpreterOptions {
  /** URL of the folder holding Pyodide's runtime files, ending in `/`. */
  pythonExec: string;
  /** Where Python's standard output goes, line by line. */
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** A snapshot from {@link takeSnapshot} to start from, instead of starting CPython from scratch. */
  snapshot?: Uint8Array;
  /** Start so that {@link takeSnapshot} can be called (before any JavaScript object reaches Python). */
  snapshotable?: boolean;
  /** Receives how long each part of the start took. */
  phases?: StartPhases;
}

/**
 * Python with JavaScript Promise Integration, which `run_sync` needs to let a
 * PySpark action wait for its job while the scheduler in the same worker goes on.
 */
export function hasPromiseIntegration(): boolean {
  const wasm = globalThis.WebAssembly as unknown as Record<string, unknown> | undefined;
  return typeof wasm?.Suspending === 'function' && typeof wasm?.promising === 'function';
}

/**
 * @example
 * const py = await startInterpreter({ pythonExec: new URL('pyodide-314.0.8/', location.href).href });
 * py.runPython('import pyspark');
 */
export async function startInterpreter(options: InterpreterOptions): Promise<Interpreter> {
  const lap = stopwatch(options.phases);
  const py = await loadPyodide({
    indexURL: options.pythonExec,
    // Hashes of str and bytes must agree between interpreters: portable_hash places keys with them.
    env: { PYTHONHASHSEED: '0' },
    stdout: options.stdout ?? (() => {}),
    stderr: options.stderr ?? (() => {}),
    // Options Pyodide marks private: its memory snapshots (see this module's comment).
    ...(options.snapshot ? { _loadSnapshot: options.snapshot } : {}),
    ...(options.snapshotable ? { _makeSnapshot: true } : {}),
  });
  lap('runtime');
  if (py.version !== PYODIDE_VERSION) throw new Error(`Pyodide ${py.version} loaded, ${PYODIDE_VERSION} expected`);
  // Files live outside the interpreter's memory, so a restored interpreter needs them written again.
  for (const [path, source] of Object.entries(packageFiles)) {
    const target = `${SPARK_PYTHON_HOME}/${path.slice(2)}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf('/')));
    py.FS.writeFile(target, source);
  }
  py.runPython(
    `import sys\nif ${JSON.stringify(SPARK_PYTHON_HOME)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SPARK_PYTHON_HOME)})`,
  );
  lap('files');
  return py;
}

/**
 * A memory snapshot of `py` with pyspark imported, for {@link startInterpreter}'s
 * `snapshot`. `py` must have been started `snapshotable`, and nothing from
 * JavaScript may have reached it yet.
 */
export function takeSnapshot(py: Interpreter, phases?: StartPhases): Uint8Array {
  const lap = stopwatch(phases);
  for (const name of PRELOADED_MODULES) {
    py.pyimport(name).destroy();
    lap(`import ${name}`);
  }
  const snapshot = (py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
  lap('snapshot');
  return snapshot;
}

/** Each call records the milliseconds since the previous one (or since the stopwatch was made) under `name`. */
function stopwatch(phases: StartPhases | undefined): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    if (phases) phases[name] = Math.round(now - last);
    last = now;
  };
}

/** A 32-bit FNV-1a digest, in hex: enough to tell two builds' package sources apart. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
