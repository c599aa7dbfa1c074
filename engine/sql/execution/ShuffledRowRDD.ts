/**
 * Spark SQL's ShuffledRowRDD: reads an Exchange's shuffle by partition specs
 * (Spark's ShufflePartitionSpec). Adaptive execution reads a query stage's
 * output coalesced (several reduce partitions per task), split (a skewed
 * reduce partition read as several tasks, each over a range of maps) or
 * locally (each task reads what some maps wrote, on their hosts). It shares
 * the exchange's ShuffleDependency, so its stage reads the map stage that
 * already ran.
 */
import { RDD, type WireSerializer } from '../../rdd/rdd';
import type { Dependency, ShuffleDependency } from '../../rdd/dependency';
import { PartitionIdPassthrough, type Partitioner } from '../../rdd/partitioner';
import type { RDDKindWire, ShufflePartitionSpecWire } from '../../rdd/wire';

export type ShufflePartitionSpec = ShufflePartitionSpecWire;

export class ShuffledRowRDD extends RDD<unknown> {
  readonly #partitioner: Partitioner;

  constructor(
    readonly dependency: ShuffleDependency,
    readonly numReducers: number,
    readonly specs: readonly ShufflePartitionSpec[],
  ) {
    super(dependency.rdd.context);
    this.#partitioner = new PartitionIdPassthrough(specs.length);
  }
  get typeName(): string {
    return 'ShuffledRowRDD';
  }
  getNumPartitions(): number {
    return this.specs.length;
  }
  protected getDependencies(): Dependency[] {
    return [this.dependency];
  }
  override get partitioner(): Partitioner {
    return this.#partitioner;
  }
  override shuffleBlocksRead(p: number) {
    const spec = this.specs[p];
    const base = { shuffleId: this.dependency.shuffleId, numReducers: this.numReducers };
    switch (spec.kind) {
      case 'coalesced':
        return {
          ...base,
          reducers: Array.from({ length: spec.endReducer - spec.startReducer }, (_, i) => spec.startReducer + i),
        };
      case 'partialReducer':
        return { ...base, maps: [spec.startMap, spec.endMap] as [number, number] };
      case 'partialMapper':
        return { ...base, maps: [spec.map, spec.map + 1] as [number, number] };
      case 'coalescedMapper':
        return { ...base, maps: [spec.startMap, spec.endMap] as [number, number] };
    }
  }
  protected getKindWire(_ser: WireSerializer): RDDKindWire {
    return { type: 'ShuffledRowRDD', specs: this.specs.map((s) => ({ ...s })) };
  }
}
