/**
 * Keeps a production build of the runner page (runner.html and the engine it
 * loads) up to date for the headless runner.
 *
 * Only runner.html is built, into `dist-runner/<fingerprint>/`, not the whole
 * app into `dist/`: the runner then works while the playground is broken or
 * half-written, and never replaces a `dist/` that `vite preview` is serving.
 * A build is named by a fingerprint of its inputs, written to a temporary
 * folder and renamed into place, so concurrent runs never see half a build.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { InlineConfig, Logger, Plugin } from 'vite';

/** Inputs whose contents decide whether the build is stale. */
const INPUT_FOLDERS = ['engine'];
const INPUT_FILES = [
  'runner.html',
  'vite.config.ts',
  'scripts/vite-pyodide.ts',
  'scripts/python-snapshot.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];
/** The runner's Node side: never in the page's bundle, so editing it needs no rebuild. */
const NODE_ONLY = new Set([
  'engine/runner/cli.ts',
  'engine/runner/server.ts',
  'engine/runner/build.ts',
  'engine/runner/format-node.ts',
  'engine/runner/batch.ts',
]);
/** Where builds live, relative to the project root (git-ignored). */
export const BUILD_FOLDER = 'dist-runner';
/** Written last into a finished build; its presence means the build is complete. */
const STAMP = '.kindling-build.json';
/** A lock older than this belongs to a build that died. */
const STALE_LOCK_MS = 180_000;
/** Builds kept besides the current one, for runs still serving them. */
const KEEP_OLD_BUILDS = 3;

/**
 * Returns the folder of an up-to-date build of runner.html, building it first
 * when the engine, runner.html, the Vite config or the lockfile changed.
 * Prints nothing on success; on failure throws with Vite's output in the message.
 *
 * @example
 * const distDir = await ensureBuilt('/work/main'); // '/work/main/dist-runner/3f9c…'
 */
export async function ensureBuilt(root: string): Promise<string> {
  const fingerprint = await computeFingerprint(root);
  const buildsDir = join(root, BUILD_FOLDER);
  const target = join(buildsDir, fingerprint.hash);
  if (existsSync(join(target, STAMP))) return target;

  await mkdir(buildsDir, { recursive: true });
  const release = await acquireLock(join(buildsDir, `${fingerprint.hash}.lock`), () => existsSync(join(target, STAMP)));
  try {
    // Another run may have finished this very build while we waited for its lock.
    if (existsSync(join(target, STAMP))) return target;
    const temporary = join(buildsDir, `.building-${fingerprint.hash}-${process.pid}`);
    await rm(temporary, { recursive: true, force: true });
    try {
      await viteBuildPage(root, { entry: join(root, 'runner.html'), outDir: temporary });
      await writeFile(
        join(temporary, STAMP),
        JSON.stringify({ builtAt: new Date().toISOString(), inputs: fingerprint.inputs }, null, 1),
      );
      await rm(target, { recursive: true, force: true });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
    await pruneOldBuilds(buildsDir, fingerprint.hash);
    return target;
  } finally {
    await release();
  }
}

/**
 * A hash of the build's inputs: the path and contents of each file. It
 * changes whenever a file the build reads is edited, added or removed, and
 * not when a file is merely touched (a checkout, a formatter with nothing to do).
 * Hashing the engine's few hundred kilobytes takes milliseconds.
 */
export async function computeFingerprint(root: string): Promise<{ hash: string; inputs: string[] }> {
  const paths: string[] = [];
  const collect = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort()) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) await collect(join(path, entry));
      }
    } else if (!NODE_ONLY.has(relative(root, path).split(sep).join('/'))) {
      paths.push(path);
    }
  };
  for (const input of [...INPUT_FOLDERS, ...INPUT_FILES]) await collect(join(root, input));
  const contents = await Promise.all(paths.map((path) => readFile(path)));
  const total = createHash('sha256');
  const inputs = paths.map((path, i) => {
    const name = relative(root, path).split(sep).join('/');
    const digest = createHash('sha256').update(contents[i]).digest('hex').slice(0, 16);
    total.update(`${name}\0${digest}\n`);
    return `${name} ${digest}`;
  });
  return { hash: total.digest('hex').slice(0, 16), inputs };
}

