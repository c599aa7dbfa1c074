/**
 * Checkpointing, as Spark's RDDCheckpointData, ReliableRDDCheckpointData and
 * LocalRDDCheckpointData do it.
 *
 * `checkpoint()` only marks the RDD. After the first job that runs on it
 * (SparkContext.runJob calls `doCheckpoint` once the job has ended), a second
 * job — one task per partition, recomputing the RDD unless it is cached —
 * writes each partition to the checkpoint directory, and the RDD's lineage
 * is cut: its only parent becomes a ReliableCheckpointRDD that reads those
 * files. `toDebugString`, the DAG and every later job see the short lineage.
 *
 * Where the files are: `sc.setCheckpointDir(dir)` names a directory
 * `dir/<uuid>`, as Spark does; the partitions are kept in the application's
 * IndexedDB under `checkpoint/<dir>/<uuid>/rdd-<id>/part-NNNNN`, outside
 * every executor's own blocks, so they survive the loss of any executor, and
 * go when the application ends (Spark keeps them in the file system until
 * deleted).
 *
 * `localCheckpoint()` persists the RDD (MEMORY_AND_DISK unless it already
 * has a level, which then gains disk), and after the first action cuts the
 * lineage at the cached blocks themselves: a LocalCheckpointRDD that is never
 * computed, so a block lost with its executor is an error.
 *
 * @module
 */
import type { CallSite } from './call-site';
import { LocalCheckpointRDD, ReliableCheckpointRDD, type RDD } from './rdd';
import { StorageLevel } from './storage-level';
import { checkpointDirectoryHasNotBeenSetError } from '../errors/spark-core-errors';

/** What checkpoint() or localCheckpoint() attached to an RDD. */
export interface RDDCheckpointData {
  readonly isCheckpointed: boolean;
  /** The RDD the lineage now stops at, once checkpointed. */
  readonly checkpointRDD: RDD | null;
  /** Where a reliable checkpoint's data is, once written. */
  readonly checkpointFile: string | null;
  /** Writes (or, locally, secures) the data and cuts the lineage; runs once, after the first action. */
  checkpoint(site: CallSite): Promise<void>;
}

class ReliableRDDCheckpointData implements RDDCheckpointData {
  #state: 'initialized' | 'in-progress' | 'checkpointed' = 'initialized';
  #cpRDD: RDD | null = null;
  readonly #path: string;

  constructor(
    readonly rdd: RDD,
    checkpointDir: string,
  ) {
    // ReliableRDDCheckpointData.checkpointPath: one folder per RDD.
    this.#path = `${checkpointDir}/rdd-${rdd.id()}`;
  }

  get isCheckpointed(): boolean {
    return this.#state === 'checkpointed';
  }

  get checkpointRDD(): RDD | null {
    return this.#cpRDD;
  }

  get checkpointFile(): string | null {
    return this.isCheckpointed ? this.#path : null;
  }

  async checkpoint(site: CallSite): Promise<void> {
    if (this.#state !== 'initialized') return;
    this.#state = 'in-progress';
    const sc = this.rdd.context;
    // ReliableCheckpointRDD.writeRDDToCheckpointDirectory: a job over the original RDD.
    await sc.runJob(this.rdd, { kind: 'writeCheckpoint', path: this.#path }, undefined, site);
    this.#cpRDD = sc.withScope(
      site.method,
      () => new ReliableCheckpointRDD(sc, this.#path, this.rdd.getNumPartitions(), this.rdd.partitioner),
      site,
    );
    this.#state = 'checkpointed';
  }
}

class LocalRDDCheckpointData implements RDDCheckpointData {
  #state: 'initialized' | 'in-progress' | 'checkpointed' = 'initialized';
  #cpRDD: RDD | null = null;

  constructor(readonly rdd: RDD) {}

  get isCheckpointed(): boolean {
    return this.#state === 'checkpointed';
  }

  get checkpointRDD(): RDD | null {
    return this.#cpRDD;
  }

  get checkpointFile(): string | null {
    return null;
  }

  async checkpoint(site: CallSite): Promise<void> {
    if (this.#state !== 'initialized') return;
    this.#state = 'in-progress';
    const sc = this.rdd.context;
    // LocalRDDCheckpointData.doCheckpoint: partitions the action did not leave cached are computed (and cached) now.
    const cached = sc.cachedPartitions(this.rdd);
    const missing = Array.from({ length: this.rdd.getNumPartitions() }, (_, p) => p).filter((p) => !cached.has(p));
    if (missing.length > 0) await sc.runJob(this.rdd, { kind: 'count' }, missing, site);
    this.#cpRDD = sc.withScope(
      site.method,
      () => new LocalCheckpointRDD(sc, this.rdd.id(), this.rdd.getNumPartitions()),
      site,
    );
    this.#state = 'checkpointed';
  }
}

/** RDD.checkpoint: marks `rdd` (once) for a reliable checkpoint after its first action. */
export function checkpointRDD(rdd: RDD): void {
  const dir = rdd.context.getCheckpointDir();
  if (dir === null) throw checkpointDirectoryHasNotBeenSetError();
  rdd.checkpointData ??= new ReliableRDDCheckpointData(rdd, dir);
}

/** LocalRDDCheckpointData's storage level for an RDD that has none, or the RDD's own with disk added. */
function localCheckpointLevel(level: StorageLevel): StorageLevel {
  if (!level.isValid) return StorageLevel.MEMORY_AND_DISK;
  return new StorageLevel(true, level.useMemory, level.deserialized, level.replication);
}

/** RDD.localCheckpoint: persists `rdd` so its blocks can stand for its lineage, and marks it. */
export function localCheckpointRDD(rdd: RDD): void {
  rdd.persistAt(localCheckpointLevel(rdd.getStorageLevel()), true);
  // An RDD whose lineage is already cut keeps its checkpoint; otherwise the local one replaces any mark.
  if (!rdd.isCheckpointed()) rdd.checkpointData = new LocalRDDCheckpointData(rdd);
}

/**
 * RDD.doCheckpoint, called for a job's final RDD after the job: the first
 * marked RDD on each path up the lineage is checkpointed (its ancestors are
 * not: `spark.checkpoint.checkpointAllMarkedAncestors` is off), once per RDD.
 */
export async function doCheckpoint(rdd: RDD, site: CallSite): Promise<void> {
  if (rdd.doCheckpointCalled) return;
  rdd.doCheckpointCalled = true;
  if (rdd.checkpointData) await rdd.checkpointData.checkpoint(site);
  else for (const dep of rdd.dependencies) await doCheckpoint(dep.rdd, site);
}
