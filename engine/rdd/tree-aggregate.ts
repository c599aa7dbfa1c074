/**
 * RDD.treeAggregate and RDD.treeReduce as Spark 4.0 builds them: each
 * partition folded with `seqOp`; then, while there are more partial results
 * than `scale + ⌈n / scale⌉` (scale = max(⌈n^(1/depth)⌉, 2)), one more shuffle
 * stage combines them by key `i mod n′` into n′ = ⌊n / scale⌋ partitions
 * (`foldByKey` with a HashPartitioner); the driver folds what is left. With
 * depth 2 over 8 partitions: scale 3, 8 > 3 + 3, so one extra stage of 2
 * partitions; over 4 partitions: scale 2, 4 ≤ 2 + 2, so none (a plain
 * aggregate's layout).
 *
 * @module
 */
import type { CallSite } from './call-site';
import { HashPartitioner } from './partitioner';
import type { RDD } from './rdd';
import { fromSource } from '../closure/closure';
import { emptyCollectionError, requirement } from '../errors/spark-core-errors';

type Fn = (...args: never[]) => unknown;

/** How many partial results each level leaves, and so how many extra stages a tree adds. */
export function treeLevels(numPartitions: number, depth: number): number[] {
  const scale = Math.max(Math.ceil(Math.pow(numPartitions, 1 / depth)), 2);
  const levels: number[] = [];
  let n = numPartitions;
  while (n > scale + Math.ceil(n / scale)) {
    n = Math.trunc(n / scale);
    levels.push(n);
  }
  return levels;
}

export async function treeAggregate(
  self: RDD,
  zeroValue: unknown,
  seqOp: Fn,
  combOp: Fn,
  depth: number,
  site: CallSite,
): Promise<unknown> {
  requirement(depth >= 1, `Depth must be greater than or equal to 1 but got ${depth}.`);
  const sc = self.context;
  if (self.getNumPartitions() === 0) return structuredClone(zeroValue);
  const partial = sc.withScope(
    'treeAggregate',
    () => {
      // `it.foldLeft(zeroValue)(seqOp)`: the zero arrives with the task, a copy of its own.
      let rdd = self.mapPartitions(
        fromSource('(it) => { let acc = zeroValue; for (const x of it) acc = seqOp(acc, x); return [acc]; }', {
          zeroValue,
          seqOp,
        }),
      );
      for (const n of treeLevels(rdd.getNumPartitions(), depth)) {
        rdd = rdd
          .mapPartitionsWithIndex(fromSource('function* (i, it) { for (const x of it) yield [i % n, x]; }', { n }))
          .foldByKey(zeroValue as never, combOp as never, new HashPartitioner(n))
          .values();
      }
      return rdd;
    },
    site,
  );
  return sc.withScope('treeAggregate', () => partial.fold(structuredClone(zeroValue), combOp as never), site);
}

/** treeReduce: each partition reduced (an empty one gives nothing), then a treeAggregate of the options. */
export async function treeReduce(self: RDD, f: Fn, depth: number, site: CallSite): Promise<unknown> {
  requirement(depth >= 1, `Depth must be greater than or equal to 1 but got ${depth}.`);
  const sc = self.context;
  // Option[T] as an array of zero or one element.
  const partiallyReduced = sc.withScope(
    'treeReduce',
    () =>
      self.mapPartitions(
        fromSource(
          '(it) => { let some = false, acc; for (const x of it) { acc = some ? f(acc, x) : x; some = true; } return [some ? [acc] : []]; }',
          { f },
        ),
      ),
    site,
  );
  const op = fromSource<Fn>('(c, x) => (c.length > 0 && x.length > 0 ? [f(c[0], x[0])] : c.length > 0 ? c : x)', { f });
  const result = (await treeAggregate(partiallyReduced, [], op, op, depth, site)) as unknown[];
  if (result.length === 0) throw Object.assign(emptyCollectionError(), { callSite: site });
  return result[0];
}