/** What {@link viteBuildPage} builds and how. */
export interface PageBuildOptions {
  /** The page's HTML file, absolute. */
  entry: string;
  /** Where the build goes; emptied first. */
  outDir: string;
  /** Unminified, so that CPU profiles name functions. Otherwise production settings, as the product ships. */
  readable?: boolean;
  /** Plugins to run after the project's own. */
  plugins?: Plugin[];
}

/**
 * Runs `vite build` for one HTML page alone, with the project's own Vite
 * config (its plugins, its worker format) but not its inputs, and no public
 * folder. Quiet: Vite's log, and whatever a plugin prints straight to stdout,
 * are held back and shown only in the error when the build fails, because the
 * runner's stdout carries the program's output. Used for runner.html here and
 * for the benchmark pages (scripts/bench/build.ts).
 *
 * @example
 * await viteBuildPage('/work/main', { entry: '/work/main/runner.html', outDir: '/tmp/runner-build' });
 */
export async function viteBuildPage(root: string, options: PageBuildOptions): Promise<void> {
  const { entry, outDir, readable = false, plugins = [] } = options;
  const output: string[] = [];
  const record = (message: string): void => void output.push(message);
  const logger: Logger = {
    info: record,
    warn: record,
    warnOnce: record,
    error: record,
    clearScreen: () => {},
    hasErrorLogged: () => false,
    hasWarned: false,
  };
  const realWrite = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const vite = await import('vite');
    const configFile = join(root, 'vite.config.ts');
    const loaded = existsSync(configFile)
      ? await vite.loadConfigFromFile({ command: 'build', mode: 'production' }, configFile, root, 'silent', logger)
      : null;
    const base: InlineConfig = loaded?.config ?? {};
    await vite.build({
      ...base,
      configFile: false,
      root,
      logLevel: 'warn',
      customLogger: logger,
      publicDir: false,
      plugins: [...(base.plugins ?? []), ...plugins],
      build: {
        ...base.build,
        outDir,
        emptyOutDir: true,
        reportCompressedSize: false,
        ...(readable ? { minify: false } : {}),
        // Named after the page's file; never `main`, which vite.config.ts takes to mean the whole site's build.
        rollupOptions: { ...base.build?.rollupOptions, input: { [basename(entry, '.html')]: entry } },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Building ${relative(root, entry)} failed: ${message}\n${output.join('\n')}`, { cause: error });
  } finally {
    process.stdout.write = realWrite;
  }
}

/**
 * Takes an exclusive lock file, waiting while another live process holds it
 * or until `satisfied()` says there is nothing left to do; returns its release.
 */
async function acquireLock(path: string, satisfied: () => boolean): Promise<() => Promise<void>> {
  const release = () => rm(path, { force: true });
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (satisfied()) return async () => {};
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rm(path, { force: true });
    else await new Promise((wake) => setTimeout(wake, 150));
  }
}

/**
 * Removes all but the newest few finished builds (never `keep`), and what
 * builds killed midway left behind: temporary folders and locks.
 */
async function pruneOldBuilds(buildsDir: string, keep: string): Promise<void> {
  const entries = await Promise.all(
    (await readdir(buildsDir)).map(async (name) => ({
      name,
      time: (await stat(join(buildsDir, name)).catch(() => undefined))?.mtimeMs ?? 0,
    })),
  );
  const builds = entries
    .filter(({ name }) => /^[0-9a-f]{16}$/.test(name) && name !== keep)
    .sort((a, b) => b.time - a.time);
  const abandoned = entries.filter(
    ({ name, time }) => /^\.building-|\.lock$/.test(name) && Date.now() - time > STALE_LOCK_MS,
  );
  for (const { name } of [...builds.slice(KEEP_OLD_BUILDS), ...abandoned]) {
    await rm(join(buildsDir, name), { recursive: true, force: true });
  }
}
