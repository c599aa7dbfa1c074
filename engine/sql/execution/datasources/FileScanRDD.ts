/**
 * Spark's FileScanRDD: one partition per FilePartition, each a list of file
 * pieces (path, start, length) that a task reads with the relation's file
 * format. The schema-inference jobs of `spark.read` run over the same RDD in
 * another mode (see FileScanWire), so their tasks are the scan's tasks.
 */
import type { SparkContext } from '../../../context';
import { RDD } from '../../../rdd/rdd';
import type { Dependency } from '../../../rdd/dependency';
import type { FileScanWire, RDDKindWire } from '../../../rdd/wire';
import type { PartitionedFile } from './FilePartition';

export class FileScanRDD extends RDD<unknown[]> {
  constructor(
    sc: SparkContext,
    readonly filePartitions: readonly (readonly PartitionedFile[])[],
    readonly scan: FileScanWire,
  ) {
    super(sc);
  }
  get typeName(): string {
    return 'FileScanRDD';
  }
  getNumPartitions(): number {
    return this.filePartitions.length;
  }
  protected getDependencies(): Dependency[] {
    return [];
  }
  protected override getPartitionPayload(p: number): unknown {
    return this.filePartitions[p];
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'FileScanRDD', scan: this.scan };
  }
}
