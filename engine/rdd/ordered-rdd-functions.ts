/**
 * Spark's `OrderedRDDFunctions`: sorting an RDD of `[key, value]` pairs by
 * key. The `RDD` class's `sortByKey` and `repartitionAndSortWithinPartitions`
 * delegate here.
 *
 * @module
 */
import { HashPartitioner, Partitioner } from './partitioner';
import { ShuffledRDD, type RDD } from './rdd';
import { computeRangePartitioner, planRangeSketch } from './range-partitioning';
import { requirement } from '../errors/spark-core-errors';

/**
 * `sortByKey(ascending, numPartitions)`: a ShuffledRDD over a RangePartitioner
 * built from a sketch of the keys. Building it runs the sampling job when
 * called (SparkContext.runBlocking), as Spark's constructor does (none when
 * asked for one partition). The result has as many partitions as the
 * partitioner found bounds, plus one: fewer than asked when there are few
 * distinct keys, 1 for an empty RDD.
 */
export function sortByKey(self: RDD, ascending: boolean, numPartitions: number | undefined): RDD {
  return self.context.withScope('sortByKey', () => sortedByRange(self, ascending, numPartitions));
}

function sortedByRange(rdd: RDD, ascending: boolean, numPartitions: number | undefined): RDD {
  const sc = rdd.context;
  const site = sc.currentScope().site;
  const partitions = numPartitions ?? rdd.getNumPartitions();
  requirement(
    Number.isInteger(partitions) && partitions >= 0,
    `Number of partitions cannot be negative but found ${partitions}.`,
  );
  // Spark builds the partitioner before the ShuffledRDD it is passed to, so the sketch's RDDs take the
  // lower ids. When this RDD's own partition count is still pending (a sort of a sort called where it
  // could not wait), the sketch is planned once that has settled.
  const plan = hasPendingPreparation(rdd) ? undefined : planRangeSketch(rdd, partitions, ascending);
  const shuffled = new ShuffledRDD(rdd, null, undefined, false, { ascending }, partitions);
  shuffled.prepared = sc.runBlocking(async () => {
    const settledPlan =
      plan !== undefined
        ? plan
        : sc.withScope(
            'sortByKey',
            () => planRangeSketch(rdd, numPartitions ?? rdd.getNumPartitions(), ascending),
            site,
          );
    const partitioner = await computeRangePartitioner(
      settledPlan,
      rdd,
      ascending,
      (r) => sc.runJob(r, { kind: 'collect' }, undefined, site, { withinTransformation: true }),
      site,
    );
    shuffled.settlePartitioner(partitioner);
  });
  return shuffled;
}

/** Whether a set-up job anywhere in `rdd`'s lineage has not ended yet. */
function hasPendingPreparation(rdd: RDD): boolean {
  const seen = new Set<number>();
  const visit = (r: RDD): boolean => {
    if (seen.has(r.id())) return false;
    seen.add(r.id());
    if (r.prepared && !r.isPrepared) return true;
    return r.dependencies.some((d) => visit(d.rdd));
  };
  return visit(rdd);
}

/**
 * `repartitionAndSortWithinPartitions(partitioner)`: one shuffle that both
 * places each pair by the partitioner (a HashPartitioner of `numPartitions`
 * when given a number; the RDD's own count by default) and sorts each
 * partition by key as the reducer reads it — a ShuffledRDD with a key
 * ordering, no sampling job.
 */
export function repartitionAndSortWithinPartitions(
  self: RDD,
  numPartitions: number | Partitioner | undefined,
  ascending: boolean,
): RDD {
  return self.context.withScope('repartitionAndSortWithinPartitions', () => {
    const partitioner =
      numPartitions instanceof Partitioner
        ? numPartitions
        : new HashPartitioner(numPartitions ?? self.getNumPartitions());
    return new ShuffledRDD(self, partitioner, undefined, false, { ascending });
  });
}
