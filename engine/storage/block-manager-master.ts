import type { BlockUpdate } from '../rdd/wire';
import type { TaskLocation } from '../scheduler/task-set';
import type { CacheStatus } from '../scheduler/events-json';

interface BlockLocation {
  host: string;
  memSize: number;
  diskSize: number;
}

/** The driver's record of which executor holds which cached RDD partition. */
export class BlockManagerMaster {
  /** rddId → partition → executorId → location */
  readonly #rddBlocks = new Map<number, Map<number, Map<string, BlockLocation>>>();

  update(executorId: string, host: string, updates: BlockUpdate[]): void {
    for (const u of updates) {
      const m = /^rdd_(\d+)_(\d+)$/.exec(u.blockId);
      if (!m) continue;
      const rddId = Number(m[1]);
      const partition = Number(m[2]);
      let parts = this.#rddBlocks.get(rddId);
      if (!parts) this.#rddBlocks.set(rddId, (parts = new Map()));
      let holders = parts.get(partition);
      if (!holders) parts.set(partition, (holders = new Map()));
      if (u.memSize === 0 && u.diskSize === 0) holders.delete(executorId);
      else holders.set(executorId, { host, memSize: u.memSize, diskSize: u.diskSize });
    }
  }

  locations(rddId: number, partition: number): TaskLocation[] {
    const holders = this.#rddBlocks.get(rddId)?.get(partition);
    if (!holders) return [];
    return [...holders.entries()].map(([executorId, loc]) => ({ host: loc.host, executorId }));
  }

  status(rddId: number): CacheStatus | null {
    const parts = this.#rddBlocks.get(rddId);
    if (!parts) return null;
    let numCachedPartitions = 0;
    let memSize = 0;
    let diskSize = 0;
    for (const holders of parts.values()) {
      if (holders.size === 0) continue;
      numCachedPartitions++;
      for (const loc of holders.values()) {
        memSize += loc.memSize;
        diskSize += loc.diskSize;
      }
    }
    return { numCachedPartitions, memSize, diskSize };
  }

  removeExecutor(executorId: string): void {
    for (const parts of this.#rddBlocks.values()) for (const holders of parts.values()) holders.delete(executorId);
  }

  removeRdd(rddId: number): void {
    this.#rddBlocks.delete(rddId);
  }
}
