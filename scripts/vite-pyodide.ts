/**
 * Serves Pyodide's runtime (CPython compiled to WebAssembly and its standard
 * library, from the `pyodide` npm package) under `pyodide-<version>/` at the
 * site root: emitted into every build of this config (the site, the headless
 * runner's page, the benchmark pages) and served by the dev server and
 * Vitest's browser mode, with the snapshot of an interpreter that has
 * imported pyspark (scripts/python-snapshot.ts). Nothing loads them until a
 * Python program runs.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { prebuiltSnapshot } from './python-snapshot';
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
  let root = process.cwd();
  return {
    name: 'kindling:pyodide-assets',
    configResolved(config) {
      root = config.root;
    },
    async generateBundle() {
      for (const file of PYODIDE_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: PYODIDE_FOLDER + file,
          source: await readFile(join(packageDir, file)),
        });
      }
      try {
        const snapshot = await prebuiltSnapshot(root);
        this.emitFile({ type: 'asset', fileName: PYODIDE_FOLDER + snapshot.file, source: snapshot.bytes });
      } catch (error) {
        // The site still runs Python, starting CPython from scratch on a page's first Python program.
        this.warn(`No Python snapshot shipped: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = (request.url ?? '').split(/[?#]/, 1)[0];
        const at = path.lastIndexOf('/' + PYODIDE_FOLDER);
        const file = at === -1 ? '' : path.slice(at + PYODIDE_FOLDER.length + 1);
        if (/^pyspark-[0-9a-f]+\.snapshot$/.test(file)) {
          // Made on the first request after the package sources change, from the files as they are now.
          prebuiltSnapshot(root).then(
            (snapshot) => {
              if (snapshot.file !== file) {
                response.writeHead(404).end();
                return;
              }
              response.writeHead(200, {
                'content-type': 'application/octet-stream',
                'content-length': snapshot.bytes.byteLength,
              });
              response.end(snapshot.bytes);
            },
            () => response.writeHead(404).end(),
          );
          return;
        }
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
