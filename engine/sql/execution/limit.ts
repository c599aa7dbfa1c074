/** Spark's limit operators (limit.scala). */
import { NUM_OUTPUT_ROWS, SparkPlan, UnaryExecNode, list, type MetricDefinition } from './SparkPlan';
import { SHUFFLE_METRICS } from './exchange/ShuffleExchangeExec';
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

/**
 * `orderBy(…).limit(n)`: each partition's top n rows. As the root of a collect (`executeCollect`) they are merged on
 * the driver by one job; inside a query (`doExecute`) they are shuffled into a single partition, which keeps the top
 * n of them and projects: one map stage and one task more, and no sampling job nor full sort as a global sort has.
 */
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
  /** The sort order, as far as the projection keeps its columns (OrderPreservingUnaryExecNode). */
  override get outputOrdering(): readonly SortOrder[] {
    const kept = new Set(this.output.map((a) => a.exprId));
    const prefix = this.sortOrder.findIndex(
      (o) => !o.references.every((r) => kept.has((r as AttributeReference).exprId)),
    );
    return prefix < 0 ? this.sortOrder : this.sortOrder.slice(0, prefix);
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return SHUFFLE_METRICS;
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
