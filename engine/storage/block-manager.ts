/**
 * An executor's BlockManager for cached RDD partitions: a MemoryStore bounded
 * by the executor's storage memory, and its "local disk" (its namespace of the
 * block store). A block that does not fit in memory goes to disk when its
 * level allows (MEMORY_AND_DISK), and is not cached at all when it does not
 * (MEMORY_ONLY), as in Spark.
 *
 * Blocks are held encoded, in memory as on disk: tasks run on task threads
 * of their own (see `executor.ts`), and each reader gets a copy of the bytes
 * and decodes it. The memory a block counts against is still Spark's figure
 * for its deserialized rows (SizeEstimator's estimate), which is what Spark's
 * MEMORY_ONLY reports.
 */
import type { StorageLevelWire } from '../rdd/storage-level';
import type { BlockUpdate } from '../rdd/wire';
import type { BlockStore } from './block-store';

export interface MemoryBlock {
  bytes: Uint8Array;
  /** The block's size as Spark's SizeEstimator would give it for the deserialized rows. */
  size: number;
}

export class BlockManager {
  readonly #memory = new Map<string, MemoryBlock>();
  #memoryUsed = 0;

  constructor(
    readonly executorId: string,
    readonly disk: BlockStore,
    readonly storageMemoryBytes: number,
  ) {}

  /** Memory held by cached blocks, in bytes (SizeEstimator's estimate of their rows). */
  get memoryUsed(): number {
    return this.#memoryUsed;
  }

  /** A cached block's bytes, a copy the caller may keep or transfer: from memory, else from disk. */
  async get(blockId: string): Promise<{ bytes: Uint8Array; inMemory: boolean } | undefined> {
    const inMemory = this.#memory.get(blockId);
    if (inMemory) return { bytes: inMemory.bytes.slice(), inMemory: true };
    const [bytes] = await this.disk.get([`${this.executorId}/${blockId}`]);
    return bytes && { bytes, inMemory: false };
  }

  /**
   * Stores a block's bytes at `level`: in memory if it fits (`size` is its rows' estimated size),
   * else on disk if the level allows. Returns the update to report, or null when nothing was stored.
   */
  async put(blockId: string, bytes: Uint8Array, size: number, level: StorageLevelWire): Promise<BlockUpdate | null> {
    if (level.useMemory) {
      if (this.#memoryUsed + size <= this.storageMemoryBytes) {
        this.#memory.set(blockId, { bytes, size });
        this.#memoryUsed += size;
        return { blockId, storageLevel: level, memSize: size, diskSize: 0 };
      }
      if (!level.useDisk) return null; // MEMORY_ONLY that does not fit is not cached, as in Spark.
    }
    await this.disk.put([[`${this.executorId}/${blockId}`, bytes]]);
    return { blockId, storageLevel: level, memSize: 0, diskSize: bytes.byteLength };
  }

  /** Drops every block whose id starts with `prefix`, from memory and disk. */
  async removePrefix(prefix: string): Promise<void> {
    for (const [id, b] of [...this.#memory.entries()])
      if (id.startsWith(prefix)) {
        this.#memory.delete(id);
        this.#memoryUsed -= b.size;
      }
    await this.disk.deletePrefix(`${this.executorId}/${prefix}`);
  }
}
