/**
 * What a Kindling Python interpreter holds besides CPython: the `pyspark`
 * package's files, the modules imported before a memory snapshot is taken,
 * and the key that names such a snapshot. Shared by the browser
 * (python-interpreter.ts) and the build, which makes the snapshot the site
 * ships (scripts/python-snapshot.ts, in Chromium), so that both name and fill
 * it alike. Nothing here imports Pyodide or Vite: Node loads this file as it is.
 */
import type { PyodideAPI } from 'pyodide';
import { PYODIDE_VERSION } from './version';

/** Where the pyspark package lives in the interpreter's file system: as in a Spark install. */
export const SPARK_PYTHON_HOME = '/opt/spark/python';

/** Imported before a snapshot is taken, so interpreters restored from it have them ready. */
export const PRELOADED_MODULES = [
  'pyspark',
  'pyspark.sql',
  'pyspark.sql.functions',
  'pyspark.worker',
  'kindling.program',
] as const;

/**
 * The environment every interpreter starts with. Hashes of str and bytes must agree between
 * interpreters: portable_hash places keys with them.
 */
export const PYTHON_ENV = { PYTHONHASHSEED: '0' };

/** The package's Python sources by path relative to engine/python, e.g. `./pyspark/worker.py`. */
export type PackageFiles = Record<string, string>;

/**
 * Names a build's Python: Pyodide's version and the package sources. A
 * snapshot made with another key holds other code and must not be used.
 *
 * @example
 * snapshotKey({ './pyspark/__init__.py': '…' }); // '314.0.8:1a2b3c4d'
 */
export function snapshotKey(files: PackageFiles): string {
  const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${PYODIDE_VERSION}:${digest(entries.flat().join('\0'))}`;
}

/**
 * The file, in the folder that serves Pyodide (`pyodide-<version>/`), of the
 * snapshot the build made for `key`: a gzip of the interpreter's memory.
 *
 * @example
 * prebuiltSnapshotFile('314.0.8:1a2b3c4d'); // 'pyspark-1a2b3c4d.snapshot'
 */
export function prebuiltSnapshotFile(key: string): string {
  return `pyspark-${key.slice(key.indexOf(':') + 1)}.snapshot`;
}

/** Each file of `files` as written into an interpreter's file system: its folder, path and source. */
export function packageWrites(files: PackageFiles): { folder: string; path: string; source: string }[] {
  return Object.entries(files).map(([file, source]) => {
    const path = `${SPARK_PYTHON_HOME}/${file.slice(2)}`;
    return { folder: path.slice(0, path.lastIndexOf('/')), path, source };
  });
}

/** Puts the package on `sys.path`, once. */
export const PATH_SETUP = `import sys\nif ${JSON.stringify(SPARK_PYTHON_HOME)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SPARK_PYTHON_HOME)})`;

/** Writes the package's files into `py`'s file system and puts them on `sys.path`. */
export function installPackage(py: PyodideAPI, files: PackageFiles): void {
  // Files live outside the interpreter's memory, so a restored interpreter needs them written again.
  for (const { folder, path, source } of packageWrites(files)) {
    py.FS.mkdirTree(folder);
    py.FS.writeFile(path, source);
  }
  py.runPython(PATH_SETUP);
}

/**
 * Imports {@link PRELOADED_MODULES} and returns `py`'s memory snapshot. `py` must have been
 * loaded with `_makeSnapshot`, and nothing from JavaScript may have reached it yet.
 * `lap` is called after each step with its name.
 */
export function snapshotWithPackage(py: PyodideAPI, lap: (step: string) => void = () => {}): Uint8Array {
  for (const name of PRELOADED_MODULES) {
    py.pyimport(name).destroy();
    lap(`import ${name}`);
  }
  const snapshot = (py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
  lap('snapshot');
  return snapshot;
}

/**
 * What an interpreter restored from a snapshot does first, as CPython does in a child after
 * `fork()` (random's `register_at_fork`): `random` is seeded afresh, so no two interpreters
 * restored from one snapshot draw the same numbers; and the time zone is read again, as the
 * snapshot may come from another machine (the site's build).
 */
export const AFTER_RESTORE =
  "import random as _r, time as _t\n_r.seed()\ngetattr(_t, 'tzset', lambda: None)()\ndel _r, _t";

/** A 32-bit FNV-1a digest, in hex: enough to tell two builds' package sources apart. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
