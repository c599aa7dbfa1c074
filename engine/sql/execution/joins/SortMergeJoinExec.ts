/** Spark's SortMergeJoinExec: both sides clustered by the keys (Exchanges) and sorted by them (Sorts), then merged. */
import { BinaryExecNode, SparkPlan, list, type MetricDefinition } from '../SparkPlan';
import type { Expression } from '../../catalyst/expressions/Expression';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import { SortOrder } from '../../catalyst/expressions/ordering';
import type { JoinType } from '../../catalyst/plans/logical/basicLogicalOperators';
import {
  PartitioningCollection,
  UnknownPartitioning,
  type Distribution,
  type Partitioning,
} from '../../catalyst/plans/physical/partitioning';
import { joinOutput } from './joinUtils';

export class SortMergeJoinExec extends BinaryExecNode {
  /** Adaptive execution split a skewed partition of its inputs (OptimizeSkewedJoin): Spark names it `SortMergeJoin(skew=true)`. */
  readonly isSkewJoin: boolean = false;
  constructor(
    readonly leftKeys: readonly Expression[],
    readonly rightKeys: readonly Expression[],
    readonly joinType: JoinType,
    readonly condition: Expression | undefined,
    left: SparkPlan,
    right: SparkPlan,
  ) {
    super(left, right);
  }
  get output(): AttributeReference[] {
    return joinOutput(this.joinType, this.left.output, this.right.output);
  }
  override get requiredChildDistribution(): readonly Distribution[] {
    return [
      { kind: 'Clustered', clustering: this.leftKeys },
      { kind: 'Clustered', clustering: this.rightKeys },
    ];
  }
  override get requiredChildOrdering(): readonly (readonly SortOrder[])[] {
    return [this.leftKeys.map((k) => new SortOrder(k)), this.rightKeys.map((k) => new SortOrder(k))];
  }
  override get outputPartitioning(): Partitioning {
    const l = this.left.outputPartitioning;
    const r = this.right.outputPartitioning;
    switch (this.joinType) {
      case 'Inner':
      case 'Cross':
        return new PartitioningCollection([l, r]);
      case 'LeftOuter':
      case 'LeftSemi':
      case 'LeftAnti':
        return l;
      case 'RightOuter':
        return r;
      default:
        return new UnknownPartitioning(l.numPartitions);
    }
  }
  override get outputOrdering(): readonly SortOrder[] {
    if (this.joinType === 'RightOuter') return this.rightKeys.map((k) => new SortOrder(k));
    if (this.joinType === 'FullOuter') return [];
    return this.leftKeys.map((k) => new SortOrder(k));
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return { numOutputRows: { name: 'number of output rows', type: 'sum' } };
  }
  override get formattedName(): string {
    return `SortMergeJoin${this.isSkewJoin ? '(skew=true)' : ''}`;
  }
  get simpleString(): string {
    return `SortMergeJoin${this.isSkewJoin ? '(skew=true)' : ''} ${list(this.leftKeys)}, ${list(this.rightKeys)}, ${this.joinType}${this.condition ? `, ${this.condition}` : ''}`;
  }
}
