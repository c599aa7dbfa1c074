/**
 * The shuffle's baseline: the same bytes the engine's shuffle writes, written
 * to IndexedDB and read back directly, one transaction per block, with nothing
 * else: no encoding, no partitioning, no grouping, no scheduling. The blocks
 * are built exactly as the engine builds them (same records, same hash
 * partitioner, same codec), so both sides store the same bytes.
 */
import { encodeRecords } from '../../../engine/codec/codec';
import { HashPartitioner } from '../../../engine/rdd/partitioner';

/** The groupByKey input: `pairs` records `[i % keys, i]`, in `maps` slices as `sc.range(0, pairs, 1, maps)` cuts them. */
export interface ShuffleInput {
  pairs: number;
  keys: number;
  maps: number;
  reduces: number;
}

/**
 * The shuffle blocks the engine's map tasks write for `input`: for each map
 * partition, the records of each reduce partition, encoded. Empty buckets are
 * not written, as the engine does not write them.
 */
export function shuffleBlocks(input: ShuffleInput): Uint8Array[] {
  const { pairs, keys, maps, reduces } = input;
  const partitioner = new HashPartitioner(reduces);
  const blocks: Uint8Array[] = [];
  const at = (i: number) => Math.floor((i * pairs) / maps);
  for (let m = 0; m < maps; m++) {
    const buckets: unknown[][] = Array.from({ length: reduces }, () => []);
    for (let i = at(m); i < at(m + 1); i++) {
      const key = i % keys;
      buckets[partitioner.getPartition(key)].push([key, i]);
    }
    for (const bucket of buckets) if (bucket.length > 0) blocks.push(encodeRecords(bucket));
  }
  return blocks;
}

/** How long writing and reading the blocks took, and whether every byte came back. */
export interface RawIdbResult {
  writeMs: number;
  readMs: number;
  blocks: number;
  bytes: number;
  /** True when every block read back equals the block written. */
  verified: boolean;
}

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/**
 * Writes each block in a transaction of its own, waits for each to commit,
 * then reads each back in a transaction of its own. The database is created
 * fresh and deleted afterwards.
 */
export async function writeAndReadBlocks(blocks: Uint8Array[], name: string): Promise<RawIdbResult> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('blocks');
  const db = await requestDone(open);
  try {
    const writeStart = performance.now();
    for (let i = 0; i < blocks.length; i++) {
      const tx = db.transaction('blocks', 'readwrite');
      tx.objectStore('blocks').put(blocks[i].buffer, `block_${i}`);
      await transactionDone(tx);
    }
    const readStart = performance.now();
    const read: ArrayBuffer[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const tx = db.transaction('blocks', 'readonly');
      read.push((await requestDone(tx.objectStore('blocks').get(`block_${i}`))) as ArrayBuffer);
      await transactionDone(tx);
    }
    const readEnd = performance.now();
    const verified = read.every((buffer, i) => sameBytes(new Uint8Array(buffer), blocks[i]));
    return {
      writeMs: readStart - writeStart,
      readMs: readEnd - readStart,
      blocks: blocks.length,
      bytes: blocks.reduce((a, b) => a + b.byteLength, 0),
      verified,
    };
  } finally {
    db.close();
    await requestDone(indexedDB.deleteDatabase(name)).catch(() => {});
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
