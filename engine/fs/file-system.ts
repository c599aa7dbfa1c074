/**
 * The file systems behind `sc.textFile` and `rdd.saveAsTextFile`, and the
 * Hadoop rules for turning an input path into a list of files.
 *
 * @module
 */

import { globToRegExp, hasWildcard, normalizePath, splitPathList, unescapeGlob } from './glob';
import { editDistance } from '../util/edit-distance';

/** One file: its path relative to the file system's root ('/'-separated, no leading '/') and its size in bytes. */
export interface FileEntry {
  path: string;
  size: number;
}

/**
 * What the engine needs from storage: a flat listing of files (folders are
 * implied by paths), ranged reads, and whole-file writes.
 */
export interface FileSystem {
  /** Every file, sorted by path. */
  list(): Promise<FileEntry[]>;
  /** The bytes `[start, min(end, size))` of a file; empty when `start >= end`. */
  read(path: string, start: number, end: number): Promise<Uint8Array>;
  /** Creates or replaces a file. */
  write(path: string, data: Uint8Array): Promise<void>;
  /** Whether `path` is a file, or a folder holding files. */
  exists(path: string): Promise<boolean>;
  /** Deletes a file, or every file under a folder path (a DataFrame written with mode "overwrite"); optional. */
  remove?(path: string): Promise<void>;
}

/**
 * Hadoop's `InvalidInputException`: one or more input paths matched nothing.
 * The message joins every problem with a newline, as Hadoop's does, so its
 * first line is either `Input path does not exist: <path>` (a plain path) or
 * `Input Pattern <glob> matches 0 files` (a glob).
 */
export class InvalidInputException extends Error {
  override readonly name = 'InvalidInputException';
  /**
   * @param problems Hadoop's lines, one per path.
   * @param existing a last line naming the files that do exist (see {@link nearestFiles}).
   */
  constructor(
    readonly problems: readonly string[],
    readonly existing?: string,
  ) {
    super([...problems, ...(existing ? [existing] : [])].join('\n'));
  }
}

/**
 * Hadoop's `org.apache.hadoop.mapred.FileAlreadyExistsException`, which
 * `FileOutputFormat.checkOutputSpecs` throws when `saveAsTextFile`'s output
 * folder exists ("Output directory … already exists"): Spark never overwrites.
 */
export class FileAlreadyExistsException extends Error {
  override readonly name = 'FileAlreadyExistsException';
}

/** At most this many existing files are named when a path matches nothing. */
const SUGGESTIONS = 8;

/**
 * The files that exist, nearest to what was asked for first (by edit distance
 * of the path, with the glob's wildcards taken out), for a message a learner
 * can act on. Hidden files (`_SUCCESS`) are left out, as input never has them.
 *
 * @example
 * nearestFiles([{ path: 'some_data1.txt', size: 3 }, { path: 'data/books/a.txt', size: 9 }], 'some-data*');
 * // ['some_data1.txt', 'data/books/a.txt']
 */
export function nearestFiles(entries: readonly FileEntry[], asked: string, limit = SUGGESTIONS): string[] {
  const wanted = normalizePath(asked).replace(/[*?[\]{}]/g, '');
  return entries
    .filter((e) => !e.path.split('/').some((part) => part.startsWith('_') || part.startsWith('.')))
    .map((e) => ({
      path: e.path,
      distance: Math.min(editDistance(wanted, e.path), editDistance(wanted, e.path.slice(e.path.lastIndexOf('/') + 1))),
    }))
    .sort((a, b) => a.distance - b.distance || (a.path < b.path ? -1 : 1))
    .slice(0, limit)
    .map((e) => e.path);
}

/** Hadoop's `hiddenFileFilter`: names starting with `_` or `.` (such as `_SUCCESS`) are not input. */
function isHidden(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.startsWith('_') || name.startsWith('.');
}

