import type { MapStatusWire } from '../rdd/wire';

/**
 * Where each map task's shuffle output lives (the driver's MapOutputTrackerMaster).
 * Reducers ask it for the MapStatuses of a shuffle; losing an executor
 * unregisters the outputs that lived there.
 */
export class MapOutputTracker {
  readonly #statuses = new Map<number, (MapStatusWire | null)[]>();
  /** Bumped whenever outputs are lost, so executors know their cached statuses are stale. */
  epoch = 0;

  registerShuffle(shuffleId: number, numMaps: number): void {
    if (!this.#statuses.has(shuffleId)) this.#statuses.set(shuffleId, new Array(numMaps).fill(null));
  }

  containsShuffle(shuffleId: number): boolean {
    return this.#statuses.has(shuffleId);
  }

  registerMapOutput(shuffleId: number, mapIndex: number, status: MapStatusWire): void {
    const arr = this.#statuses.get(shuffleId);
    if (arr) arr[mapIndex] = status;
  }

  unregisterShuffle(shuffleId: number): void {
    this.#statuses.delete(shuffleId);
  }

  /** Forgets every output written by `executorId`; returns how many were lost. */
  removeOutputsOnExecutor(executorId: string): number {
    let lost = 0;
    for (const arr of this.#statuses.values())
      arr.forEach((s, i) => {
        if (s?.executorId === executorId) {
          arr[i] = null;
          lost++;
        }
      });
    if (lost > 0) this.epoch++;
    return lost;
  }

  unregisterMapOutput(shuffleId: number, mapIndex: number): void {
    const arr = this.#statuses.get(shuffleId);
    if (arr && arr[mapIndex]) {
      arr[mapIndex] = null;
      this.epoch++;
    }
  }

  numAvailableOutputs(shuffleId: number): number {
    return (this.#statuses.get(shuffleId) ?? []).filter((s) => s !== null).length;
  }

  findMissingPartitions(shuffleId: number): number[] {
    const arr = this.#statuses.get(shuffleId) ?? [];
    return arr.flatMap((s, i) => (s === null ? [i] : []));
  }

  getStatuses(shuffleId: number): (MapStatusWire | null)[] {
    return [...(this.#statuses.get(shuffleId) ?? [])];
  }

  /**
   * Spark's reduce-side locality (spark.shuffle.reduceLocality.enabled): hosts
   * holding at least 20% of a reduce partition's input, when the shuffle has
   * fewer than 1000 maps and 1000 reducers.
   */
  preferredHostsForReducer(shuffleId: number, reduceId: number, numReducers: number): string[] {
    const arr = this.#statuses.get(shuffleId);
    if (!arr || arr.length >= 1000 || numReducers >= 1000) return [];
    const byHost = new Map<string, number>();
    let total = 0;
    for (const s of arr) {
      if (!s) continue;
      const size = s.sizes[reduceId] ?? 0;
      total += size;
      byHost.set(s.host, (byHost.get(s.host) ?? 0) + size);
    }
    if (total === 0) return [];
    return [...byHost.entries()].filter(([, size]) => size / total >= 0.2).map(([h]) => h);
  }
}
