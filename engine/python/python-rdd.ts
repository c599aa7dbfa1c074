/**
 * The engine RDDs PySpark builds on (Spark's org.apache.spark.api.python):
 * a PythonRDD runs a pickled Python function over its parent's partition, a
 * PairwiseRDD turns the flat key/value byte records a Python shuffle map side
 * writes into (partition, batch) pairs for a ShuffledRDD keyed by a
 * PythonPartitioner. The engine moves their records (bytes and strings)
 * without looking inside; only Python reads them.
 */
import { OneToOneDependency, type Dependency } from '../rdd/dependency';
import type { Partitioner } from '../rdd/partitioner';
import { RDD, type WireSerializer } from '../rdd/rdd';
import type { PythonFunctionWire, PythonUDFWire, RDDKindWire } from '../rdd/wire';

/** What PySpark's SimplePythonFunction holds, on the driver. */
export type PythonFunction = PythonFunctionWire;

/** An RDD computed partition for partition from one parent's (all of Spark's Python RDDs are). */
abstract class OneParentRDD<T> extends RDD<T> {
  readonly #deps: Dependency[];

  constructor(readonly prev: RDD) {
    super(prev.context);
    this.#deps = [new OneToOneDependency(prev)];
  }

  getNumPartitions(): number {
    return this.prev.getNumPartitions();
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
}

/**
 * Spark's PythonRDD: `func` over the parent's records, one Python call per
 * partition; keeps the parent's partitioner only when told to
 * (`preservesPartitioning`).
 */
export class PythonRDD extends OneParentRDD<unknown> {
  constructor(
    prev: RDD,
    readonly func: PythonFunction,
    readonly preservesPartitioning: boolean,
  ) {
    super(prev);
  }

  get typeName(): string {
    return 'PythonRDD';
  }
  override get partitioner(): Partitioner | undefined {
    return this.preservesPartitioning ? this.prev.partitioner : undefined;
  }
  protected getKindWire(ser: WireSerializer): RDDKindWire {
    for (const id of this.func.broadcastIds) ser.broadcast(id);
    return { type: 'PythonRDD', func: this.func };
  }
}

/** Spark's PairwiseRDD: records [k0, v0, k1, v1, …] from Python become pairs [k0 as a number, v0], … */
export class PairwiseRDD extends OneParentRDD<[number, Uint8Array]> {
  get typeName(): string {
    return 'PairwiseRDD';
  }
  override get partitioner(): Partitioner | undefined {
    return this.prev.partitioner;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'PairwiseRDD' };
  }
}

/**
 * What Spark's BatchEvalPythonExec runs (`child.execute().mapPartitionsInternal`):
 * each parent row holds the child's `childWidth` columns and then every UDF's
 * arguments; each UDF runs once over the partition in the task thread's
 * Python, and the rows come out as the child's columns and one result per UDF.
 * Its lineage reads as Spark's: a MapPartitionsRDD.
 */
export class BatchEvalPythonRDD extends OneParentRDD<unknown[]> {
  constructor(
    prev: RDD,
    readonly udfs: readonly PythonUDFWire[],
    readonly childWidth: number,
  ) {
    super(prev);
  }

  get typeName(): string {
    return 'MapPartitionsRDD';
  }
  override get partitioner(): Partitioner | undefined {
    return this.prev.partitioner;
  }
  protected getKindWire(ser: WireSerializer): RDDKindWire {
    for (const udf of this.udfs) for (const f of udf.funcs) for (const id of f.broadcastIds) ser.broadcast(id);
    return { type: 'BatchEvalPython', udfs: [...this.udfs], childWidth: this.childWidth };
  }
}