function byPath(a: FileEntry, b: FileEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The folders implied by a flat file list, each with its direct children. */
interface FolderTree {
  files: Map<string, FileEntry>;
  folders: Map<string, { files: FileEntry[]; subfolders: Set<string> }>;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function buildTree(entries: readonly FileEntry[]): FolderTree {
  const files = new Map<string, FileEntry>();
  const folders = new Map<string, { files: FileEntry[]; subfolders: Set<string> }>();
  const folder = (path: string) => {
    let found = folders.get(path);
    if (!found) {
      found = { files: [], subfolders: new Set() };
      folders.set(path, found);
    }
    return found;
  };
  folder('');
  for (const entry of entries) {
    files.set(entry.path, entry);
    folder(parentOf(entry.path)).files.push(entry);
    for (let path = parentOf(entry.path); path !== ''; path = parentOf(path)) {
      const parent = folder(parentOf(path));
      if (parent.subfolders.has(path)) break; // its ancestors are registered already
      parent.subfolders.add(path);
    }
  }
  return { files, folders };
}

/** One resolved input: a file, or a folder Hadoop would refuse to read ("Not a file"). */
type Resolved = { kind: 'file'; entry: FileEntry } | { kind: 'folder'; path: string };

function pathOf(resolved: Resolved): string {
  return resolved.kind === 'file' ? resolved.entry.path : resolved.path;
}

function byResolvedPath(a: Resolved, b: Resolved): number {
  return pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0;
}

/**
 * What Hadoop's `FileInputFormat.listStatus` does with one folder: its direct,
 * non-hidden children. Sub-folders are not read recursively
 * (`mapreduce.input.fileinputformat.input.dir.recursive` defaults to false);
 * they are kept so the caller can fail the way `getSplits` does.
 */
function folderChildren(tree: FolderTree, path: string): Resolved[] {
  const folder = tree.folders.get(path);
  if (!folder) return [];
  const children: Resolved[] = [
    ...folder.files.map((entry): Resolved => ({ kind: 'file', entry })),
    ...[...folder.subfolders].map((sub): Resolved => ({ kind: 'folder', path: sub })),
  ];
  return children.filter((r) => !isHidden(pathOf(r))).sort(byResolvedPath);
}

/** Resolves one path of a comma-separated list; returns the problem text when nothing matches. */
function resolveOne(tree: FolderTree, raw: string): Resolved[] | string {
  const glob = normalizePath(raw.trim());
  if (!hasWildcard(glob)) {
    const path = unescapeGlob(glob);
    // Hadoop applies the hidden-file filter to the glob result too, and an
    // explicit path filtered away reads as "does not exist".
    if (path !== '' && isHidden(path)) return `Input path does not exist: ${path}`;
    const file = tree.files.get(path);
    if (file) return [{ kind: 'file', entry: file }];
    if (tree.folders.has(path)) return folderChildren(tree, path);
    return `Input path does not exist: ${path}`;
  }
  const pattern = globToRegExp(glob);
  const matches: Resolved[] = [];
  for (const entry of tree.files.values()) {
    if (pattern.test(entry.path) && !isHidden(entry.path)) matches.push({ kind: 'file', entry });
  }
  // '**' asks for files at any depth, so only a single-level glob expands the
  // folders it matches, as Hadoop's does.
  if (!glob.includes('**')) {
    for (const path of tree.folders.keys()) {
      if (path !== '' && pattern.test(path) && !isHidden(path)) matches.push({ kind: 'folder', path });
    }
  }
  if (matches.length === 0) return `Input Pattern ${glob} matches 0 files`;
  matches.sort(byResolvedPath);
  return matches.flatMap((match) => (match.kind === 'file' ? [match] : folderChildren(tree, match.path)));
}

/**
 * Turns the path given to `sc.textFile` into the files to read, as Hadoop's
 * `FileInputFormat.listStatus` does:
 *
 * - the argument may list several paths separated by commas (outside `{…}`);
 *   their files come in that order, each path's files sorted by path, and a
 *   file named twice is read twice;
 * - a glob (see `glob.ts`) matches files and folders; a plain path names a
 *   file or a folder;
 * - a matched folder contributes its direct children; names starting with
 *   `_` or `.` are skipped (so `_SUCCESS` is not input);
 * - a folder inside a matched folder is an error, `Not a file: <path>`, as
 *   in Spark (Hadoop does not recurse by default).
 *
 * `**` globs are Kindling's addition: they match files at any depth and never
 * expand folders.
 *
 * @throws InvalidInputException when a path matches nothing, with Hadoop's
 *   wording (`Input path does not exist: data/x.txt`, or
 *   `Input Pattern data/*.csv matches 0 files` for a glob).
 * @throws Error `Not a file: <folder>` for a sub-folder, as Hadoop's `getSplits`.
 * @example
 * const fs = new MemoryFileSystem({ 'data/b.txt': 'b', 'data/a.txt': 'a', 'data/_SUCCESS': '' });
 * await resolveGlob(fs, 'data/*.txt'); // [{ path: 'data/a.txt', size: 1 }, { path: 'data/b.txt', size: 1 }]
 * await resolveGlob(fs, 'data');       // the same two files; _SUCCESS is hidden
 */
export async function resolveGlob(fs: FileSystem, glob: string): Promise<FileEntry[]> {
  return resolveGlobIn(await fs.list(), glob);
}

/**
 * {@link resolveGlob} over a listing already in hand, synchronously — for
 * `sc.textFile`, which must know its partitions the moment it returns.
 *
 * @example
 * resolveGlobIn([{ path: 'data/a.txt', size: 3 }], 'data'); // [{ path: 'data/a.txt', size: 3 }]
 */
export function resolveGlobIn(entries: readonly FileEntry[], glob: string): FileEntry[] {
  const tree = buildTree(entries);
  const problems: string[] = [];
  const resolved: Resolved[] = [];
  for (const path of splitPathList(glob)) {
    const result = resolveOne(tree, path);
    if (typeof result === 'string') problems.push(result);
    else resolved.push(...result);
  }
  if (problems.length > 0) {
    const nearest = nearestFiles(entries, splitPathList(glob)[0] ?? glob, Infinity);
    const existing = nearest.slice(0, SUGGESTIONS);
    const more = nearest.length > existing.length ? `, … (${nearest.length} in all)` : '';
    // Hadoop stops at its own lines; a learner also needs to know what is there to read.
    const hint =
      existing.length === 0
        ? 'No files exist yet.'
        : `Files that exist, nearest names first: ${existing.join(', ')}${more}`;
    throw new InvalidInputException(problems, hint);
  }
  return resolved.map((r) => {
    if (r.kind === 'folder') throw new Error(`Not a file: ${r.path}`);
    return r.entry;
  });
}

function existsIn(entries: readonly FileEntry[], path: string): boolean {
  const wanted = normalizePath(path);
  if (wanted === '') return entries.length > 0;
  return entries.some((e) => e.path === wanted || e.path.startsWith(`${wanted}/`));
}

function checkedWritePath(path: string): string {
  const normalized = normalizePath(path);
  if (normalized === '') throw new Error(`Cannot write a file at "${path}": the path names the root folder`);
  return normalized;
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
}

/**
 * A file system held in memory, for tests, the playground and anything that
 * needs no server.
 *
 * @example
 * const fs = new MemoryFileSystem({ 'data/a.txt': 'hello\nworld\n' });
 * await fs.read('data/a.txt', 0, 5); // the bytes of "hello"
 */
export class MemoryFileSystem implements FileSystem {
  readonly #files = new Map<string, Uint8Array>();

  /** @param files initial contents by path; strings are stored as UTF-8. */
  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.#files.set(checkedWritePath(path), toBytes(content));
  }

  async list(): Promise<FileEntry[]> {
    return this.listSync();
  }

  /** {@link list}, synchronously: memory needs no waiting. */
  listSync(): FileEntry[] {
    return [...this.#files].map(([path, data]) => ({ path, size: data.byteLength })).sort(byPath);
  }

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    const data = this.#files.get(normalizePath(path));
    if (!data) throw new Error(`File does not exist: ${path}`);
    const from = Math.max(0, start);
    return from >= end ? new Uint8Array(0) : data.slice(from, Math.min(end, data.byteLength));
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    this.#files.set(checkedWritePath(path), data.slice());
  }

  async exists(path: string): Promise<boolean> {
    return existsIn(await this.list(), path);
  }

  async remove(path: string): Promise<void> {
    const wanted = normalizePath(path);
    for (const p of [...this.#files.keys()]) if (p === wanted || p.startsWith(`${wanted}/`)) this.#files.delete(p);
  }
}

/** Options for {@link HttpFileSystem}. */
export interface HttpFileSystemOptions {
  /** The fetch to use; defaults to the global one. Tests pass a stub to see requests. */
  fetch?: typeof fetch;
}

/** Parses the start of `Content-Range: bytes 10-19/100`. */
function rangeStartOf(response: Response): number | undefined {
  const match = /^\s*bytes\s+(\d+)-\d+\//iu.exec(response.headers.get('Content-Range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function isFileIndex(value: unknown): value is FileEntry[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e: unknown) =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as FileEntry).path === 'string' &&
        Number.isSafeInteger((e as FileEntry).size) &&
        (e as FileEntry).size >= 0,
    )
  );
}

/**
 * Files served over HTTP from a folder URL. The folder's `index.json` lists
 * the files (a JSON array of `{ path, size }`), because HTTP has no directory
 * listing. Reads are `Range` requests, so a task fetches only its split;
 * a server that ignores `Range` and sends the whole file (200) works too.
 * An HTML page sent for a non-HTML path is refused rather than read as the
 * file, since dev servers (Vite's among them) answer missing paths with
 * their index.html. `write` PUTs the bytes and `remove` DELETEs, for servers that accept that.
 * Uses only `fetch` and `URL`, so it runs in Web Workers.
 *
 * @example
 * const fs = new HttpFileSystem(new URL('datasets/', location.href).href);
 * const files = await resolveGlob(fs, 'books/*.txt');
 */
export class HttpFileSystem implements FileSystem {
  /** The folder URL, always ending with '/'. */
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;
  #index: Promise<FileEntry[]> | undefined;
  /** Sizes of files this instance wrote, laid over the fetched index. */
  readonly #written = new Map<string, number>();
  /** The last file a server sent whole, so reading it chunk by chunk downloads it once. */
  #wholeFile: { path: string; bytes: Promise<Uint8Array> } | undefined;

  /**
   * @param baseUrl the folder's URL; a relative URL resolves against the
   *   page's (or worker's) location. A missing final '/' is added.
   */
  constructor(baseUrl: string | URL, options: HttpFileSystemOptions = {}) {
    const url = new URL(String(baseUrl), globalThis.location?.href);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    this.baseUrl = url.href;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The URL of a file, each path segment percent-encoded. */
  urlOf(path: string): string {
    return new URL(normalizePath(path).split('/').map(encodeURIComponent).join('/'), this.baseUrl).href;
  }

  async list(): Promise<FileEntry[]> {
    this.#index ??= this.#fetchIndex();
    let index: FileEntry[];
    try {
      index = await this.#index;
    } catch (error) {
      this.#index = undefined; // a failed listing is retried next time, not cached
      throw error;
    }
    const sizes = new Map(index.map((e) => [e.path, e.size]));
    for (const [path, size] of this.#written) sizes.set(path, size);
    return [...sizes].map(([path, size]) => ({ path, size })).sort(byPath);
  }

  /** Drops the fetched index, so the next listing asks the server again (files others wrote since). */
  forgetIndex(): void {
    this.#index = undefined;
  }

  async #fetchIndex(): Promise<FileEntry[]> {
    const url = new URL('index.json', this.baseUrl).href;
    const response = await this.#fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`Cannot list ${this.baseUrl}: GET ${url} answered ${describe(response)}`);
    if (isFallbackPage(url, response)) throw new Error(`Cannot list ${this.baseUrl}: for ${url} ${FALLBACK_HINT}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new Error(`Cannot list ${this.baseUrl}: ${url} is not JSON`, { cause: error });
    }
    if (!isFileIndex(body)) {
      throw new Error(`Cannot list ${this.baseUrl}: ${url} must be a JSON array of { "path": string, "size": number }`);
    }
    return body.map((e) => ({ path: normalizePath(e.path), size: e.size }));
  }

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    const from = Math.max(0, start);
    if (from >= end) return new Uint8Array(0);
    const cached = this.#wholeFile;
    if (cached && cached.path === normalizePath(path)) return (await cached.bytes).slice(from, end);

    const url = this.urlOf(path);
    const response = await this.#fetch(url, { headers: { Range: `bytes=${from}-${end - 1}` } });
    if (response.status === 206) {
      const body = new Uint8Array(await response.arrayBuffer());
      const rangeStart = rangeStartOf(response) ?? from;
      if (rangeStart > from)
        throw new Error(`Cannot read ${url}: asked for bytes from ${from}, got bytes from ${rangeStart}`);
      // The body is this call's own: a view of it, not a copy (the usual answer is exactly the range asked).
      return body.subarray(from - rangeStart, end - rangeStart);
    }
    if (response.status === 200) {
      if (isFallbackPage(url, response)) throw new Error(`Cannot read ${url}: ${FALLBACK_HINT}`);
      // The server ignored Range and sent the whole file.
      const bytes = response.arrayBuffer().then((buffer) => new Uint8Array(buffer));
      this.#wholeFile = { path: normalizePath(path), bytes };
      bytes.catch(() => {
        if (this.#wholeFile?.bytes === bytes) this.#wholeFile = undefined; // retry next time
      });
      return (await bytes).slice(from, end);
    }
    // 416: the range starts at or past the end of the file.
    if (response.status === 416) return new Uint8Array(0);
    throw new Error(`Cannot read ${url}: GET answered ${describe(response)}`);
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    const normalized = checkedWritePath(path);
    const url = this.urlOf(normalized);
    const response = await this.#fetch(url, {
      method: 'PUT',
      // A copy gives fetch a plain ArrayBuffer-backed view it can send as is.
      body: data.slice(),
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    if (!response.ok) throw new Error(`Cannot write ${url}: PUT answered ${describe(response)}`);
    this.#written.set(normalized, data.byteLength);
    if (this.#wholeFile?.path === normalized) this.#wholeFile = undefined;
  }

  async exists(path: string): Promise<boolean> {
    return existsIn(await this.list(), path);
  }

  async remove(path: string): Promise<void> {
    const normalized = checkedWritePath(path);
    const url = this.urlOf(normalized);
    const response = await this.#fetch(url, { method: 'DELETE' });
    if (!response.ok) throw new Error(`Cannot delete ${url}: DELETE answered ${describe(response)}`);
    for (const written of [...this.#written.keys()])
      if (written === normalized || written.startsWith(`${normalized}/`)) this.#written.delete(written);
    if (this.#wholeFile?.path.startsWith(normalized)) this.#wholeFile = undefined;
    // The server's listing changed: ask again.
    this.#index = undefined;
  }
}

const FALLBACK_HINT =
  'the server answered with an HTML page instead (is the file missing? dev servers answer unknown paths with index.html)';

/**
 * Whether a 200 answer is a single-page app's fallback page rather than the
 * file: Vite's dev server, for one, answers a missing path with index.html.
 */
function isFallbackPage(url: string, response: Response): boolean {
  const type = response.headers.get('Content-Type') ?? '';
  return /^\s*text\/html/iu.test(type) && !/\.html?$/iu.test(new URL(url).pathname);
}

function describe(response: Response): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}
