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
import { startFromCompiledRuntime } from './compiled-runtime';
import {
  AFTER_RESTORE,
  PYTHON_ENV,
  installPackage,
  prebuiltSnapshotFile,
  snapshotKey,
  snapshotWithPackage,
  type PackageFiles,
} from './interpreter-image';

export { SPARK_PYTHON_HOME } from './interpreter-image';

export type Interpreter = PyodideAPI;

/** How long each part of an interpreter's start took, in milliseconds (for `python-started` and the bench). */
export type StartPhases = Record<string, number>;

/** pyspark, the py4j names programs import, and Kindling's runner for driver programs. */
const packageFiles: PackageFiles = {
  ...import.meta.glob<string>('./pyspark/**/*.py', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('./py4j/*.py', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('./kindling/*.py', { query: '?raw', import: 'default', eager: true }),
};

/** This build's Python (interpreter-image.ts): a snapshot made with another key must not be used. */
export const SNAPSHOT_KEY = snapshotKey(packageFiles);

export interface InterpreterOptions {
  /** URL of the folder holding Pyodide's runtime files, ending in `/`. */
  pythonExec: string;
  /** Where Python's standard output goes, line by line. */
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /**
   * A snapshot from {@link takeSnapshot} or {@link fetchPrebuiltSnapshot} to start from, instead of
   * starting CPython from scratch; a promise of one is awaited once the runtime's script is in.
   */
  snapshot?: Uint8Array | Promise<Uint8Array>;
  /** Start so that {@link takeSnapshot} can be called (before any JavaScript object reaches Python). */
  snapshotable?: boolean;
  /** Receives how long each part of the start took. */
  phases?: StartPhases;
  /**
   * Pyodide's WebAssembly module, compiled once for the page (compiled-runtime.ts): without it
   * the loader fetches and compiles its own.
   */
  runtime?: WebAssembly.Module | Promise<WebAssembly.Module>;
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
  const load = (runtime: Parameters<typeof loadPyodide>[0]) =>
    loadPyodide({
      indexURL: options.pythonExec,
      env: PYTHON_ENV,
      stdout: options.stdout ?? (() => {}),
      stderr: options.stderr ?? (() => {}),
      // Options Pyodide marks private: its memory snapshots (see this module's comment).
      ...(options.snapshot ? { _loadSnapshot: options.snapshot } : {}),
      ...(options.snapshotable ? { _makeSnapshot: true } : {}),
      ...runtime,
    });
  const py = options.runtime
    ? await startFromCompiledRuntime(options.pythonExec, await options.runtime, load)
    : await load({});
  lap('runtime');
  if (py.version !== PYODIDE_VERSION) throw new Error(`Pyodide ${py.version} loaded, ${PYODIDE_VERSION} expected`);
  if (options.snapshot) py.runPython(AFTER_RESTORE);
  installPackage(py, packageFiles);
  lap('files');
  return py;
}

/**
 * A memory snapshot of `py` with pyspark imported, for {@link startInterpreter}'s
 * `snapshot`. `py` must have been started `snapshotable`, and nothing from
 * JavaScript may have reached it yet.
 */
export function takeSnapshot(py: Interpreter, phases?: StartPhases): Uint8Array {
  return snapshotWithPackage(py, stopwatch(phases));
}

/**
 * The snapshot the site ships for this build (scripts/python-snapshot.ts), from
 * `pythonExec`: rejects when the site has none for this build's key.
 *
 * @example
 * const py = await startInterpreter({ pythonExec, snapshot: fetchPrebuiltSnapshot(pythonExec) });
 */
export async function fetchPrebuiltSnapshot(pythonExec: string): Promise<Uint8Array> {
  const url = new URL(prebuiltSnapshotFile(SNAPSHOT_KEY), pythonExec);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`No Python snapshot at ${url.href} (${response.status})`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  // Gzipped as built; a server that decoded it on the way (Content-Encoding) has handed over the memory itself.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b)
    bytes = new Uint8Array(
      await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
    );
  // Pyodide's snapshot magic ("\0snp" as a little-endian word); anything else is not one (a page a server sent instead).
  if (bytes.byteLength < 64 || new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) !== 0x706e7300)
    throw new Error(`${url.href} is not a Python snapshot`);
  return bytes;
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
