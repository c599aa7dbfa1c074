/**
 * The Python snapshot the site ships: Pyodide's interpreter with Kindling's
 * `pyspark` imported (engine/python/interpreter-image.ts), gzipped, made once
 * per version of the package sources and kept in
 * `node_modules/.cache/kindling-python/` for later builds. A learner's first
 * Python program restores it instead of starting CPython from scratch, which
 * compiles its standard library and pyspark from source (seconds on one core).
 *
 * It is made in headless Chromium, not in Node: the interpreter records at
 * start-up whether the runtime can suspend WebAssembly (JSPI, which `run_sync`
 * needs), and a snapshot made where it cannot (Node 20) or only with the old
 * API fails every action in the browser. Where no Chromium is found the build
 * ships none, says so, and Python starts from scratch as before.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import {
  PATH_SETUP,
  PRELOADED_MODULES,
  PYTHON_ENV,
  packageWrites,
  prebuiltSnapshotFile,
  snapshotKey,
  type PackageFiles,
} from '../engine/python/interpreter-image';
import { chromiumArgs, findChromium } from './chromium';

/** The package's folders under engine/python, and whether their subfolders count (as python-interpreter.ts globs them). */
const PACKAGE_FOLDERS: [string, boolean][] = [
  ['pyspark', true],
  ['py4j', false],
  ['kindling', false],
];

/** The made-up origin the snapshot's page is served from (Playwright answers every request). */
const ORIGIN = 'http://python-snapshot.kindling.invalid/';

const CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

export interface PrebuiltSnapshot {
  /** Its file name in `pyodide-<version>/`. */
  file: string;
  /** The gzipped snapshot. */
  bytes: Uint8Array;
}

const made = new Map<string, Promise<PrebuiltSnapshot>>();

/**
 * The snapshot for the package sources under `root`/engine/python, from the cache or made now
 * (seconds: CPython starts from scratch in Chromium). Rejects when no Chromium is found.
 *
 * @example
 * const { file, bytes } = await prebuiltSnapshot('/work/main'); // 'pyspark-1a2b3c4d.snapshot', 6 MB
 */
export async function prebuiltSnapshot(root: string): Promise<PrebuiltSnapshot> {
  const files = await readPackage(join(root, 'engine', 'python'));
  const file = prebuiltSnapshotFile(snapshotKey(files));
  let snapshot = made.get(file);
  if (!snapshot) {
    snapshot = cachedOrMade(join(root, 'node_modules', '.cache', 'kindling-python'), file, files);
    made.set(file, snapshot);
    snapshot.catch(() => made.delete(file));
  }
  return snapshot;
}

async function cachedOrMade(cacheDir: string, file: string, files: PackageFiles): Promise<PrebuiltSnapshot> {
  const cached = join(cacheDir, file);
  if (existsSync(cached)) return { file, bytes: new Uint8Array(await readFile(cached)) };
  const bytes = await makeInChromium(files);
  await mkdir(cacheDir, { recursive: true });
  // Written aside and renamed: a build running alongside never reads half a file.
  const temporary = `${cached}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, cached);
  return { file, bytes };
}

/** Starts CPython in a Chromium page as the driver does, imports the package, and returns the gzipped snapshot. */
async function makeInChromium(files: PackageFiles): Promise<Uint8Array> {
  const executablePath = findChromium();
  const pyodideDir = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === '')
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>snapshot</title>' });
      if (name.includes('/') || !existsSync(join(pyodideDir, name))) return route.fulfill({ status: 404 });
      return route.fulfill({
        contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
        body: await readFile(join(pyodideDir, name)),
      });
    });
    await page.goto(ORIGIN);
    const base64 = await page.evaluate(
      async ({ origin, env, writes, pathSetup, modules }) => {
        const { loadPyodide } = (await import(`${origin}pyodide.mjs`)) as typeof import('pyodide');
        const py = await loadPyodide({ indexURL: origin, env, _makeSnapshot: true });
        for (const { folder, path, source } of writes) {
          py.FS.mkdirTree(folder);
          py.FS.writeFile(path, source);
        }
        py.runPython(pathSetup);
        for (const name of modules) py.pyimport(name).destroy();
        const memory = (py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
        const gzipped = new Blob([memory as Uint8Array<ArrayBuffer>])
          .stream()
          .pipeThrough(new CompressionStream('gzip'));
        const url = await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as string);
          reader.onerror = () => reject(reader.error);
          void new Response(gzipped).blob().then((blob) => reader.readAsDataURL(blob));
        });
        return url.slice(url.indexOf(',') + 1);
      },
      {
        origin: ORIGIN,
        env: PYTHON_ENV,
        writes: packageWrites(files),
        pathSetup: PATH_SETUP,
        modules: [...PRELOADED_MODULES],
      },
    );
    return new Uint8Array(Buffer.from(base64, 'base64'));
  } finally {
    await browser.close();
  }
}

/** engine/python's package sources, keyed as python-interpreter.ts's globs key them (`./pyspark/worker.py`). */
async function readPackage(pythonDir: string): Promise<PackageFiles> {
  const files: PackageFiles = {};
  const walk = async (dir: string, deep: boolean): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (deep) await walk(path, deep);
      } else if (entry.name.endsWith('.py')) {
        files[`./${relative(pythonDir, path).split(sep).join('/')}`] = await readFile(path, 'utf8');
      }
    }
  };
  for (const [folder, deep] of PACKAGE_FOLDERS) await walk(join(pythonDir, folder), deep);
  return files;
}
