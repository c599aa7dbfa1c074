/** Spark's adaptive query stages as plans show them: ShuffleQueryStageExec and AQEShuffleReadExec. */
import { LeafExecNode, UnaryExecNode, type MetricDefinition, type SparkPlan } from '../SparkPlan';
import type { ShufflePartitionSpec } from '../ShuffledRowRDD';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { ReusedExchangeExec, ShuffleExchangeExec } from '../exchange/ShuffleExchangeExec';
import { AttributeReference as Attribute } from '../../catalyst/expressions/namedExpressions';
import {
  HashPartitioning,
  RangePartitioning,
  RoundRobinPartitioning,
  UnknownPartitioning,
  type Partitioning,
} from '../../catalyst/plans/physical/partitioning';

/**
 * A materialised shuffle (Spark's ShuffleQueryStageExec): its exchange printed under it. A stage that reuses
 * another's shuffle (the same rows computed again elsewhere in the query) prints a ReusedExchange of it and gives
 * its own attributes; `exchange` is then the shuffle it reads.
 */
export class ShuffleQueryStageExec extends LeafExecNode {
  constructor(
    readonly stageId: number,
    readonly exchange: ShuffleExchangeExec,
    readonly bytesByPartitionId: readonly number[],
    readonly reused?: ReusedExchangeExec,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.reused?.output ?? this.exchange.output;
  }
  override get outputPartitioning(): Partitioning {
    const p = this.exchange.outputPartitioning;
    if (!this.reused || !(p instanceof HashPartitioning)) return p;
    // ReusedExchangeExec.updatePartitioning: the shuffle's keys as this stage's attributes.
    const own = new Map(this.exchange.output.map((a, i) => [a.exprId, this.reused!.output[i]]));
    return new HashPartitioning(
      p.expressions.map((e) => e.transformUp((x) => (x instanceof Attribute ? own.get(x.exprId) : undefined))),
      p.numPartitions,
    );
  }
  override get innerChildren(): readonly SparkPlan[] {
    return [this.reused ?? this.exchange];
  }
  get simpleString(): string {
    return `ShuffleQueryStage ${this.stageId}`;
  }
}

/**
 * Spark's AQEShuffleReadExec: reads a shuffle stage by partition specs —
 * coalesced (several reduce partitions per task), skewed (a large reduce
 * partition split over ranges of maps) or local (the reducers of each map,
 * read where the map ran). Its metrics are the driver's, sent when it is
 * executed.
 */
export class AQEShuffleReadExec extends UnaryExecNode {
  constructor(
    child: ShuffleQueryStageExec,
    readonly specs: readonly ShufflePartitionSpec[],
    /** Bytes each spec reads (Spark's partition data sizes); none for a local read. */
    readonly dataSizes?: readonly number[],
  ) {
    super(child);
  }
  get stage(): ShuffleQueryStageExec {
    return this.child as ShuffleQueryStageExec;
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get isLocalRead(): boolean {
    return this.specs.some((s) => s.kind === 'partialMapper' || s.kind === 'coalescedMapper');
  }
  /** Some non-empty reduce partitions were read together. */
  get hasCoalescedPartition(): boolean {
    return this.specs.some((s) => s.kind === 'coalesced' && (s.endReducer - s.startReducer > 1 || s.endReducer === 0));
  }
  get hasSkewedPartition(): boolean {
    return this.specs.some((s) => s.kind === 'partialReducer');
  }
  override get outputPartitioning(): Partitioning {
    // A local read with one map per task keeps the partitioning the rows had before the shuffle.
    const maps = this.specs.map((s) => (s.kind === 'partialMapper' ? s.map : -1));
    if (maps.every((m) => m >= 0) && new Set(maps).size === maps.length)
      return this.stage.exchange.child.outputPartitioning;
    // A coalesced read keeps the shuffle's distribution with fewer partitions.
    if (this.specs.every((s) => s.kind === 'coalesced')) {
      const p = this.stage.outputPartitioning;
      const n = this.specs.length;
      if (p instanceof HashPartitioning) return new HashPartitioning(p.expressions, n);
      if (p instanceof RangePartitioning) return new RangePartitioning(p.ordering, n);
      if (p instanceof RoundRobinPartitioning) return new RoundRobinPartitioning(n);
    }
    return new UnknownPartitioning(this.specs.length);
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    const m: Record<string, MetricDefinition> = { numPartitions: { name: 'number of partitions', type: 'sum' } };
    if (!this.isLocalRead) m.partitionDataSize = { name: 'partition data size', type: 'size' };
    if (this.hasSkewedPartition) {
      m.numSkewedPartitions = { name: 'number of skewed partitions', type: 'sum' };
      m.numSkewedSplits = { name: 'number of skewed partition splits', type: 'sum' };
    }
    if (!this.isLocalRead && this.hasCoalescedPartition)
      m.numCoalescedPartitions = { name: 'number of coalesced partitions', type: 'sum' };
    return m;
  }
  get simpleString(): string {
    const desc = this.isLocalRead
      ? 'local'
      : this.hasCoalescedPartition && this.hasSkewedPartition
        ? 'coalesced and skewed'
        : this.hasCoalescedPartition
          ? 'coalesced'
          : this.hasSkewedPartition
            ? 'skewed'
            : '';
    return `AQEShuffleRead ${desc}`;
  }
}

/**
 * Spark's TableCacheQueryStageExec (3.5+): under adaptive execution every scan of a cached query is a query
 * stage of its own. Materialising it runs a job over the cache's RDD, every partition, when the cache is not
 * loaded yet, and nothing when it is; the exchanges above it become stages only after it.
 */
export class TableCacheQueryStageExec extends LeafExecNode {
  constructor(
    readonly stageId: number,
    readonly scan: SparkPlan,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return this.scan.output;
  }
  override get outputPartitioning(): Partitioning {
    return this.scan.outputPartitioning;
  }
  override get innerChildren(): readonly SparkPlan[] {
    return [this.scan];
  }
  get simpleString(): string {
    return `TableCacheQueryStage ${this.stageId}`;
  }
}
