/**
 * The bundled Pyodide's version, which names the folder its runtime is served
 * from (`pyodide-<version>/` at the site root): a new version gets a new URL,
 * so a cached runtime of another version is never mixed with this loader.
 * A unit test checks it against node_modules/pyodide/package.json.
 */
export const PYODIDE_VERSION = '314.0.8';

/** The folder, relative to the site root, that holds Pyodide's runtime files. */
export const PYODIDE_FOLDER = `pyodide-${PYODIDE_VERSION}/`;

/** The runtime files served from that folder (the loader itself is bundled with the engine). */
export const PYODIDE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;
