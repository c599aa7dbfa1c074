/**
 * Log files on disk, for the command line and Node tests: each path given
 * (a file, or a folder walked to any depth) becomes {@link LogFile}s whose
 * paths keep the folder names from the given path on, so a rolled
 * `eventlog_v2_…` folder is recognised whether it is given or found inside.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { LogFile } from './layout';

/**
 * @example
 * const files = await logFilesFromPaths(['/var/spark-events']);
 * const { sources } = findLogSources(files);
 */
export async function logFilesFromPaths(paths: readonly string[]): Promise<LogFile[]> {
  const files: LogFile[] = [];
  for (const path of paths) {
    const root = dirname(path);
    await walk(path, root, files);
  }
  return files;
}

async function walk(path: string, root: string, out: LogFile[]): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const names = (await readdir(path)).sort();
    for (const name of names) await walk(join(path, name), root, out);
    return;
  }
  if (!info.isFile()) return;
  const relativePath = (relative(root, path) || basename(path)).split(sep).join('/');
  out.push({
    path: relativePath,
    size: info.size,
    stream: () => Readable.toWeb(createReadStream(path, { highWaterMark: 256 * 1024 })) as ReadableStream<Uint8Array>,
  });
}
