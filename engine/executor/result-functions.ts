/**
 * What a job's ResultTask does with its partition's iterator on the executor,
 * as the function Spark's `runJob` ships: most pull every row; `take` stops
 * after the rows it needs (RDD.take's `it.take(left).toArray`), so rows past
 * them are never computed.
 */
import type { ResultFuncWire } from '../rdd/wire';
import { compareKeys } from '../rdd/ordering';
import { keyEquals } from '../rdd/key-map';
import { formatTextRecord, partFileName } from '../fs/line-reader';
import type { FileSystem } from '../fs/file-system';
import { runInTask } from './task-context';
import { checkPair } from './ops';
import { drain, toArray, userIterator, type RowIterator } from './iterator';
import type { PullTask } from './rdd-compute';
import type { BlockStore } from '../storage/block-store';
import { HyperLogLogPlus } from '../util/hyper-log-log-plus';
import { writeCheckpointPartition } from './checkpoint-files';

type AnyFn = (...args: unknown[]) => unknown;

export interface LiveResultFunc {
  wire: ResultFuncWire;
  f?: AnyFn;
  seqOp?: AnyFn;
  combOp?: AnyFn;
  key?: AnyFn;
}

const cloneZero = (z: unknown) => (typeof z === 'object' && z !== null ? structuredClone(z) : z);

/** Whether the result function hands the partition to user code as an iterator (its input must be built sync). */
export function resultNeedsSyncInput(wire: ResultFuncWire): boolean {
  return wire.kind === 'foreachPartition';
}

export async function runResultFunc(
  rf: LiveResultFunc,
  rows: RowIterator,
  partition: number,
  task: PullTask & { readonly store: BlockStore },
  fs: FileSystem,
  outputMetrics: { bytes: number; records: number },
): Promise<unknown> {
  const w = rf.wire;
  switch (w.kind) {
    case 'collect':
      return toArray(rows, task);
    case 'count':
    case 'iteratorSize': {
      let n = 0;
      await drain(rows, task, () => void n++);
      return n;
    }
    case 'sum': {
      let sum = 0;
      await drain(rows, task, (r) => void (sum += r as number));
      return sum;
    }
    case 'stats': {
      let n = 0;
      let sum = 0;
      await drain(rows, task, (r) => {
        n++;
        sum += r as number;
      });
      return { n, sum };
    }
    case 'foreach': {
      const f = rf.f!;
      await drain(rows, task, (r) => void f(r));
      return null;
    }
    case 'foreachPartition':
      runInTask(task.ctx, () => rf.f!(userIterator(rows)));
      return null;
    case 'reduce': {
      // Spark's reduceLeft over the partition: an empty partition gives nothing.
      let empty = true;
      let acc: unknown;
      const f = rf.f!;
      await drain(rows, task, (r) => {
        if (empty) {
          acc = r;
          empty = false;
        } else acc = f(acc, r);
      });
      return empty ? { empty: true } : { empty: false, value: acc };
    }
    case 'fold': {
      let acc = cloneZero(w.zero);
      const f = rf.f!;
      await drain(rows, task, (r) => void (acc = f(acc, r)));
      return acc;
    }
    case 'aggregate': {
      let acc = cloneZero(w.zero);
      const seqOp = rf.seqOp!;
      await drain(rows, task, (r) => void (acc = seqOp(acc, r)));
      return acc;
    }
    case 'take': {
      const out: unknown[] = [];
      if (w.n > 0) await drain(rows, task, (r) => out.push(r) < w.n);
      return out;
    }
    case 'takeOrdered': {
      const keyed: (readonly [unknown, unknown])[] = [];
      const key = rf.key;
      await drain(rows, task, (r) => void keyed.push([key ? key(r) : r, r] as const));
      keyed.sort((a, b) => (w.descending ? compareKeys(b[0], a[0]) : compareKeys(a[0], b[0])));
      return keyed.slice(0, w.n).map(([, r]) => r);
    }
    case 'lookup': {
      const out: unknown[] = [];
      let i = 0;
      await drain(rows, task, (r) => {
        const [k, v] = checkPair(r, 'lookup', partition, i++);
        if (keyEquals(k, w.key)) out.push(v);
      });
      return out;
    }
    case 'saveText': {
      // Hadoop's TextOutputFormat writes each record as it comes; the part file is written once, at the end.
      let text = '';
      let records = 0;
      await drain(rows, task, (r) => {
        text += `${formatTextRecord(r)}\n`;
        records++;
      });
      const bytes = new TextEncoder().encode(text);
      await fs.write(`${w.path.replace(/\/$/, '')}/${partFileName(partition)}`, bytes);
      outputMetrics.bytes += bytes.length;
      outputMetrics.records += records;
      return null;
    }
    case 'writeFiles': {
      // Spark SQL's writers load with the first task that writes a file.
      const { writePartition } = await import('../sql/execution/datasources/FileFormatWriter.executor');
      return writePartition(w.write, rows, partition, task, fs, outputMetrics);
    }
    case 'hyperLogLog': {
      // countApproxDistinct's aggregate: each partition's HyperLogLog++ registers, merged on the driver.
      const hll = new HyperLogLogPlus(w.p);
      await drain(rows, task, (r) => void hll.offer(r));
      return hll.registers;
    }
    case 'writeCheckpoint':
      return writeCheckpointPartition(rows, w.path, partition, task, outputMetrics);
  }
}
