/** Spark's WholeTextFileRDD on the executor: each file of the partition read whole, as one `[path, contents]` row. */
import type { RDDWire } from '../rdd/wire';
import { ArrayIterator, type RowIterator } from './iterator';
import type { PartitionTask } from './rdd-compute';

export async function computeWholeTextFiles(
  w: Extract<RDDWire, { type: 'WholeTextFileRDD' }>,
  partition: number,
  task: PartitionTask,
): Promise<RowIterator> {
  const files = (task.payloads[w.id]?.[partition] as { path: string; size: number }[] | undefined) ?? [];
  // WholeTextFileRecordReader decodes the bytes as UTF-8 (Hadoop's Text).
  const decoder = new TextDecoder();
  const rows: [string, string][] = [];
  for (const { path, size } of files) {
    const bytes = await task.wait(task.fs.read(path, 0, size));
    task.metrics.inputBytes += bytes.byteLength;
    task.metrics.inputRecords++;
    rows.push([path, decoder.decode(bytes)]);
  }
  return new ArrayIterator(rows);
}
