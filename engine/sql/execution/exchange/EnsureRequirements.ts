/**
 * Spark's EnsureRequirements: walks the physical plan bottom-up and, where
 * a child's partitioning does not satisfy what its parent requires, puts an
 * Exchange between them (`hashpartitioning(keys, spark.sql.shuffle.partitions)`
 * for clustering, `rangepartitioning` for a total order, `SinglePartition`
 * for all rows, a BroadcastExchange for a broadcast side); then a Sort where
 * the required ordering is missing. Two clustered children of a join must be
 * partitioned alike, as Spark 4.0's ShuffleSpecs decide (see coPartition).
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
import type { SQLConf } from '../../internal/SQLConf';

/**
 * Spark's ShuffleSpec (partitioning.scala): what a child's partitioning offers a join that needs its children
 * co-partitioned. `positions` are, for a hash partitioning, where each of its expressions sits among the clustering
 * keys; `canCreate` whether the other children could be shuffled the same way (a hash partitioning on every key:
 * spark.sql.requireAllClusterKeysForCoPartition; never a range or single partition).
 */
interface ShuffleSpec {
  kind: 'hash' | 'single' | 'range';
  numPartitions: number;
  canCreate: boolean;
  positions: number[];
  /** A PartitioningCollection's members (ShuffleSpecCollection), the first standing for all. */
  members?: ShuffleSpec[];
}

function shuffleSpec(p: Partitioning, d: Extract<Distribution, { kind: 'Clustered' }>): ShuffleSpec {
  if (p instanceof PartitioningCollection) {
    const members = p.partitionings.filter((m) => m.satisfies(d)).map((m) => shuffleSpec(m, d));
    return { ...members[0], members };
  }
  if (p instanceof HashPartitioning) {
    const keys = d.clustering;
    return {
      kind: 'hash',
      numPartitions: p.numPartitions,
      canCreate: keys.every((k) => p.expressions.some((e) => e.semanticEquals(k))),
      positions: p.expressions.map((e) => keys.findIndex((k) => k.semanticEquals(e))),
    };
  }
  return {
    kind: p.numPartitions === 1 ? 'single' : 'range',
    numPartitions: p.numPartitions,
    canCreate: false,
    positions: [],
  };
}

/** ShuffleSpec.isCompatibleWith: partitioned alike, so their partitions can be zipped. */
function compatible(a: ShuffleSpec, b: ShuffleSpec): boolean {
  if (a.members) return a.members.some((m) => compatible(m, b));
  if (b.members) return b.members.some((m) => compatible(a, m));
  if (a.kind === 'single' || b.kind === 'single') return a.numPartitions === 1 && b.numPartitions === 1;
  return (
    a.kind === 'hash' &&
    b.kind === 'hash' &&
    a.numPartitions === b.numPartitions &&
    a.positions.join() === b.positions.join()
  );
}

/**
 * EnsureRequirements.ensureDistributionAndOrdering's second step, for an operator whose clustered children must be
 * co-partitioned (a sort-merge or shuffled hash join). The best spec is the one with most partitions, preferring a
 * child that is not an exchange; when every child is an exchange (or cannot create a partitioning) only specs with
 * at least spark.sql.shuffle.partitions partitions are candidates ("shouldConsiderMinParallelism"): an exchange
 * costs nothing more to redo, so `repartition(3, k)` under a join becomes `hashpartitioning(k, 200)`. Each child not
 * compatible with the best spec is shuffled to it; an exchange child is replaced, keeping its origin.
 */
function coPartition(children: SparkPlan[], required: readonly Distribution[], conf: SQLConf): SparkPlan[] {
  const clustered = required.flatMap((d, i) => (d.kind === 'Clustered' ? [i] : []));
  if (clustered.length < 2) return children;
  const dist = (i: number) => required[i] as Extract<Distribution, { kind: 'Clustered' }>;
  const specs = new Map(clustered.map((i) => [i, shuffleSpec(children[i].outputPartitioning, dist(i))]));
  const isExchange = (i: number) => children[i] instanceof ShuffleExchangeExec;
  const considerMin = clustered.every((i) => !specs.get(i)!.canCreate || isExchange(i));
  const candidates = clustered.filter(
    (i) =>
      specs.get(i)!.canCreate &&
      (!considerMin || children[i].outputPartitioning.numPartitions >= conf.shufflePartitions),
  );
  const withoutShuffle = candidates.filter((i) => !isExchange(i));
  const finalists = withoutShuffle.length > 0 ? withoutShuffle : candidates;
  let best: ShuffleSpec | undefined;
  for (const i of finalists) if (!best || specs.get(i)!.numPartitions > best.numPartitions) best = specs.get(i);
  return children.map((child, i) => {
    if (!clustered.includes(i)) return child;
    if (best && compatible(best, specs.get(i)!)) return child;
    const keys = dist(i).clustering;
    const partitioning = best
      ? new HashPartitioning(
          best.positions.map((p) => keys[p]),
          best.numPartitions,
        )
      : createPartitioning(dist(i), dist(i).requiredNumPartitions ?? conf.shufflePartitions);
    return child instanceof ShuffleExchangeExec
      ? new ShuffleExchangeExec(partitioning, child.child, child.shuffleOrigin)
      : new ShuffleExchangeExec(partitioning, child);
  });
}

function ensureDistributionAndOrdering(op: SparkPlan, conf: SQLConf): SparkPlan {
  const required = op.requiredChildDistribution;
  let children = op.children.map((child, i) => {
    const d: Distribution = required[i];
    if (d.kind === 'Unspecified' || child.outputPartitioning.satisfies(d)) return child;
    if (d.kind === 'Broadcast') return new BroadcastExchangeExec(d.mode, child);
    const n = d.kind === 'AllTuples' ? 1 : conf.shufflePartitions;
    return new ShuffleExchangeExec(createPartitioning(d, n), child);
  });
  children = coPartition(children, required, conf);

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
