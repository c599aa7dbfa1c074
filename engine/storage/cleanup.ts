import { deleteDB } from 'idb';
import { DB_PREFIX, LOCK_PREFIX, databaseName } from './idb-block-store';

/**
 * Marks `appId` as alive for as long as this page (or worker) lives, with a
 * Web Lock no other tab can take; returns a function that releases it.
 */
export async function holdAppLock(appId: string): Promise<() => void> {
  if (typeof navigator === 'undefined' || !navigator.locks) return () => {};
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await new Promise<void>((acquired) => {
    void navigator.locks.request(LOCK_PREFIX + appId, { mode: 'exclusive' }, () => {
      acquired();
      return held;
    });
  });
  return release;
}

/**
 * Deletes block databases left by pages that are gone: those whose app lock
 * nobody holds. Another open tab holds its lock, so its blocks are kept.
 * Returns the names of the databases deleted.
 */
export async function cleanupStaleBlockStores(ownAppId: string): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || !indexedDB.databases) return [];
  const held = new Set<string>();
  if (typeof navigator !== 'undefined' && navigator.locks) {
    const snapshot = await navigator.locks.query();
    for (const l of [...(snapshot.held ?? []), ...(snapshot.pending ?? [])]) if (l.name) held.add(l.name);
  }
  const deleted: string[] = [];
  for (const db of await indexedDB.databases()) {
    const name = db.name;
    if (!name || !name.startsWith(DB_PREFIX) || name === databaseName(ownAppId)) continue;
    const appId = name.slice(DB_PREFIX.length);
    if (held.has(LOCK_PREFIX + appId)) continue;
    await deleteDB(name);
    deleted.push(name);
  }
  return deleted;
}
