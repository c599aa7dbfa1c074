/**
 * Spark's aggregate operators (HashAggregateExec, ObjectHashAggregateExec,
 * SortAggregateExec): one class, three names, as the planner chooses by the
 * aggregation buffer's types (AggUtils.createAggregate). A partial aggregate
 * combines rows within each map task; the final one, after an Exchange by
 * the keys, merges the partial buffers.
 */
import { SparkPlan, UnaryExecNode, list, type MetricDefinition } from '../SparkPlan';
import type { Expression } from '../../catalyst/expressions/Expression';
import { AttributeReference, type NamedExpression } from '../../catalyst/expressions/namedExpressions';
import { AggregateExpression } from '../../catalyst/expressions/aggregate/interfaces';
import { SortOrder } from '../../catalyst/expressions/ordering';
import { AllTuples, UnspecifiedDistribution, type Distribution } from '../../catalyst/plans/physical/partitioning';

export type AggregateKind = 'HashAggregate' | 'ObjectHashAggregate' | 'SortAggregate';

export class HashAggregateExec extends UnaryExecNode {
  constructor(
    readonly kind: AggregateKind,
    /** Clustering the child must have; undefined for a partial aggregate (it takes rows as they come). */
    readonly requiredChildDistributionExpressions: readonly Expression[] | undefined,
    readonly groupingExpressions: readonly NamedExpression[],
    readonly aggregateExpressions: readonly AggregateExpression[],
    readonly aggregateAttributes: readonly AttributeReference[],
    readonly resultExpressions: readonly NamedExpression[],
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return this.resultExpressions.map((e) => e.toAttribute());
  }
  get isPartial(): boolean {
    return this.aggregateExpressions.some((a) => a.mode === 'Partial' || a.mode === 'PartialMerge');
  }
  override get requiredChildDistribution(): readonly Distribution[] {
    const exprs = this.requiredChildDistributionExpressions;
    if (exprs === undefined) return [UnspecifiedDistribution];
    return [exprs.length === 0 ? AllTuples : { kind: 'Clustered', clustering: exprs }];
  }
  override get requiredChildOrdering(): readonly (readonly SortOrder[])[] {
    if (this.kind !== 'SortAggregate') return [[]];
    return [this.groupingExpressions.map((g) => new SortOrder(g))];
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.kind === 'SortAggregate' ? this.groupingExpressions.map((g) => new SortOrder(g.toAttribute())) : [];
  }
  override get supportsCodegen(): boolean {
    return this.kind === 'HashAggregate';
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    const m: Record<string, MetricDefinition> = {
      numOutputRows: { name: 'number of output rows', type: 'sum' },
      aggTime: { name: 'time in aggregation build', type: 'timing' },
    };
    if (this.kind !== 'SortAggregate') {
      m.peakMemory = { name: 'peak memory', type: 'size' };
      m.spillSize = { name: 'spill size', type: 'size' };
    }
    return m;
  }
  get simpleString(): string {
    return `${this.kind}(keys=${list(this.groupingExpressions)}, functions=${list(this.aggregateExpressions)})`;
  }
  override get verboseString(): string {
    return `${this.kind}(keys=${list(this.groupingExpressions)}, functions=${list(this.aggregateExpressions)}, output=${list(this.output)})`;
  }
}
