/**
 * The RDD behind AQEShuffleRead: task i reads the reduce partitions of
 * group i of a shuffle, one after another (Spark's ShuffledRowRDD with
 * CoalescedPartitionSpecs). Two reads coalesced alike line up partition by
 * partition, so a join can read them side by side.
 */
import { RDD, type WireSerializer } from '../../../rdd/rdd';
import { MappedNarrowDependency, type Dependency } from '../../../rdd/dependency';
import { PartitionIdPassthrough, type Partitioner } from '../../../rdd/partitioner';
import type { RDDKindWire } from '../../../rdd/wire';

export class AQEShuffleReadRDD extends RDD<unknown> {
  readonly #deps: Dependency[];
  readonly #partitioner: Partitioner;

  constructor(
    readonly prev: RDD,
    readonly groups: readonly (readonly number[])[],
  ) {
    super(prev.context);
    this.#deps = [new MappedNarrowDependency(prev, (p) => [...(this.groups[p] ?? [])])];
    this.#partitioner = new PartitionIdPassthrough(groups.length);
  }
  get typeName(): string {
    return 'ShuffledRowRDD';
  }
  getNumPartitions(): number {
    return this.groups.length;
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner {
    return this.#partitioner;
  }
  protected getKindWire(_ser: WireSerializer): RDDKindWire {
    // Executors read a group of parent partitions in order, as they do for a CoalescedRDD.
    return { type: 'CoalescedRDD', groups: this.groups.map((g) => [...g]) };
  }
}
