/** What a job's ResultTask does with its partition on the executor. */
import type { ResultFuncWire } from '../rdd/wire';
import { compareKeys } from '../rdd/ordering';
import { keyEquals } from '../rdd/key-map';
import { encodeTextPart, partFileName } from '../fs/line-reader';
import type { FileSystem } from '../fs/file-system';
import { runInTask, type TaskContext } from './task-context';
import { checkPair, sample } from './ops';

type AnyFn = (...args: unknown[]) => unknown;

export interface LiveResultFunc {
  wire: ResultFuncWire;
  f?: AnyFn;
  seqOp?: AnyFn;
  combOp?: AnyFn;
  key?: AnyFn;
}

const cloneZero = (z: unknown) => (typeof z === 'object' && z !== null ? structuredClone(z) : z);

export async function runResultFunc(
  rf: LiveResultFunc,
  records: unknown[],
  partition: number,
  ctx: TaskContext,
  fs: FileSystem,
  outputMetrics: { bytes: number; records: number },
): Promise<unknown> {
  const w = rf.wire;
  switch (w.kind) {
    case 'collect':
      return records;
    case 'count':
    case 'iteratorSize':
      return records.length;
    case 'sum':
      return runInTask(ctx, () => records.reduce((a: number, b) => a + (b as number), 0));
    case 'stats':
      return { n: records.length, sum: records.reduce((a: number, b) => a + (b as number), 0) };
    case 'foreach':
      runInTask(ctx, () => {
        for (const r of records) rf.f!(r);
      });
      return null;
    case 'foreachPartition':
      runInTask(ctx, () => rf.f!(records[Symbol.iterator]()));
      return null;
    case 'reduce':
      if (records.length === 0) return { empty: true };
      return { empty: false, value: runInTask(ctx, () => records.reduce((a, b) => rf.f!(a, b))) };
    case 'fold':
      return runInTask(ctx, () => records.reduce((a, b) => rf.f!(a, b), cloneZero(w.zero)));
    case 'aggregate':
      return runInTask(ctx, () => records.reduce((a, b) => rf.seqOp!(a, b), cloneZero(w.zero)));
    case 'take':
      return records.slice(0, w.n);
    case 'takeOrdered': {
      const keyed = runInTask(ctx, () => records.map((r) => [rf.key ? rf.key(r) : r, r] as const));
      keyed.sort((a, b) => (w.descending ? compareKeys(b[0], a[0]) : compareKeys(a[0], b[0])));
      return keyed.slice(0, w.n).map(([, r]) => r);
    }
    case 'lookup':
      return records
        .map((r, i) => checkPair(r, 'lookup', partition, i))
        .filter(([k]) => keyEquals(k, w.key))
        .map(([, v]) => v);
    case 'saveText': {
      const bytes = encodeTextPart(records);
      await fs.write(`${w.path.replace(/\/$/, '')}/${partFileName(partition)}`, bytes);
      outputMetrics.bytes += bytes.length;
      outputMetrics.records += records.length;
      return null;
    }
    case 'sample':
      return sample(records, w.withReplacement, w.fraction, w.seed + partition);
  }
}
