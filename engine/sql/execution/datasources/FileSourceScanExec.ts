/** Spark's FileSourceScanExec: a scan of files, one task per FilePartition. */
import { LeafExecNode, UnaryExecNode, type MetricDefinition } from '../SparkPlan';
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
    // ParquetFileFormat splits by row groups; CSV and JSON split unless multiLine (CSVFileFormat/JsonFileFormat.isSplitable),
    // text unless wholetext (TextFileFormat.isSplitable).
    const splittable = relation.options.multiline !== 'true' && relation.options.wholetext !== 'true';
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
  /** Parquet is read in columnar batches, turned into rows by a ColumnarToRow above the scan (outside its codegen stage). */
  get supportsColumnar(): boolean {
    return this.relation.format === 'parquet';
  }
  override get supportsCodegen(): boolean {
    return !this.supportsColumnar;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      numOutputRows: { name: 'number of output rows', type: 'sum' },
      numFiles: { name: 'number of files read', type: 'sum' },
      filesSize: { name: 'size of files read', type: 'size' },
      ...(this.supportsColumnar ? { scanTime: { name: 'scan time', type: 'timing' } } : {}),
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

/**
 * Spark's ColumnarToRowExec: rows out of a columnar scan's batches, the first
 * operator of the codegen stage above a Parquet FileScan (ApplyColumnarRulesAndInsertTransitions).
 */
export class ColumnarToRowExec extends UnaryExecNode {
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      numOutputRows: { name: 'number of output rows', type: 'sum' },
      numInputBatches: { name: 'number of input batches', type: 'sum' },
    };
  }
  get simpleString(): string {
    return 'ColumnarToRow';
  }
}
