/** Spark's WindowExec: its child clustered by the partition keys and sorted by them and the order keys. */
import { SparkPlan, UnaryExecNode, list } from '../SparkPlan';
import type { Expression } from '../../catalyst/expressions/Expression';
import type { AttributeReference, NamedExpression } from '../../catalyst/expressions/namedExpressions';
import { SortOrder } from '../../catalyst/expressions/ordering';
import { AllTuples, type Distribution } from '../../catalyst/plans/physical/partitioning';

export class WindowExec extends UnaryExecNode {
  constructor(
    readonly windowExpression: readonly NamedExpression[],
    readonly partitionSpec: readonly Expression[],
    readonly orderSpec: readonly SortOrder[],
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return [...this.child.output, ...this.windowExpression.map((e) => e.toAttribute())];
  }
  override get requiredChildDistribution(): readonly Distribution[] {
    return [this.partitionSpec.length === 0 ? AllTuples : { kind: 'Clustered', clustering: this.partitionSpec }];
  }
  override get requiredChildOrdering(): readonly (readonly SortOrder[])[] {
    return [[...this.partitionSpec.map((e) => new SortOrder(e)), ...this.orderSpec]];
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.child.outputOrdering;
  }
  get simpleString(): string {
    return `Window ${list(this.windowExpression)}, ${list(this.partitionSpec)}, ${list(this.orderSpec)}`;
  }
}
