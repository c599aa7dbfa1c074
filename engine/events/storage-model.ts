/**
 * What the Spark UI's Storage tab shows, rebuilt from the events as Spark's
 * AppStatusListener does: every persisted RDD a stage lists (its `RDD Info`
 * has a storage level), the blocks tasks stored for it (`Updated Blocks` of
 * each task's metrics, or `SparkListenerBlockUpdated` when block updates are
 * logged), and the RDD gone again at `SparkListenerUnpersistRDD`. A cached
 * DataFrame is the RDD its InMemoryRelation persists, named after its plan
 * (or `In-memory table <name>` for `spark.catalog.cacheTable`).
 */
import type { RDDInfo, StorageLevel, UpdatedBlock } from './types';

/** One cached partition: `rdd_<rdd>_<partition>` on an executor. */
export interface CachedBlock {
  blockId: string;
  partition: number;
  executorId: string;
  storageLevel: StorageLevel;
  memorySize: number;
  diskSize: number;
}

export interface RddStorageModel {
  rddId: number;
  name: string;
  /** The level it was persisted with. */
  storageLevel: StorageLevel;
  numPartitions: number;
  /** By block id; a partition held by no executor has no entry. */
  blocks: Map<string, CachedBlock>;
}

/** One executor's share of an RDD's cached blocks (the Storage tab's "Data Distribution"). */
export interface ExecutorShare {
  executorId: string;
  blocks: number;
  memorySize: number;
  diskSize: number;
}

/** A row of the Storage tab. */
export interface RddStorageSummary {
  rddId: number;
  name: string;
  /** `StorageLevel.description`, e.g. "Disk Memory Deserialized 1x Replicated". */
  level: string;
  cachedPartitions: number;
  numPartitions: number;
  /** Cached partitions over all partitions, 0–1. */
  fractionCached: number;
  memorySize: number;
  diskSize: number;
  executors: ExecutorShare[];
}

/**
 * Spark's `StorageLevel.description`.
 *
 * @example
 * storageLevelDescription({ 'Use Disk': true, 'Use Memory': true, Deserialized: true, Replication: 1 });
 * // 'Disk Memory Deserialized 1x Replicated'
 */
export function storageLevelDescription(level: StorageLevel): string {
  let text = level['Use Disk'] ? 'Disk ' : '';
  if (level['Use Memory']) text += level['Use Off Heap'] ? 'Memory (off heap) ' : 'Memory ';
  text += level.Deserialized ? 'Deserialized ' : 'Serialized ';
  return `${text}${level.Replication}x Replicated`;
}

const persisted = (level: StorageLevel | undefined): level is StorageLevel =>
  !!level && (level['Use Disk'] || level['Use Memory'] || !!level['Use Off Heap']);

const RDD_BLOCK = /^rdd_(\d+)_(\d+)$/;

/** Keeps the persisted RDDs and their blocks as events arrive. */
export class StorageModelBuilder {
  readonly rdds = new Map<number, RddStorageModel>();

  /** A stage's RDDs (submitted or completed): each persisted one is listed, with its name and partitions. */
  rddsListed(infos: readonly RDDInfo[] | undefined): void {
    for (const info of infos ?? []) {
      if (!persisted(info['Storage Level'])) continue;
      const known = this.rdds.get(info['RDD ID']);
      if (known) {
        known.name = info.Name;
        known.storageLevel = info['Storage Level'];
        known.numPartitions = info['Number of Partitions'];
      } else
        this.rdds.set(info['RDD ID'], {
          rddId: info['RDD ID'],
          name: info.Name,
          storageLevel: info['Storage Level'],
          numPartitions: info['Number of Partitions'],
          blocks: new Map(),
        });
    }
  }

  /** Blocks an executor stored or dropped (a status with no size and no level is a dropped block). */
  blocksUpdated(executorId: string, updates: readonly UpdatedBlock[]): void {
    for (const update of updates) {
      const match = RDD_BLOCK.exec(update['Block ID']);
      const rdd = match ? this.rdds.get(Number(match[1])) : undefined;
      if (!match || !rdd) continue;
      const status = update.Status;
      const kept = persisted(status['Storage Level']) && status['Memory Size'] + status['Disk Size'] > 0;
      if (!kept) {
        if (rdd.blocks.get(update['Block ID'])?.executorId === executorId) rdd.blocks.delete(update['Block ID']);
        continue;
      }
      rdd.blocks.set(update['Block ID'], {
        blockId: update['Block ID'],
        partition: Number(match[2]),
        executorId,
        storageLevel: status['Storage Level'],
        memorySize: status['Memory Size'],
        diskSize: status['Disk Size'],
      });
    }
  }

  unpersisted(rddId: number): void {
    this.rdds.delete(rddId);
  }

  /** An executor gone takes its blocks with it. */
  executorRemoved(executorId: string): void {
    for (const rdd of this.rdds.values())
      for (const [id, block] of rdd.blocks) if (block.executorId === executorId) rdd.blocks.delete(id);
  }
}

/**
 * The Storage tab's rows: RDDs with at least one cached partition, by id (as Spark's StoragePage lists
 * `rddList.filter(_.numCachedPartitions > 0)`), each with its executors' shares.
 */
export function storageSummaries(rdds: ReadonlyMap<number, RddStorageModel>): RddStorageSummary[] {
  const rows: RddStorageSummary[] = [];
  for (const rdd of [...rdds.values()].sort((a, b) => a.rddId - b.rddId)) {
    const blocks = [...rdd.blocks.values()];
    const cachedPartitions = new Set(blocks.map((b) => b.partition)).size;
    if (cachedPartitions === 0) continue;
    const byExecutor = new Map<string, ExecutorShare>();
    for (const b of blocks) {
      const share = byExecutor.get(b.executorId) ?? { executorId: b.executorId, blocks: 0, memorySize: 0, diskSize: 0 };
      share.blocks += 1;
      share.memorySize += b.memorySize;
      share.diskSize += b.diskSize;
      byExecutor.set(b.executorId, share);
    }
    rows.push({
      rddId: rdd.rddId,
      name: rdd.name,
      level: storageLevelDescription(rdd.storageLevel),
      cachedPartitions,
      numPartitions: rdd.numPartitions,
      fractionCached: rdd.numPartitions > 0 ? cachedPartitions / rdd.numPartitions : 0,
      memorySize: blocks.reduce((sum, b) => sum + b.memorySize, 0),
      diskSize: blocks.reduce((sum, b) => sum + b.diskSize, 0),
      executors: [...byExecutor.values()].sort((a, b) =>
        a.executorId.localeCompare(b.executorId, 'en', { numeric: true }),
      ),
    });
  }
  return rows;
}
