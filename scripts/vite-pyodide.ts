/**
 * Serves Pyodide's runtime (CPython compiled to WebAssembly and its standard
 * library, from the `pyodide` npm package) under `pyodide-<version>/` at the
 * site root: emitted into every build of this config (the site, the headless
 * runner's page, the benchmark pages) and served by the dev server and
 * Vitest's browser mode. Nothing loads it until a Python program runs.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { PYODIDE_FILES, PYODIDE_FOLDER } from '../engine/python/version';

const CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
};

/** The folder of the installed `pyodide` package. */
export function pyodidePackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

export function pyodideAssets(): Plugin {
  const packageDir = pyodidePackageDir();
  return {
    name: 'kindling:pyodide-assets',
    async generateBundle() {
      for (const file of PYODIDE_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: PYODIDE_FOLDER + file,
          source: await readFile(join(packageDir, file)),
        });
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split(/[?#]/, 1)[0];
        const at = path.lastIndexOf('/' + PYODIDE_FOLDER);
        const file = at === -1 ? '' : path.slice(at + PYODIDE_FOLDER.length + 1);
        if (!(PYODIDE_FILES as readonly string[]).includes(file)) return next();
        const full = join(packageDir, file);
        stat(full).then(
          (info) => {
            response.writeHead(200, {
              'content-type': CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream',
              'content-length': info.size,
            });
            createReadStream(full).pipe(response);
          },
          () => next(),
        );
      });
    },
  };
}
