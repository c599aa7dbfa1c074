/** Scans of rows that already exist: an RDD (`Scan ExistingRDD`, PySpark's createDataFrame and `rdd.toDF()`) or local rows. */
import { LeafExecNode, NUM_OUTPUT_ROWS, list, type MetricDefinition } from './SparkPlan';
import type { AttributeReference } from '../catalyst/expressions/namedExpressions';
import type { InternalRow } from '../catalyst/expressions/Expression';
import { UnknownPartitioning, type Partitioning } from '../catalyst/plans/physical/partitioning';

export class RDDScanExec extends LeafExecNode {
  constructor(
    readonly scanOutput: readonly AttributeReference[],
    readonly rdd: unknown,
    readonly numPartitions: number,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.scanOutput;
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(this.numPartitions);
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }
  get simpleString(): string {
    return `Scan ExistingRDD${list(this.scanOutput, ',')}`;
  }
  override get formattedName(): string {
    return 'Scan ExistingRDD';
  }
}

export class LocalTableScanExec extends LeafExecNode {
  constructor(
    readonly scanOutput: readonly AttributeReference[],
    readonly rows: readonly InternalRow[],
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.scanOutput;
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(this.rows.length === 0 ? 0 : 1);
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }
  get simpleString(): string {
    return `LocalTableScan ${this.rows.length === 0 ? '<empty>, ' : ''}${list(this.scanOutput)}`;
  }
}
