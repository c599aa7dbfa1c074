/** Spark's SortExec: `global` sorts need a range-partitioned child (EnsureRequirements adds the Exchange). */
import { SparkPlan, UnaryExecNode, list, type MetricDefinition } from './SparkPlan';
import type { AttributeReference } from '../catalyst/expressions/namedExpressions';
import type { SortOrder } from '../catalyst/expressions/ordering';
import { UnspecifiedDistribution, type Distribution } from '../catalyst/plans/physical/partitioning';

export class SortExec extends UnaryExecNode {
  constructor(
    readonly sortOrder: readonly SortOrder[],
    readonly global: boolean,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.sortOrder;
  }
  override get requiredChildDistribution(): readonly Distribution[] {
    return [this.global ? { kind: 'Ordered', ordering: this.sortOrder } : UnspecifiedDistribution];
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      sortTime: { name: 'sort time', type: 'timing' },
      peakMemory: { name: 'peak memory', type: 'size' },
      spillSize: { name: 'spill size', type: 'size' },
    };
  }
  get simpleString(): string {
    return `Sort ${list(this.sortOrder)}, ${this.global}, 0`;
  }
}
