/**
 * An executor's "local disk": blocks (shuffle files, cached partitions) as
 * bytes under a key `<executorId>/<blockId>`. In the browser it is IndexedDB;
 * in Node tests, memory.
 */
export interface BlockStore {
  put(entries: [string, Uint8Array][]): Promise<void>;
  /** The blocks in the same order; undefined where a block is missing. */
  get(keys: string[]): Promise<(Uint8Array | undefined)[]>;
  /**
   * Like {@link get}, but a promise per block, each settling as soon as its
   * block is read, so a caller can work on the first while the rest arrive.
   * Optional: without it, callers wait for `get`.
   */
  getEach?(keys: string[]): Promise<Uint8Array | undefined>[];
  deletePrefix(prefix: string): Promise<void>;
  close(): void;
}

export class MemoryBlockStore implements BlockStore {
  readonly blocks = new Map<string, Uint8Array>();

  async put(entries: [string, Uint8Array][]): Promise<void> {
    for (const [k, v] of entries) this.blocks.set(k, v);
  }

  async get(keys: string[]): Promise<(Uint8Array | undefined)[]> {
    return keys.map((k) => this.blocks.get(k));
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const k of [...this.blocks.keys()]) if (k.startsWith(prefix)) this.blocks.delete(k);
  }

  close(): void {}
}
