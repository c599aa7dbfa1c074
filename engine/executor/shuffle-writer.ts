/**
 * The map side of a shuffle, as Spark's SortShuffleWriter: the partition's
 * rows are pulled through the stage's pipeline and each goes to its reduce
 * partition's block (combined first, by key, when the dependency asks for a
 * map-side combine); the blocks go to the executor's namespace of the block
 * store as one write, and the MapStatus records their sizes.
 */
import { RecordWriter } from '../codec/codec';
import { partitionerFromWire } from '../rdd/partitioner';
import type { DependencyWire, MapStatusWire } from '../rdd/wire';
import type { BlockStore } from '../storage/block-store';
import { ExternalAppendOnlyMap } from './external';
import type { FusedChains } from './fused';
import { drain, type RowIterator } from './iterator';
import { checkPair, type LiveAggregator } from './ops';
import type { PartitionTask } from './rdd-compute';

export interface ShuffleWriteTask extends PartitionTask {
  readonly taskId: number;
  readonly partitionId: number;
  readonly host: string;
  readonly store: BlockStore;
  /** Code compiled for the task's stage on this thread (fused.ts). */
  stageCode(): FusedChains;
}

export async function writeShuffle(
  rows: RowIterator,
  dep: Extract<DependencyWire, { kind: 'shuffle' }>,
  agg: LiveAggregator | undefined,
  task: ShuffleWriteTask,
): Promise<MapStatusWire> {
  const start = performance.now();
  const part = partitionerFromWire(dep.partitioner);
  const n = part.numPartitions;
  const p = task.partitionId;
  // Each record is encoded into its reduce partition's block as it arrives: no array of records per block.
  const writers = Array.from({ length: n }, () => new RecordWriter());
  if (agg && dep.mapSideCombine) {
    const combiner = new ExternalAppendOnlyMap(task.spillEnv(), agg, 'values', 'reduceByKey', p);
    await combiner.insertRows(rows, task, task.stageCode().combineKernel());
    for (const entry of await combiner.result()) writers[part.getPartition((entry as unknown[])[0])].write(entry);
  } else if (dep.partitioner.kind === 'passthrough') {
    // Spark SQL's exchanges: each `[partitionId, row]` pair's row alone goes to that partition's block, as
    // UnsafeRowSerializer writes no key ("only needed on the map side when computing partition ids").
    let index = 0;
    await drain(rows, task, (row) => {
      const i = index++;
      const pair = checkPair(row, 'a shuffle', p, i);
      writers[passthroughPartition(pair[0], n, i)].write(pair[1]);
    });
  } else {
    let index = 0;
    await drain(rows, task, (row) => {
      const pair = checkPair(row, 'a shuffle', p, index++);
      writers[part.getPartition(pair[0])].write(pair);
    });
  }
  const entries: [string, Uint8Array][] = [];
  const metrics = task.metrics.shuffleWrite;
  let written = 0;
  const sizes = writers.map((writer, reduceId) => {
    const records = writer.count;
    written += records;
    if (records === 0) return 0;
    // finish() empties the writer: its count is taken first.
    const bytes = writer.finish();
    entries.push([`${task.executorId}/shuffle_${dep.shuffleId}_${task.taskId}_${reduceId}`, bytes]);
    metrics.recordsWritten += records;
    return bytes.byteLength;
  });
  task.checkKilled();
  await task.wait(task.store.put(entries));
  metrics.bytesWritten = sizes.reduce((a, b) => a + b, 0);
  metrics.writeTime = performance.now() - start;
  const sql = dep.sqlMetrics;
  if (sql) {
    const add = (key: string, value: number) => {
      if (sql[key] !== undefined) task.ctx.addToAccumulator(sql[key], value);
    };
    add('shuffleRecordsWritten', written);
    add('shuffleBytesWritten', metrics.bytesWritten);
    // Spark's shuffle write time is in nanoseconds.
    add('shuffleWriteTime', Math.round(metrics.writeTime * 1e6));
  }
  return { executorId: task.executorId, host: task.host, mapId: task.taskId, mapIndex: p, sizes };
}

/** A PartitionIdPassthrough key, checked: the partition it names. */
function passthroughPartition(key: unknown, n: number, index: number): number {
  if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < n) return key;
  throw new Error(`record ${index} names partition ${String(key)} of a shuffle with ${n} partitions`);
}
