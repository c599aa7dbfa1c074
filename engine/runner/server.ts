/**
 * The headless runner's HTTP server: the built runner page, and the program's
 * folder as the file system `sc.textFile` and `saveAsTextFile` see.
 *
 *   GET  /…              files of the production build
 *   GET  /fs/index.json  manifest of the program's folder: [{ "path": "data/a.txt", "size": 12 }]
 *   GET  /fs/<path>      a file of that folder, with HTTP Range support (or of the overlay, below)
 *   PUT  /fs/<path>      writes a file there (parent folders are created), unless read-only
 *   DELETE /fs/<path>    deletes a file or a folder with what it holds (a DataFrame written with mode
 *                        "overwrite" replaces its folder), unless read-only
 *
 * It listens on 127.0.0.1 only, on a port the OS picks.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface RunnerServerOptions {
  /** The production build to serve at `/`. */
  distDir: string;
  /** The folder served under `/fs/`: the program file's folder. */
  fsRoot: string;
  /** Most files listed in `/fs/index.json`; beyond it the manifest is cut short. */
  maxManifestFiles?: number;
  /**
   * Refuse every PUT: for programs that are not trusted (a class's submissions),
   * which may read the served folder and nothing else, and change nothing.
   */
  readOnly?: boolean;
  /** Files served under `/fs/` over `fsRoot`'s (a course's data, see {@link FsOverlay}). */
  overlay?: FsOverlay;
}

/**
 * Named files of another folder laid over the served one: a teacher's course
 * ships data files (listed in its course.json) that its lessons' programs read
 * beside the playground's own. Only the listed paths are served from `root`,
 * so nothing else of the course folder (its solutions) can be read.
 */
export interface FsOverlay {
  root: string;
  /** Paths inside `root`, `/`-separated, as programs name them. */
  paths: readonly string[];
}

export interface RunnerServer {
  /** e.g. `http://127.0.0.1:40123`, without a trailing slash. */
  url: string;
  /** Serves another folder (and overlay) under `/fs/` from now on (the batch runner's next program's folder). */
  setFsRoot(fsRoot: string, overlay?: FsOverlay): void;
  /** Whether programs may write under `/fs/` from now on (the batch runner's next program). */
  setReadOnly(readOnly: boolean): void;
  close(): Promise<void>;
}

