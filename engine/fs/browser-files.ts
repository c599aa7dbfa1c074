/**
 * A learner's own files, kept in the browser's IndexedDB so they outlive a
 * reload: what they upload, drop or paste in the playground, and what
 * `saveAsTextFile` writes. The page, the driver worker and every executor
 * worker open the same database (one origin), so a file added in the page is
 * read by tasks, and a task's output shows up in the page.
 *
 * File contents are stored as Blobs: the browser keeps them on disk and a
 * ranged read (`blob.slice(start, end)`) touches only the split a task reads,
 * so a file can be as large as the site's storage quota allows.
 *
 * @module
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { normalizePath } from './glob';
import type { FileEntry, FileSystem } from './file-system';

/** The database the playground keeps a learner's files in. */
export const LEARNER_FILES_DB = 'kindling-files';

/** What the listing keeps about a file, apart from its bytes. */
export interface StoredFileInfo extends FileEntry {
  /** When it was added or last written, in ms since the epoch. */
  modified: number;
}

interface FilesSchema extends DBSchema {
  /** Sizes and dates only, so listing never loads a file's bytes. */
  info: { key: string; value: StoredFileInfo };
  data: { key: string; value: Blob };
}

/**
 * Thrown when the browser refuses to store more (its quota for the site is
 * used up). The message says how much is used of how much, when the browser
 * tells.
 */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}

async function storageFullError(path: string, bytes: number, cause: unknown): Promise<StorageFullError> {
  let usage = '';
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate?.quota) {
      const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      usage = ` This site uses ${mib(estimate.usage ?? 0)} of the ${mib(estimate.quota)} the browser allows it.`;
    }
  } catch {
    // The estimate only makes the message more precise.
  }
  return new StorageFullError(
    `The browser's storage is full: ${path} (${bytes} bytes) could not be saved.${usage} Delete some files (or outputs you no longer need) and try again.`,
    { cause },
  );
}

function checkedPath(path: string): string {
  const normalized = normalizePath(path);
  if (normalized === '' || normalized.endsWith('/'))
    throw new Error(`Cannot store a file at "${path}": a file needs a name`);
  return normalized;
}

/**
 * The learner's files in IndexedDB.
 *
 * @example
 * const files = new BrowserFileSystem();
 * await files.write('some_data1.txt', new TextEncoder().encode('a b c\n'));
 * await files.list(); // [{ path: 'some_data1.txt', size: 6 }]
 */
export class BrowserFileSystem implements FileSystem {
  readonly #db: Promise<IDBPDatabase<FilesSchema>>;
  /** The last blob read, so a task reading its split chunk by chunk fetches the handle once. */
  #lastBlob: { path: string; blob: Blob } | undefined;

  constructor(readonly databaseName = LEARNER_FILES_DB) {
    this.#db = openDB<FilesSchema>(databaseName, 1, {
      upgrade(db) {
        db.createObjectStore('info', { keyPath: 'path' });
        db.createObjectStore('data');
      },
    });
  }

  /** Every file with its size and date, sorted by path. */
  async listInfo(): Promise<StoredFileInfo[]> {
    const all = await (await this.#db).getAll('info');
    return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async list(): Promise<FileEntry[]> {
    return (await this.listInfo()).map(({ path, size }) => ({ path, size }));
  }

  /** The whole file, as the Blob stored (for previews and downloads). */
  async blob(path: string): Promise<Blob> {
    const normalized = normalizePath(path);
    if (this.#lastBlob?.path === normalized) return this.#lastBlob.blob;
    const blob = await (await this.#db).get('data', normalized);
    if (!blob) throw new Error(`File does not exist: ${path}`);
    this.#lastBlob = { path: normalized, blob };
    return blob;
  }

  async read(path: string, start: number, end: number): Promise<Uint8Array> {
    const from = Math.max(0, start);
    if (from >= end) return new Uint8Array(0);
    const blob = await this.blob(path);
    return new Uint8Array(await blob.slice(from, end).arrayBuffer());
  }

  async write(path: string, data: Uint8Array | Blob): Promise<void> {
    const normalized = checkedPath(path);
    // A copy gives the Blob a plain ArrayBuffer-backed view it can hold as is.
    const blob = data instanceof Blob ? data : new Blob([data.slice()]);
    const db = await this.#db;
    const tx = db.transaction(['info', 'data'], 'readwrite');
    try {
      await Promise.all([
        tx.objectStore('data').put(blob, normalized),
        tx.objectStore('info').put({ path: normalized, size: blob.size, modified: Date.now() }),
        tx.done,
      ]);
    } catch (error) {
      if (isQuotaError(error) || isQuotaError((error as { cause?: unknown })?.cause))
        throw await storageFullError(normalized, blob.size, error);
      throw error;
    }
    if (this.#lastBlob?.path === normalized) this.#lastBlob = undefined;
  }

  async exists(path: string): Promise<boolean> {
    const wanted = normalizePath(path);
    const files = await this.list();
    if (wanted === '') return files.length > 0;
    return files.some((f) => f.path === wanted || f.path.startsWith(`${wanted}/`));
  }

  /** Deletes a file, or every file under a folder path. */
  async remove(path: string): Promise<void> {
    const wanted = normalizePath(path);
    const db = await this.#db;
    const doomed = (await db.getAllKeys('info')).filter((p) => p === wanted || p.startsWith(`${wanted}/`));
    const tx = db.transaction(['info', 'data'], 'readwrite');
    await Promise.all([
      ...doomed.flatMap((p) => [tx.objectStore('info').delete(p), tx.objectStore('data').delete(p)]),
      tx.done,
    ]);
    this.#lastBlob = undefined;
  }

  /**
   * Renames a file, or a folder with everything under it. Refuses to
   * overwrite: a learner's file is never lost to a rename.
   */
  async rename(from: string, to: string): Promise<void> {
    const source = normalizePath(from);
    const target = checkedPath(to);
    if (source === target) return;
    const db = await this.#db;
    const keys = await db.getAllKeys('info');
    const moving = keys.filter((p) => p === source || p.startsWith(`${source}/`));
    if (moving.length === 0) throw new Error(`File does not exist: ${from}`);
    const renamed = (p: string) => target + p.slice(source.length);
    const taken = new Set(keys.filter((k) => !moving.includes(k)));
    const clash = moving.map(renamed).find((p) => taken.has(p) || [...taken].some((k) => k.startsWith(`${p}/`)));
    if (clash) throw new Error(`Cannot rename ${from} to ${to}: ${clash} already exists`);
    const tx = db.transaction(['info', 'data'], 'readwrite');
    const info = tx.objectStore('info');
    const data = tx.objectStore('data');
    for (const path of moving) {
      const [entry, blob] = await Promise.all([info.get(path), data.get(path)]);
      if (!entry || !blob) continue;
      await Promise.all([info.delete(path), data.delete(path)]);
      await Promise.all([info.put({ ...entry, path: renamed(path) }), data.put(blob, renamed(path))]);
    }
    await tx.done;
    this.#lastBlob = undefined;
  }

  /** Closes the database (tests, and pages that want to delete it). */
  async close(): Promise<void> {
    (await this.#db).close();
  }
}
