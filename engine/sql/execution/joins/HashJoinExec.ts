/**
 * Spark's hash joins: BroadcastHashJoinExec (the build side is broadcast:
 * no shuffle, no new stage on the stream side) and ShuffledHashJoinExec
 * (both sides clustered by the keys, the build side hashed per partition).
 */
import { BinaryExecNode, SparkPlan, list, type MetricDefinition } from '../SparkPlan';
import type { Expression } from '../../catalyst/expressions/Expression';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { JoinType } from '../../catalyst/plans/logical/basicLogicalOperators';
import {
  PartitioningCollection,
  UnknownPartitioning,
  UnspecifiedDistribution,
  type Distribution,
  type Partitioning,
} from '../../catalyst/plans/physical/partitioning';
import { BoundReference } from '../../catalyst/expressions/namedExpressions';
import { joinOutput, type BuildSide } from './joinUtils';
import type { SortOrder } from '../../catalyst/expressions/ordering';

abstract class HashJoin extends BinaryExecNode {
  constructor(
    readonly leftKeys: readonly Expression[],
    readonly rightKeys: readonly Expression[],
    readonly joinType: JoinType,
    readonly buildSide: BuildSide,
    readonly condition: Expression | undefined,
    left: SparkPlan,
    right: SparkPlan,
  ) {
    super(left, right);
  }
  get output(): AttributeReference[] {
    return joinOutput(this.joinType, this.left.output, this.right.output);
  }
  get streamedPlan(): SparkPlan {
    return this.buildSide === 'BuildLeft' ? this.right : this.left;
  }
  get buildKeys(): readonly Expression[] {
    return this.buildSide === 'BuildLeft' ? this.leftKeys : this.rightKeys;
  }
  override get supportsCodegen(): boolean {
    return true;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return { numOutputRows: { name: 'number of output rows', type: 'sum' } };
  }
}

export class BroadcastHashJoinExec extends HashJoin {
  /**
   * A single-column `NOT IN`'s null-aware anti join (ExtractSingleColumnNullAwareAntiJoin): no row when the build
   * side holds a null key, every row when it is empty, else the streamed rows whose key is not null and not found.
   */
  readonly isNullAwareAntiJoin: boolean = false;
  override get requiredChildDistribution(): readonly Distribution[] {
    const build: Distribution = {
      kind: 'Broadcast',
      mode: {
        kind: 'HashedRelation',
        keys: boundKeys(this.buildKeys, this.buildSide === 'BuildLeft' ? this.left : this.right),
        isNullAware: this.isNullAwareAntiJoin,
      },
    };
    return this.buildSide === 'BuildLeft' ? [build, UnspecifiedDistribution] : [UnspecifiedDistribution, build];
  }
  override get outputPartitioning(): Partitioning {
    return this.streamedPlan.outputPartitioning;
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.streamedPlan.outputOrdering;
  }
  get simpleString(): string {
    return `BroadcastHashJoin ${list(this.leftKeys)}, ${list(this.rightKeys)}, ${this.joinType}, ${this.buildSide}, ${this.condition ? `${this.condition}, ` : ''}${this.isNullAwareAntiJoin}`;
  }
}

export class ShuffledHashJoinExec extends HashJoin {
  /** Adaptive execution split a skewed partition of its inputs: Spark names it `ShuffledHashJoin(skew=true)`. */
  readonly isSkewJoin: boolean = false;
  override get requiredChildDistribution(): readonly Distribution[] {
    return [
      { kind: 'Clustered', clustering: this.leftKeys },
      { kind: 'Clustered', clustering: this.rightKeys },
    ];
  }
  override get outputPartitioning(): Partitioning {
    if (this.joinType === 'Inner')
      return new PartitioningCollection([this.left.outputPartitioning, this.right.outputPartitioning]);
    if (this.joinType === 'FullOuter') return new UnknownPartitioning(this.left.outputPartitioning.numPartitions);
    return this.streamedPlan.outputPartitioning;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      numOutputRows: { name: 'number of output rows', type: 'sum' },
      buildDataSize: { name: 'data size of build side', type: 'size' },
      buildTime: { name: 'time to build hash map', type: 'timing' },
    };
  }
  override get formattedName(): string {
    return `ShuffledHashJoin${this.isSkewJoin ? '(skew=true)' : ''}`;
  }
  get simpleString(): string {
    return `ShuffledHashJoin${this.isSkewJoin ? '(skew=true)' : ''} ${list(this.leftKeys)}, ${list(this.rightKeys)}, ${this.joinType}, ${this.buildSide}${this.condition ? `, ${this.condition}` : ''}`;
  }
}

/** Keys bound to the build side's columns, as HashedRelationBroadcastMode prints them (`input[0, bigint, false]`). */
export function boundKeys(keys: readonly Expression[], side: SparkPlan): Expression[] {
  const out = side.output;
  return keys.map((k) =>
    k.transformUp((x) => {
      const i = out.findIndex(
        (a) => (x as AttributeReference).exprId === a.exprId && (x as { isAttribute?: boolean }).isAttribute,
      );
      return i >= 0 ? new BoundReference(i, x.dataType, x.nullable) : undefined;
    }),
  );
}

/** A join without equality keys, one side broadcast and every pair checked (BroadcastNestedLoopJoinExec). */
export class BroadcastNestedLoopJoinExec extends BinaryExecNode {
  constructor(
    readonly buildSide: BuildSide,
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
    const b: Distribution = { kind: 'Broadcast', mode: { kind: 'Identity' } };
    return this.buildSide === 'BuildLeft' ? [b, UnspecifiedDistribution] : [UnspecifiedDistribution, b];
  }
  override get outputPartitioning(): Partitioning {
    return (this.buildSide === 'BuildLeft' ? this.right : this.left).outputPartitioning;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return { numOutputRows: { name: 'number of output rows', type: 'sum' } };
  }
  get simpleString(): string {
    return `BroadcastNestedLoopJoin ${this.buildSide}, ${this.joinType}${this.condition ? `, ${this.condition}` : ''}`;
  }
}

/** An inner join with no keys and no broadcastable side: every pair of partitions (CartesianProductExec). */
export class CartesianProductExec extends BinaryExecNode {
  constructor(
    readonly condition: Expression | undefined,
    left: SparkPlan,
    right: SparkPlan,
  ) {
    super(left, right);
  }
  get output(): AttributeReference[] {
    return [...this.left.output, ...this.right.output];
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(
      this.left.outputPartitioning.numPartitions * this.right.outputPartitioning.numPartitions,
    );
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return { numOutputRows: { name: 'number of output rows', type: 'sum' } };
  }
  get simpleString(): string {
    return `CartesianProduct${this.condition ? ` ${this.condition}` : ''}`;
  }
}
