import { openDB, deleteDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BlockStore } from './block-store';

interface BlocksSchema extends DBSchema {
  blocks: { key: string; value: ArrayBuffer };
}

/** Every Kindling application's blocks live in a database of its own. */
export const DB_PREFIX = 'kindling-blocks-';
/** Held for an application's lifetime; a database whose lock is free belongs to a dead page. */
export const LOCK_PREFIX = 'kindling-app-';

export function databaseName(appId: string): string {
  return DB_PREFIX + appId;
}

/** IndexedDB-backed blocks, one database per application, so two tabs never share blocks. */
export class IdbBlockStore implements BlockStore {
  readonly #db: Promise<IDBPDatabase<BlocksSchema>>;

  constructor(readonly appId: string) {
    this.#db = openDB<BlocksSchema>(databaseName(appId), 1, {
      upgrade(db) {
        if (!db.objectStoreNames.contains('blocks')) db.createObjectStore('blocks');
      },
    });
  }

  async put(entries: [string, Uint8Array][]): Promise<void> {
    if (entries.length === 0) return;
    const db = await this.#db;
    const tx = db.transaction('blocks', 'readwrite');
    for (const [k, v] of entries) void tx.store.put(toArrayBuffer(v), k);
    await tx.done;
  }

  async get(keys: string[]): Promise<(Uint8Array | undefined)[]> {
    if (keys.length === 0) return [];
    const db = await this.#db;
    const tx = db.transaction('blocks', 'readonly');
    const values = await Promise.all(keys.map((k) => tx.store.get(k)));
    await tx.done;
    return values.map((v) => (v ? new Uint8Array(v) : undefined));
  }

  /** One readonly transaction for all the keys, as {@link get}; each block's promise settles when its read does. */
  getEach(keys: string[]): Promise<Uint8Array | undefined>[] {
    if (keys.length === 0) return [];
    // Requests made in the microtasks right after the transaction is created still find it active.
    const store = this.#db.then((db) => db.transaction('blocks', 'readonly').store);
    return keys.map((k) => store.then((s) => s.get(k)).then((v) => (v ? new Uint8Array(v) : undefined)));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const db = await this.#db;
    const tx = db.transaction('blocks', 'readwrite');
    await tx.store.delete(IDBKeyRange.bound(prefix, prefix + '\uffff'));
    await tx.done;
  }

  async count(prefix = ''): Promise<number> {
    const db = await this.#db;
    return db.count('blocks', IDBKeyRange.bound(prefix, prefix + '\uffff'));
  }

  close(): void {
    void this.#db.then((db) => db.close());
  }

  /** Closes and deletes this application's database. */
  async destroy(): Promise<void> {
    const db = await this.#db;
    db.close();
    await deleteDB(databaseName(this.appId));
  }
}

function toArrayBuffer(v: Uint8Array): ArrayBuffer {
  if (v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.buffer instanceof ArrayBuffer) return v.buffer;
  return v.slice().buffer as ArrayBuffer;
}
