/**
 * The file system a playground run sees: the learner's own files (IndexedDB)
 * laid over the site's shipped data (HTTP), so `sc.textFile("some_data*")`
 * and `sc.textFile("data/books/*.txt")` read alike, by plain names. Writes go
 * to the learner's files; a learner's file hides a shipped one of the same path.
 *
 * @module
 */
import { BrowserFileSystem } from './browser-files';
import { HttpFileSystem, type FileEntry, type FileSystem } from './file-system';
import { listFilesSync } from './sync-listing';
import { normalizePath } from './glob';

/** The part of a file-system URL that names the learner's file database: `#files=<database>`. */
const LEARNER_FILES_FRAGMENT = /^#files=([^&]+)$/;

/**
 * The URL a run gives its driver and executors for "shipped data at `siteUrl`,
 * with the learner's files from IndexedDB `database` on top". The fragment is
 * never sent to the server, so an {@link HttpFileSystem} over it reads the
 * site as it would without it.
 *
 * @example
 * layeredFsBase('https://example.org/kindling/', 'kindling-files'); // 'https://example.org/kindling/#files=kindling-files'
 */
export function layeredFsBase(siteUrl: string, database: string): string {
  const url = new URL(siteUrl);
  url.hash = `files=${encodeURIComponent(database)}`;
  return url.href;
}

/**
 * The file system an `fsBase` URL names: HTTP alone, or (with a `#files=`
 * fragment, see {@link layeredFsBase}) the learner's files over HTTP.
 */
export function openFileSystem(fsBase: string): FileSystem {
  const url = new URL(fsBase, globalThis.location?.href);
  const match = LEARNER_FILES_FRAGMENT.exec(url.hash);
  url.hash = '';
  const shipped = new HttpFileSystem(url.href);
  return match ? new LayeredFileSystem(new BrowserFileSystem(decodeURIComponent(match[1])), shipped) : shipped;
}

function mergeListings(upper: readonly FileEntry[], lower: readonly FileEntry[]): FileEntry[] {
  const byPath = new Map(lower.map((e) => [e.path, e]));
  for (const e of upper) byPath.set(e.path, e);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The learner's files (`upper`) over shipped ones (`lower`). `listSync` (what
 * `sc.textFile` needs, see sync-listing.ts) answers from a copy of the upper
 * listing taken by {@link refresh} and after every write, so files a job's
 * tasks wrote are listed once the driver writes the job's `_SUCCESS`.
 */
export class LayeredFileSystem implements FileSystem {
  #upperListing: FileEntry[] = [];
  /** Which layer holds each path read so far: tasks read a split in many chunks, and asking IndexedDB each time costs. */
  readonly #layerOf = new Map<string, 'upper' | 'lower'>();

  constructor(
    readonly upper: BrowserFileSystem,
    readonly lower: FileSystem,
  ) {}

  /** Re-reads the learner's file listing; call it before a program runs. */
  async refresh(): Promise<void> {
    this.#upperListing = await this.upper.list();
  }

  listSync(): FileEntry[] {
    return mergeListings(this.#upperListing, listFilesSync(this.lower));
  }

  async list(): Promise<FileEntry[]> {
    await this.refresh();
    return mergeListings(this.#upperListing, await this.lower.list());
  }

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    const wanted = normalizePath(path);
    let layer = this.#layerOf.get(wanted);
    if (!layer) {
      layer = (await this.upper.list()).some((e) => e.path === wanted) ? 'upper' : 'lower';
      this.#layerOf.set(wanted, layer);
    }
    return layer === 'upper' ? this.upper.read(wanted, start, end) : this.lower.read(wanted, start, end);
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    await this.upper.write(path, data);
    this.#layerOf.set(normalizePath(path), 'upper');
    await this.refresh();
  }

  /** Deletes the learner's files at `path` (the site's shipped files cannot be deleted). */
  async remove(path: string): Promise<void> {
    await this.upper.remove(path);
    this.#layerOf.clear();
    await this.refresh();
  }

  async exists(path: string): Promise<boolean> {
    const wanted = normalizePath(path);
    const all = await this.list();
    if (wanted === '') return all.length > 0;
    return all.some((e) => e.path === wanted || e.path.startsWith(`${wanted}/`));
  }
}
