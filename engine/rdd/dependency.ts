import type { RDD } from './rdd';
import type { Partitioner } from './partitioner';
import type { FunctionRef } from './wire';

/** A child partition's link to its parent RDD. Narrow: a few known parent partitions. Shuffle: all of them. */
export abstract class Dependency {
  constructor(readonly rdd: RDD) {}
}

export abstract class NarrowDependency extends Dependency {
  /** The parent partitions that child partition `partitionId` reads. */
  abstract getParents(partitionId: number): number[];
}

export class OneToOneDependency extends NarrowDependency {
  getParents(partitionId: number): number[] {
    return [partitionId];
  }
}

/** Child partitions [outStart, outStart+length) read parent partitions [inStart, inStart+length). */
export class RangeDependency extends NarrowDependency {
  constructor(
    rdd: RDD,
    readonly inStart: number,
    readonly outStart: number,
    readonly length: number,
  ) {
    super(rdd);
  }

  getParents(partitionId: number): number[] {
    return partitionId >= this.outStart && partitionId < this.outStart + this.length
      ? [partitionId - this.outStart + this.inStart]
      : [];
  }
}

/** A narrow dependency whose mapping is given as a function (coalesce, cartesian). */
export class MappedNarrowDependency extends NarrowDependency {
  constructor(
    rdd: RDD,
    readonly parentsOf: (partitionId: number) => number[],
  ) {
    super(rdd);
  }

  getParents(partitionId: number): number[] {
    return this.parentsOf(partitionId);
  }
}

/** How values are combined per key, Spark's `Aggregator`, as functions executors can rebuild. */
export interface Aggregator {
  createCombiner: FunctionRef;
  mergeValue: FunctionRef;
  mergeCombiners: FunctionRef;
  /** A zero value cloned for each key (foldByKey, aggregateByKey). */
  zeroValue?: { value: unknown };
}

/** A stage boundary: every child partition reads a slice of every parent partition's output. */
export class ShuffleDependency extends Dependency {
  readonly #partitioner: Partitioner | (() => Partitioner);
  /**
   * For a Spark SQL Exchange: the accumulator ids of its shuffle metrics, which the
   * shuffle writer and reader add to as Spark's SQLShuffleWrite/ReadMetricsReporter do.
   */
  sqlMetrics?: Readonly<Record<string, number>>;

  /** `partitioner` may be a function when it is settled after the RDD is built (sortByKey's sampling job). */
  constructor(
    rdd: RDD,
    readonly shuffleId: number,
    partitioner: Partitioner | (() => Partitioner),
    readonly aggregator?: Aggregator,
    readonly mapSideCombine = false,
    readonly keyOrdering?: { ascending: boolean },
  ) {
    super(rdd);
    this.#partitioner = partitioner;
  }

  get partitioner(): Partitioner {
    return typeof this.#partitioner === 'function' ? this.#partitioner() : this.#partitioner;
  }
}
