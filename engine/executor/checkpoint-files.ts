/**
 * Checkpoint data on the executor: the job RDD.checkpoint() runs writes each
 * partition to the application's IndexedDB under the checkpoint path (not
 * under the executor's own prefix, so no executor's loss takes it), a
 * ReliableCheckpointRDD reads it back, and a LocalCheckpointRDD, which only
 * stands for cached blocks, fails when asked to compute (see
 * engine/rdd/checkpoint.ts).
 */
import { decodeRecords, encodeRecords } from '../codec/codec';
import { partFileName } from '../fs/line-reader';
import type { RDDWire } from '../rdd/wire';
import type { BlockStore } from '../storage/block-store';
import { SparkException } from '../errors/spark-core-errors';
import { ArrayIterator, toArray, type PullTaskLike, type RowIterator } from './iterator';
import type { PartitionTask } from './rdd-compute';

/** The block a checkpointed partition is kept in: `checkpoint/<path>/part-NNNNN`. */
export function checkpointBlockKey(path: string, partition: number): string {
  return `checkpoint/${path}/${partFileName(partition)}`;
}

/** ReliableCheckpointRDD.writePartitionToCheckpointFile: the partition's rows, written as they were computed. */
export async function writeCheckpointPartition(
  rows: RowIterator,
  path: string,
  partition: number,
  task: PullTaskLike & { readonly store: BlockStore },
  outputMetrics: { bytes: number; records: number },
): Promise<null> {
  const records = await toArray(rows, task);
  const bytes = encodeRecords(records);
  await task.wait(task.store.put([[checkpointBlockKey(path, partition), bytes]]));
  outputMetrics.bytes += bytes.byteLength;
  outputMetrics.records += records.length;
  return null;
}

export async function computeReliableCheckpoint(
  w: Extract<RDDWire, { type: 'ReliableCheckpointRDD' }>,
  partition: number,
  task: PartitionTask,
): Promise<RowIterator> {
  const key = checkpointBlockKey(w.path, partition);
  const [bytes] = await Promise.all(task.readBlocks([key]));
  if (!bytes) throw new SparkException(`Checkpoint RDD has a partition (${partition}) whose file is missing: ${key}`);
  task.metrics.inputBytes += bytes.byteLength;
  const rows = decodeRecords(bytes);
  task.metrics.inputRecords += rows.length;
  return new ArrayIterator(rows);
}

/** LocalCheckpointRDD.compute: the block it stands for is gone (SparkCoreErrors.checkpointRDDBlockIdNotFoundError). */
export function computeLocalCheckpoint(
  w: Extract<RDDWire, { type: 'LocalCheckpointRDD' }>,
  partition: number,
): RowIterator {
  throw new SparkException(
    `[CHECKPOINT_RDD_BLOCK_ID_NOT_FOUND] Checkpoint block rdd_${w.originalRddId}_${partition} not found!\n` +
      'Either the executor that originally checkpointed this partition is no longer alive, or the original RDD is unpersisted.\n' +
      'If this problem persists, you may consider using `rdd.checkpoint()` instead, which is slower than local checkpointing but more fault-tolerant. SQLSTATE: 56000',
  );
}
