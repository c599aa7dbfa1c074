/**
 * Spark's physical partitionings and the distributions operators require
 * (catalyst/plans/physical/partitioning.scala). EnsureRequirements compares
 * the two: a child whose partitioning already satisfies what its parent
 * requires needs no Exchange.
 */
import type { Expression } from '../../expressions/Expression';
import { SortOrder } from '../../expressions/ordering';

// ------------------------------------------------------------------ distributions

export type Distribution =
  | { kind: 'Unspecified' }
  | { kind: 'AllTuples' }
  /** Rows with equal values of `clustering` in one partition. */
  | { kind: 'Clustered'; clustering: readonly Expression[]; requiredNumPartitions?: number }
  /** A total order across partitions. */
  | { kind: 'Ordered'; ordering: readonly SortOrder[] }
  | { kind: 'Broadcast'; mode: BroadcastMode };

export const UnspecifiedDistribution: Distribution = { kind: 'Unspecified' };
export const AllTuples: Distribution = { kind: 'AllTuples' };

/** How a broadcast side is kept: a hash table on keys, or the rows as they are (nested loop joins). */
export type BroadcastMode =
  { kind: 'HashedRelation'; keys: readonly Expression[]; isNullAware?: boolean } | { kind: 'Identity' };

// ------------------------------------------------------------------ partitionings

export abstract class Partitioning {
  abstract readonly numPartitions: number;
  /** Spark's `satisfies`: true when rows laid out this way already meet `required`. */
  satisfies(required: Distribution): boolean {
    if (required.kind === 'Unspecified') return true;
    if (required.kind === 'AllTuples') return this.numPartitions === 1;
    return false;
  }
  abstract toString(): string;
}

export class UnknownPartitioning extends Partitioning {
  constructor(readonly numPartitions: number) {
    super();
  }
  toString(): string {
    return `UnknownPartitioning(${this.numPartitions})`;
  }
}

export class RoundRobinPartitioning extends Partitioning {
  constructor(readonly numPartitions: number) {
    super();
  }
  toString(): string {
    return `RoundRobinPartitioning(${this.numPartitions})`;
  }
}

export class SinglePartitionClass extends Partitioning {
  readonly numPartitions = 1;
  override satisfies(required: Distribution): boolean {
    return required.kind !== 'Broadcast';
  }
  toString(): string {
    return 'SinglePartition';
  }
}
export const SinglePartition = new SinglePartitionClass();

/** Rows placed by `pmod(murmur3hash(expressions), n)`. */
export class HashPartitioning extends Partitioning {
  constructor(
    readonly expressions: readonly Expression[],
    readonly numPartitions: number,
  ) {
    super();
  }
  override satisfies(required: Distribution): boolean {
    if (super.satisfies(required)) return true;
    if (required.kind !== 'Clustered') return false;
    if (required.requiredNumPartitions !== undefined && required.requiredNumPartitions !== this.numPartitions)
      return false;
    return (
      this.expressions.length > 0 && this.expressions.every((e) => required.clustering.some((c) => c.semanticEquals(e)))
    );
  }
  toString(): string {
    return `hashpartitioning(${this.expressions.join(', ')}, ${this.numPartitions})`;
  }
}

/** Rows placed by ranges of `ordering`'s values, found by sampling (RangePartitioner). */
export class RangePartitioning extends Partitioning {
  constructor(
    readonly ordering: readonly SortOrder[],
    readonly numPartitions: number,
  ) {
    super();
  }
  override satisfies(required: Distribution): boolean {
    if (super.satisfies(required)) return true;
    if (required.kind === 'Ordered')
      return (
        required.ordering.length <= this.ordering.length &&
        required.ordering.every(
          (o, i) => o.semanticEquals(this.ordering[i]) && o.direction === this.ordering[i].direction,
        )
      );
    if (required.kind === 'Clustered')
      return this.ordering.every((o) => required.clustering.some((c) => c.semanticEquals(o.child)));
    return false;
  }
  toString(): string {
    return `rangepartitioning(${this.ordering.join(', ')}, ${this.numPartitions})`;
  }
}

/** A join's output is partitioned the way either side was (Spark's PartitioningCollection). */
export class PartitioningCollection extends Partitioning {
  constructor(readonly partitionings: readonly Partitioning[]) {
    super();
  }
  get numPartitions(): number {
    return this.partitionings[0].numPartitions;
  }
  override satisfies(required: Distribution): boolean {
    return this.partitionings.some((p) => p.satisfies(required));
  }
  toString(): string {
    return this.partitionings.join(' or ');
  }
}

export class BroadcastPartitioning extends Partitioning {
  readonly numPartitions = 1;
  constructor(readonly mode: BroadcastMode) {
    super();
  }
  override satisfies(required: Distribution): boolean {
    return required.kind === 'Broadcast' || required.kind === 'Unspecified';
  }
  toString(): string {
    return `BroadcastPartitioning(${broadcastModeString(this.mode)})`;
  }
}

/** The partitioning an Exchange creates to meet `required` with `n` partitions (Distribution.createPartitioning). */
export function createPartitioning(required: Distribution, n: number): Partitioning {
  switch (required.kind) {
    case 'AllTuples':
      return SinglePartition;
    case 'Clustered':
      return new HashPartitioning(required.clustering, required.requiredNumPartitions ?? n);
    case 'Ordered':
      return new RangePartitioning(required.ordering, n);
    case 'Broadcast':
      return new BroadcastPartitioning(required.mode);
    default:
      throw new Error('Unspecified distribution needs no partitioning');
  }
}

/** `HashedRelationBroadcastMode(List(input[0, bigint, false]),false)`, as Spark prints it. */
export function broadcastModeString(mode: BroadcastMode): string {
  if (mode.kind === 'Identity') return 'IdentityBroadcastMode';
  return `HashedRelationBroadcastMode(List(${mode.keys.join(', ')}),${mode.isNullAware === true})`;
}

/** True when `ordering` starts with `required` (Spark's `SortOrder.orderingSatisfies`). */
export function orderingSatisfies(ordering: readonly SortOrder[], required: readonly SortOrder[]): boolean {
  if (required.length === 0) return true;
  if (required.length > ordering.length) return false;
  return required.every(
    (r, i) =>
      r.child.semanticEquals(ordering[i].child) &&
      r.direction === ordering[i].direction &&
      r.nullOrdering === ordering[i].nullOrdering,
  );
}
