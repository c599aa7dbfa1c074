/**
 * Production builds of the benchmark pages, made with Vite's JavaScript API
 * and the project's own Vite config (its plugins, its worker format), but
 * with inputs of their own and an output folder under the system's temp
 * folder: the main build (vite.config.ts's inputs, `dist/`) is never touched.
 *
 * Three pages, built separately so that a half-written playground cannot stop
 * the engine's figures from being measured:
 *   - `bench`: scripts/bench/bench.html, the engine figures and their baselines;
 *   - `views`: scripts/bench/views.html, the timeline view replaying a run;
 *   - `playground`: the real playground (index.html), for the UI-thread figure.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { viteBuildPage } from '../../engine/runner/build';

export type PageName = 'bench' | 'views' | 'playground';

/** Each page's HTML entry, relative to the project root. */
export const PAGE_ENTRIES: Record<PageName, string> = {
  bench: 'scripts/bench/bench.html',
  views: 'scripts/bench/views.html',
  playground: 'index.html',
};

/** What a page's build reads, relative to the project root; a change to any of it means a rebuild. */
const INPUTS: Record<PageName, string[]> = {
  bench: ['engine', 'scripts/bench', 'vite.config.ts', 'package-lock.json'],
  views: ['engine', 'playground', 'scripts/bench', 'vite.config.ts', 'package-lock.json'],
  playground: ['engine', 'playground', 'lessons', 'index.html', 'vite.config.ts', 'package-lock.json'],
};

/** Where builds are kept between runs. */
export const BUILD_ROOT = join(tmpdir(), 'kindling-bench', 'builds');

/** A finished build, or why it could not be made. */
export type BuildResult = { ok: true; distDir: string; cached: boolean; ms: number } | { ok: false; error: string };

/**
 * Returns a production build of one page, building it first when its inputs
 * changed since the last build. Never throws: a failed build is reported, so
 * the figures that need other pages still run.
 *
 * `readable` builds without minifying, for CPU profiles that name functions.
 *
 * @example
 * const built = await buildPage('/work/main', 'bench');
 * if (built.ok) await page.goto(`${server.url}/scripts/bench/bench.html`);
 */
export async function buildPage(
  root: string,
  name: PageName,
  options: { readable?: boolean } = {},
): Promise<BuildResult> {
  const started = performance.now();
  try {
    const hash = await fingerprint(root, INPUTS[name]);
    const distDir = join(BUILD_ROOT, `${name}-${hash}${options.readable ? '-readable' : ''}`);
    if (existsSync(join(distDir, '.done'))) return { ok: true, distDir, cached: true, ms: performance.now() - started };
    await mkdir(BUILD_ROOT, { recursive: true });
    const partial = `${distDir}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await viteBuildPage(root, {
      entry: join(root, PAGE_ENTRIES[name]),
      outDir: partial,
      readable: options.readable,
      plugins: [noServiceWorker()],
    });
    await writeFile(join(partial, '.done'), new Date().toISOString());
    await rm(distDir, { recursive: true, force: true });
    await rename(partial, distDir);
    await pruneOldBuilds(name, distDir);
    return { ok: true, distDir, cached: false, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A short hash of the paths and contents of every file under `inputs`. */
async function fingerprint(root: string, inputs: string[]): Promise<string> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort())
        if (entry !== 'node_modules' && !entry.startsWith('.')) await walk(join(path, entry));
    } else files.push(path);
  };
  for (const input of inputs) await walk(join(root, input));
  const total = createHash('sha256');
  for (const file of files) {
    total.update(relative(root, file).split(sep).join('/'));
    total.update('\0');
    total.update(await readFile(file));
  }
  return total.digest('hex').slice(0, 16);
}

/**
 * The project's config applies its service-worker plugin (and with it the
 * `virtual:pwa-register` module the playground imports) only to the site's
 * own build, whose inputs it recognises. A benchmark build is not the site:
 * it gets a registration that registers nothing, and the UI thread is
 * measured without a service worker installing alongside.
 */
function noServiceWorker(): Plugin {
  const id = 'virtual:pwa-register';
  return {
    name: 'kindling-bench:no-service-worker',
    enforce: 'pre',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) =>
      resolved === `\0${id}` ? 'export function registerSW() { return async () => {}; }' : undefined,
  };
}

/** Keeps the newest two builds of a page besides `keep`, for a run still serving one. */
async function pruneOldBuilds(name: PageName, keep: string): Promise<void> {
  const entries = await readdir(BUILD_ROOT);
  const builds = await Promise.all(
    entries
      .filter((entry) => entry.startsWith(`${name}-`) && join(BUILD_ROOT, entry) !== keep)
      .map(async (entry) => ({ entry, time: (await stat(join(BUILD_ROOT, entry))).mtimeMs })),
  );
  builds.sort((a, b) => b.time - a.time);
  for (const { entry } of builds.slice(2)) await rm(join(BUILD_ROOT, entry), { recursive: true, force: true });
}
