/**
 * Spark's EnsureRequirements: walks the physical plan bottom-up and, where
 * a child's partitioning does not satisfy what its parent requires, puts an
 * Exchange between them (`hashpartitioning(keys, spark.sql.shuffle.partitions)`
 * for clustering, `rangepartitioning` for a total order, `SinglePartition`
 * for all rows, a BroadcastExchange for a broadcast side); then a Sort where
 * the required ordering is missing. Two clustered children of a join must be
 * partitioned alike: a child already partitioned on the keys is kept and the
 * other is shuffled to match it (same number of partitions).
 */
import type { SparkPlan } from '../SparkPlan';
import { BroadcastExchangeExec, ShuffleExchangeExec } from './ShuffleExchangeExec';
import { SortExec } from '../SortExec';
import {
  HashPartitioning,
  PartitioningCollection,
  createPartitioning,
  orderingSatisfies,
  type Distribution,
  type Partitioning,
} from '../../catalyst/plans/physical/partitioning';
import type { Expression } from '../../catalyst/expressions/Expression';
import type { SQLConf } from '../../internal/SQLConf';

/** Where each of a HashPartitioning's expressions sits among `keys`, or undefined if one is not a key. */
function keyPositions(p: Partitioning, keys: readonly Expression[]): { n: number; positions: number[] } | undefined {
  const candidates = p instanceof PartitioningCollection ? p.partitionings : [p];
  for (const c of candidates) {
    if (!(c instanceof HashPartitioning)) continue;
    const positions = c.expressions.map((e) => keys.findIndex((k) => k.semanticEquals(e)));
    if (positions.length > 0 && positions.every((i) => i >= 0)) return { n: c.numPartitions, positions };
  }
  return undefined;
}

function ensureDistributionAndOrdering(op: SparkPlan, conf: SQLConf): SparkPlan {
  const required = op.requiredChildDistribution;
  const inserted = new Set<number>();
  let children = op.children.map((child, i) => {
    const d: Distribution = required[i];
    if (d.kind === 'Unspecified' || child.outputPartitioning.satisfies(d)) return child;
    if (d.kind === 'Broadcast') return new BroadcastExchangeExec(d.mode, child);
    const n = d.kind === 'AllTuples' ? 1 : conf.shufflePartitions;
    inserted.add(i);
    return new ShuffleExchangeExec(createPartitioning(d, n), child);
  });

  // Co-partitioning of clustered children (Spark's ShuffleSpec compatibility check).
  const clustered = required.map((d, i) => (d.kind === 'Clustered' ? i : -1)).filter((i) => i >= 0);
  if (clustered.length > 1) {
    const keysOf = (i: number) => (required[i] as Extract<Distribution, { kind: 'Clustered' }>).clustering;
    const specs = clustered.map((i) => keyPositions(children[i].outputPartitioning, keysOf(i)));
    const compatible =
      specs.every((s) => s !== undefined) &&
      specs.every((s) => s!.n === specs[0]!.n && s!.positions.join() === specs[0]!.positions.join());
    if (!compatible) {
      // Keep the child that was already partitioned on the keys (not shuffled here) with most partitions.
      let best = -1;
      clustered.forEach((i, j) => {
        if (!inserted.has(i) && specs[j] && (best < 0 || specs[j]!.n > specs[clustered.indexOf(best)]!.n)) best = i;
      });
      const bestSpec = best >= 0 ? specs[clustered.indexOf(best)]! : undefined;
      const n = bestSpec ? bestSpec.n : conf.shufflePartitions;
      children = children.map((child, i) => {
        if (!clustered.includes(i) || i === best) return child;
        const keys = keysOf(i);
        const exprs = bestSpec ? bestSpec.positions.map((p) => keys[p]) : keys;
        const input = inserted.has(i) ? child.children[0] : child;
        return new ShuffleExchangeExec(new HashPartitioning(exprs, n), input);
      });
    }
  }

  const ordering = op.requiredChildOrdering;
  children = children.map((child, i) =>
    orderingSatisfies(child.outputOrdering, ordering[i] ?? []) ? child : new SortExec(ordering[i], false, child),
  );
  return op.withNewChildren(children);
}

/**
 * The plan with the exchanges and sorts its operators need.
 *
 * @example
 * ensureRequirements(new HashAggregateExec(…final…, new HashAggregateExec(…partial…)), conf);
 * // puts Exchange hashpartitioning(k, 200) between the two aggregates
 */
export function ensureRequirements(plan: SparkPlan, conf: SQLConf): SparkPlan {
  return plan.transformUp((p) => ensureDistributionAndOrdering(p, conf));
}
