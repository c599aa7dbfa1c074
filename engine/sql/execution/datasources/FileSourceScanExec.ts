/** Spark's FileSourceScanExec: a scan of files, one task per FilePartition. */
import { LeafExecNode, type MetricDefinition } from '../SparkPlan';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { FileRelationInfo } from '../../catalyst/plans/logical/relations';
import { UnknownPartitioning, type Partitioning } from '../../catalyst/plans/physical/partitioning';
import type { SQLConf } from '../../internal/SQLConf';
import { StructType, StructField } from '../../types';
import { getFilePartitions, type PartitionedFile } from './FilePartition';

export class FileSourceScanExec extends LeafExecNode {
  readonly filePartitions: PartitionedFile[][];
  constructor(
    readonly scanOutput: readonly AttributeReference[],
    readonly relation: FileRelationInfo,
    conf: SQLConf,
    minPartitionNum: number,
  ) {
    super();
    const splittable = relation.format !== 'parquet' && relation.options.multiLine !== 'true';
    this.filePartitions = getFilePartitions(
      relation.files,
      splittable,
      conf.maxPartitionBytes,
      conf.openCostInBytes,
      minPartitionNum,
    );
  }
  get output(): readonly AttributeReference[] {
    return this.scanOutput;
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(this.filePartitions.length);
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      numOutputRows: { name: 'number of output rows', type: 'sum' },
      numFiles: { name: 'number of files read', type: 'sum' },
      filesSize: { name: 'size of files read', type: 'size' },
      scanTime: { name: 'scan time', type: 'timing' },
    };
  }
  get simpleString(): string {
    const r = this.relation;
    const schema = new StructType(this.scanOutput.map((a) => new StructField(a.name, a.dataType)));
    const location = `InMemoryFileIndex(${r.paths.length} paths)[${r.paths.join(', ')}]`;
    return (
      `FileScan ${r.format} [${this.scanOutput.join(',')}] Batched: ${r.format === 'parquet'}, DataFilters: [], ` +
      `Format: ${r.format === 'csv' ? 'CSV' : r.format === 'json' ? 'JSON' : r.format === 'parquet' ? 'Parquet' : 'Text'}, ` +
      `Location: ${location}, PartitionFilters: [], PushedFilters: [], ReadSchema: ${schema.simpleString}`
    );
  }
  override get formattedName(): string {
    return `Scan ${this.relation.format} `;
  }
}