/** One file of the `/fs/` manifest. */
export interface ManifestEntry {
  /** Relative to the served folder, with `/` separators. */
  path: string;
  size: number;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

const FS_PREFIX = '/fs/';

/** Thrown for requests that are the client's fault; carries the HTTP status. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the server and resolves once it is listening.
 *
 * @example
 * const server = await startServer({ distDir: 'dist-runner/abc', fsRoot: '/home/me/programs' });
 * await page.goto(`${server.url}/runner.html`);
 * await server.close();
 */
export async function startServer(options: RunnerServerOptions): Promise<RunnerServer> {
  const distDir = resolve(options.distDir);
  let fsRoot = resolve(options.fsRoot);
  const maxFiles = options.maxManifestFiles ?? 10_000;
  let readOnly = options.readOnly ?? false;
  let overlay = options.overlay;

  const server = createServer((request, response) => {
    handle(request, response, { distDir, fsRoot, maxFiles, readOnly, overlay }).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end(message);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFsRoot: (root, nextOverlay) => {
      fsRoot = resolve(root);
      overlay = nextOverlay;
    },
    setReadOnly: (next) => {
      readOnly = next;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Chromium keeps connections alive; without this, close waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

interface Roots {
  distDir: string;
  fsRoot: string;
  maxFiles: number;
  readOnly: boolean;
  overlay: FsOverlay | undefined;
}

async function handle(request: IncomingMessage, response: ServerResponse, roots: Roots): Promise<void> {
  // The raw path, not URL-normalised: `..` segments must reach `inside` to be refused.
  const pathname = (request.url ?? '/').split(/[?#]/, 1)[0];
  const method = request.method ?? 'GET';
  if (pathname.startsWith(FS_PREFIX)) {
    const relativePath = decodePath(pathname.slice(FS_PREFIX.length));
    if (method === 'PUT') {
      if (roots.readOnly) throw new HttpError(403, `this run may not write files: ${relativePath}`);
      return writeFile(request, response, inside(roots.fsRoot, relativePath));
    }
    if (method === 'DELETE') {
      if (roots.readOnly) throw new HttpError(403, `this run may not delete files: ${relativePath}`);
      const target = inside(roots.fsRoot, relativePath);
      if (target === roots.fsRoot) throw new HttpError(403, 'the program folder itself cannot be deleted');
      await rm(target, { recursive: true, force: true });
      response.writeHead(204);
      response.end();
      return;
    }
    assertReadMethod(method);
    if (relativePath === 'index.json') {
      const manifest = await listFiles(roots.fsRoot, roots.maxFiles);
      const files = roots.overlay ? await overlaid(manifest.files, roots.overlay) : manifest.files;
      return sendBody(response, method, 200, JSON.stringify(files), {
        'content-type': MIME_TYPES['.json'],
        'x-kindling-manifest-truncated': String(manifest.truncated),
      });
    }
    if (roots.overlay?.paths.includes(relativePath))
      return sendFile(request, response, inside(resolve(roots.overlay.root), relativePath));
    return sendFile(request, response, inside(roots.fsRoot, relativePath));
  }
  assertReadMethod(method);
  if (pathname === '/favicon.ico') {
    // Chromium asks for one on every page load; say "none" instead of logging a 404.
    response.writeHead(204, { 'cache-control': 'no-store' });
    response.end();
    return;
  }
  let relativePath = decodePath(pathname.slice(1));
  if (relativePath === '' || relativePath.endsWith('/')) relativePath += 'index.html';
  return sendFile(request, response, inside(roots.distDir, relativePath));
}

function assertReadMethod(method: string): void {
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} not allowed here`);
}

function decodePath(encoded: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new HttpError(400, `bad path encoding: ${encoded}`);
  }
  if (decoded.includes('\0')) throw new HttpError(400, 'NUL in path');
  return decoded;
}

/** `relativePath` resolved under `root`; refuses anything that would land outside it. */
function inside(root: string, relativePath: string): string {
  const target = resolve(root, relativePath);
  if (target !== root && !target.startsWith(root + sep)) {
    throw new HttpError(403, `path escapes the served folder: ${relativePath}`);
  }
  return target;
}

function sendBody(
  response: ServerResponse,
  method: string,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { ...headers, 'content-length': bytes.length, 'cache-control': 'no-store' });
  response.end(method === 'HEAD' ? undefined : bytes);
}

/** The server's file reads: 1 MiB at a time. */
const READ_BYTES = 1024 * 1024;

async function sendFile(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new HttpError(404, `not found: ${request.url}`);
  const size = info.size;
  const headers = {
    'content-type': MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
  };
  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    response.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
    response.end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const length = size === 0 ? 0 : end - start + 1;
  response.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': length,
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (request.method === 'HEAD' || length === 0) {
    response.end();
    return;
  }
  // Reads of 1 MiB rather than the stream's 64 KiB: a task's split is read in requests of megabytes, and each
  // read and socket write costs the server CPU on the cores the tasks compute on.
  await pipeline(createReadStream(path, { start, end, highWaterMark: READ_BYTES }), response);
}

/**
 * The byte range a `Range` header asks for, inclusive; undefined to send the
 * whole file (no header, or one this server ignores as RFC 9110 allows:
 * malformed or several ranges).
 *
 * @example
 * parseRange('bytes=10-', 100); // [10, 99]
 * parseRange('bytes=-5', 100);  // [95, 99]
 * parseRange('bytes=200-', 100); // 'unsatisfiable'
 */
export function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? Infinity : Number(match[2]);
  if (end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, Math.min(end, size - 1)];
}

async function writeFile(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const existed = await stat(path).then(
    (info) => {
      if (info.isDirectory()) throw new HttpError(409, `is a folder: ${request.url}`);
      return true;
    },
    () => false,
  );
  await mkdir(join(path, '..'), { recursive: true });
  // Write beside the target and rename, so a reader never sees half a file.
  const partial = `${path}.kindling-${process.pid}-${Math.random().toString(36).slice(2)}.partial`;
  try {
    await pipeline(request, createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  response.writeHead(existed ? 204 : 201, { 'cache-control': 'no-store' });
  response.end();
}

/** The manifest with the overlay's files in it (an overlay file hides one of the same path below it). */
async function overlaid(files: ManifestEntry[], overlay: FsOverlay): Promise<ManifestEntry[]> {
  const byPath = new Map(files.map((entry) => [entry.path, entry]));
  for (const path of overlay.paths) {
    const info = await stat(inside(resolve(overlay.root), path)).catch(() => undefined);
    if (info?.isFile()) byPath.set(path, { path, size: info.size });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Every file under `root`, sorted by path, skipping `node_modules` and
 * anything whose name starts with a dot; at most `maxFiles` of them.
 */
export async function listFiles(
  root: string,
  maxFiles: number,
): Promise<{ files: ManifestEntry[]; truncated: boolean }> {
  const files: ManifestEntry[] = [];
  let truncated = false;
  async function walk(folder: string): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= maxFiles) {
        truncated = true;
        return;
      }
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        // Symlinked files count; symlinked folders are not followed (they can loop).
        const info = await stat(path).catch(() => undefined);
        if (info?.isFile()) files.push({ path: relative(root, path).split(sep).join('/'), size: info.size });
      }
    }
  }
  await walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, truncated };
}
