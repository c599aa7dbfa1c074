/** Spark's limit operators (limit.scala). */
import { NUM_OUTPUT_ROWS, SparkPlan, UnaryExecNode, list, type MetricDefinition } from './SparkPlan';
import type { AttributeReference, NamedExpression } from '../catalyst/expressions/namedExpressions';
import type { Expression } from '../catalyst/expressions/Expression';
import type { SortOrder } from '../catalyst/expressions/ordering';
import {
  AllTuples,
  SinglePartition,
  type Distribution,
  type Partitioning,
} from '../catalyst/plans/physical/partitioning';

/** `limit(n)` as the last step before `collect()`: `executeTake`'s incremental jobs, no shuffle. */
export class CollectLimitExec extends UnaryExecNode {
  constructor(
    readonly limit: number,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return SinglePartition;
  }
  get simpleString(): string {
    return `CollectLimit ${this.limit}`;
  }
}

/** `orderBy(…).limit(n)` before `collect()`: each partition's top n, merged on the driver. */
export class TakeOrderedAndProjectExec extends UnaryExecNode {
  constructor(
    readonly limit: number,
    readonly sortOrder: readonly SortOrder[],
    readonly projectList: readonly Expression[],
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return this.projectList.map((e) => (e as NamedExpression).toAttribute());
  }
  override get outputPartitioning(): Partitioning {
    return SinglePartition;
  }
  get simpleString(): string {
    return `TakeOrderedAndProject(limit=${this.limit}, orderBy=${list(this.sortOrder)}, output=${list(this.projectList, ',')})`;
  }
}

export class LocalLimitExec extends UnaryExecNode {
  constructor(
    readonly limit: number,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  get simpleString(): string {
    return `LocalLimit ${this.limit}`;
  }
}

export class GlobalLimitExec extends UnaryExecNode {
  constructor(
    readonly limit: number,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get requiredChildDistribution(): readonly Distribution[] {
    return [AllTuples];
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return NUM_OUTPUT_ROWS;
  }
  get simpleString(): string {
    return `GlobalLimit ${this.limit}, 0`;
  }
}
