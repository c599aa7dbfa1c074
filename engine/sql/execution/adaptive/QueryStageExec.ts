/** Spark's adaptive query stages as plans show them: ShuffleQueryStageExec and AQEShuffleReadExec. */
import { LeafExecNode, UnaryExecNode, type SparkPlan } from '../SparkPlan';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { ShuffleExchangeExec } from '../exchange/ShuffleExchangeExec';
import { UnknownPartitioning, type Partitioning } from '../../catalyst/plans/physical/partitioning';

/** A materialised shuffle (Spark's ShuffleQueryStageExec): its exchange printed under it. */
export class ShuffleQueryStageExec extends LeafExecNode {
  constructor(
    readonly stageId: number,
    readonly exchange: ShuffleExchangeExec,
    readonly bytesByPartitionId: readonly number[],
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.exchange.output;
  }
  override get outputPartitioning(): Partitioning {
    return this.exchange.outputPartitioning;
  }
  override get innerChildren(): readonly SparkPlan[] {
    return [this.exchange];
  }
  get simpleString(): string {
    return `ShuffleQueryStage ${this.stageId}`;
  }
}

/** Spark's AQEShuffleReadExec: reads a shuffle stage's partitions in coalesced groups. */
export class AQEShuffleReadExec extends UnaryExecNode {
  constructor(
    child: ShuffleQueryStageExec,
    readonly groups: readonly (readonly number[])[],
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(this.groups.length);
  }
  get simpleString(): string {
    return 'AQEShuffleRead coalesced';
  }
}
