/**
 * Regenerates `public/index.json`, the manifest of the files `sc.textFile` can
 * see in the playground: every file under `public/data/`, with its path
 * relative to the site root and its exact size in bytes. Hadoop-style input
 * splits are computed from these sizes, so they must be exact.
 *
 *     npx tsx scripts/make-manifest.ts
 *
 * `test/unit/manifest.test.ts` fails when the committed manifest is out of date.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One file the playground's file system serves. */
export interface ManifestEntry {
  /** Relative to the site root, `/`-separated, e.g. `data/books/the-river.txt`. */
  path: string;
  /** Size in bytes. */
  size: number;
}

/**
 * Lists every file under `publicDir/dataDir` (recursively, skipping dot files),
 * sorted by path so the manifest is stable.
 *
 * @example
 * buildManifest('public'); // [{ path: 'data/books/bread-and-patience.txt', size: 882 }, …]
 */
export function buildManifest(publicDir: string, dataDir = 'data'): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const walk = (relativeDir: string): void => {
    for (const name of readdirSync(join(publicDir, relativeDir))) {
      if (name.startsWith('.')) continue;
      const relativePath = `${relativeDir}/${name}`;
      const stats = statSync(join(publicDir, relativePath));
      if (stats.isDirectory()) walk(relativePath);
      else if (stats.isFile()) entries.push({ path: relativePath, size: stats.size });
    }
  };
  walk(dataDir);
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The manifest as written to disk: a JSON array, one entry per line, so a
 * changed file shows up as a one-line diff.
 *
 * @example
 * renderManifest([{ path: 'data/a.txt', size: 3 }]);
 * // '[\n  { "path": "data/a.txt", "size": 3 }\n]\n'
 */
export function renderManifest(entries: readonly ManifestEntry[]): string {
  if (entries.length === 0) return '[]\n';
  const lines = entries.map((entry) => `  { "path": ${JSON.stringify(entry.path)}, "size": ${entry.size} }`);
  return `[\n${lines.join(',\n')}\n]\n`;
}

/** The repository's `public/` folder. */
export const publicDirectory = resolve(fileURLToPath(new URL('../public', import.meta.url)));

function main(): void {
  const entries = buildManifest(publicDirectory);
  writeFileSync(join(publicDirectory, 'index.json'), renderManifest(entries));
  console.log(`public/index.json: ${entries.length} files`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
