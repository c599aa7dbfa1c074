/**
 * Spark's exchanges: ShuffleExchangeExec (a shuffle: its map side ends a
 * stage, its reduce side starts the next) and BroadcastExchangeExec (the
 * child is collected to the driver by a job of its own, then broadcast).
 * The origin says who asked for the shuffle: EnsureRequirements, or the
 * program's own `repartition`.
 */
import { SparkPlan, UnaryExecNode, type MetricDefinition } from '../SparkPlan';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import {
  broadcastModeString,
  BroadcastPartitioning,
  type BroadcastMode,
  type Partitioning,
} from '../../catalyst/plans/physical/partitioning';

export type ShuffleOrigin =
  'ENSURE_REQUIREMENTS' | 'REPARTITION_BY_COL' | 'REPARTITION_BY_NUM' | 'REBALANCE_PARTITIONS_BY_COL';

/**
 * The metrics a shuffle's writer and readers add to (SQLShuffleWriteMetricsReporter, SQLShuffleReadMetricsReporter):
 * an Exchange's, and those of an operator that shuffles inside itself (TakeOrderedAndProject).
 */
export const SHUFFLE_METRICS: Record<string, MetricDefinition> = {
  shuffleRecordsWritten: { name: 'shuffle records written', type: 'sum' },
  shuffleBytesWritten: { name: 'shuffle bytes written', type: 'size' },
  shuffleWriteTime: { name: 'shuffle write time', type: 'nsTiming' },
  remoteBlocksFetched: { name: 'remote blocks read', type: 'sum' },
  localBlocksFetched: { name: 'local blocks read', type: 'sum' },
  recordsRead: { name: 'records read', type: 'sum' },
  localBytesRead: { name: 'local bytes read', type: 'size' },
  remoteBytesRead: { name: 'remote bytes read', type: 'size' },
  fetchWaitTime: { name: 'fetch wait time', type: 'timing' },
};

export class ShuffleExchangeExec extends UnaryExecNode {
  constructor(
    readonly partitioning: Partitioning,
    child: SparkPlan,
    readonly shuffleOrigin: ShuffleOrigin = 'ENSURE_REQUIREMENTS',
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return this.partitioning;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      dataSize: { name: 'data size', type: 'size' },
      numPartitions: { name: 'number of partitions', type: 'sum' },
      ...SHUFFLE_METRICS,
    };
  }
  get simpleString(): string {
    return `Exchange ${this.partitioning}, ${this.shuffleOrigin}, [plan_id=${this.id}]`;
  }
  override get formattedName(): string {
    return 'Exchange';
  }
}

export class BroadcastExchangeExec extends UnaryExecNode {
  constructor(
    readonly mode: BroadcastMode,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return new BroadcastPartitioning(this.mode);
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      dataSize: { name: 'data size', type: 'size' },
      numOutputRows: { name: 'number of output rows', type: 'sum' },
      collectTime: { name: 'time to collect', type: 'timing' },
      buildTime: { name: 'time to build', type: 'timing' },
      broadcastTime: { name: 'time to broadcast', type: 'timing' },
    };
  }
  get simpleString(): string {
    return `BroadcastExchange ${broadcastModeString(this.mode)}, [plan_id=${this.id}]`;
  }
}

/** An exchange already computed elsewhere in the same query, read again (Spark's ReusedExchangeExec). */
export class ReusedExchangeExec extends SparkPlan {
  readonly children: readonly SparkPlan[] = [];
  constructor(
    readonly reusedOutput: readonly AttributeReference[],
    readonly exchange: ShuffleExchangeExec | BroadcastExchangeExec,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.reusedOutput;
  }
  override get outputPartitioning(): Partitioning {
    return this.exchange.outputPartitioning;
  }
  get simpleString(): string {
    return `ReusedExchange [${this.reusedOutput.join(', ')}], ${this.exchange.simpleString}`;
  }
}
