/**
 * Spark's ZippedPartitionsRDD on the executor: partition i of every parent,
 * each handed to the function as an iterator (built synchronously, as
 * mapPartitions' input is, since user code cannot wait for a read), and the
 * function's iterable pulled lazily as the task's rows.
 */
import type { RDDWire } from '../rdd/wire';
import { IterableRows, userIterator, type RowIterator } from './iterator';
import { iterate } from './ops';
import type { PartitionTask } from './rdd-compute';
import { runInTask } from './task-context';

export async function computeZippedPartitions(
  w: Extract<RDDWire, { type: 'ZippedPartitionsRDD' }>,
  partition: number,
  task: PartitionTask,
): Promise<RowIterator> {
  const parents: RowIterator[] = [];
  for (const dep of w.deps) parents.push(await task.iterator((dep as { rdd: number }).rdd, partition, true));
  const f = task.fn(w.f);
  return new IterableRows(
    iterate(
      runInTask(task.ctx, () => f(...parents.map(userIterator))),
      'zipPartitions function',
    ),
  );
}
