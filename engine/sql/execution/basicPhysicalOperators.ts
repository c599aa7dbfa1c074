/** Spark's basic physical operators (basicPhysicalOperators.scala): Project, Filter, Range, Union, Coalesce, Expand. */
import { LeafExecNode, NUM_OUTPUT_ROWS, SparkPlan, UnaryExecNode, list, type MetricDefinition } from './SparkPlan';
import type { Expression } from '../catalyst/expressions/Expression';
import type { AttributeReference, NamedExpression } from '../catalyst/expressions/namedExpressions';
import { SortOrder } from '../catalyst/expressions/ordering';
import {
  RangePartitioning,
  SinglePartition,
  UnknownPartitioning,
  type Partitioning,
} from '../catalyst/plans/physical/partitioning';

export class ProjectExec extends UnaryExecNode {
  constructor(
    readonly projectList: readonly Expression[],
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return this.projectList.map((e) => (e as NamedExpression).toAttribute());
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.child.outputOrdering;
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  get simpleString(): string {
    return `Project ${list(this.projectList)}`;
  }
}

export class FilterExec extends UnaryExecNode {
  constructor(
    readonly condition: Expression,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.child.outputOrdering;
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }
  get simpleString(): string {
    return `Filter ${this.condition}`;
  }
}

/** `spark.range`: splits = numSlices or spark.sparkContext.defaultParallelism. */
export class RangeExec extends LeafExecNode {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly step: number,
    readonly numSlices: number,
    readonly rangeOutput: readonly AttributeReference[],
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.rangeOutput;
  }
  get numElements(): number {
    return Math.max(0, Math.ceil((this.end - this.start) / this.step));
  }
  /** Spark's RangeExec says its rows are range-partitioned and sorted by `id`, so ordering by id needs no shuffle. */
  override get outputPartitioning(): Partitioning {
    if (this.numElements === 0) return new UnknownPartitioning(0);
    return this.numSlices === 1 ? SinglePartition : new RangePartitioning(this.outputOrdering, this.numSlices);
  }
  override get outputOrdering(): readonly SortOrder[] {
    return [new SortOrder(this.rangeOutput[0], this.step > 0 ? 'ASC' : 'DESC')];
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }
  get simpleString(): string {
    return `Range (${this.start}, ${this.end}, step=${this.step}, splits=${this.numSlices})`;
  }
}

export class UnionExec extends SparkPlan {
  constructor(readonly children: readonly SparkPlan[]) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.children[0].output;
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(this.children.reduce((a, c) => a + c.outputPartitioning.numPartitions, 0));
  }
  get simpleString(): string {
    return 'Union';
  }
}

/** `coalesce(n)`: fewer partitions without a shuffle. */
export class CoalesceExec extends UnaryExecNode {
  constructor(
    readonly numPartitions: number,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return this.numPartitions === 1 ? SinglePartition : new UnknownPartitioning(this.numPartitions);
  }
  get simpleString(): string {
    return `Coalesce ${this.numPartitions}`;
  }
}

/**
 * Spark's ExpandExec: each input row once per projection. Its rows can be spread any way, so its partitioning is
 * unknown (Spark: "The GroupExpressions can output data with arbitrary partitioning").
 */
export class ExpandExec extends UnaryExecNode {
  constructor(
    readonly projections: readonly (readonly Expression[])[],
    readonly expandOutput: readonly AttributeReference[],
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.expandOutput;
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(0);
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }
  get simpleString(): string {
    return `Expand ${list(this.projections.map((p) => list(p)))}, ${list(this.expandOutput)}`;
  }
}
