/**
 * The SQL settings Kindling reads (Spark's SQLConf), with Spark 4's
 * defaults. They live in the session's runtime conf (`spark.conf.set`),
 * which starts from the SparkContext's conf.
 */

/** Sizes as Spark writes them: `10MB`, `64m`, `1048576`. */
export function parseBytes(v: string): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(v);
  if (!m) throw new Error(`Invalid size: ${v}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k'];
  return Math.round(Number(m[1]) * unit);
}

export const SQL_DEFAULTS: Record<string, string> = {
  'spark.sql.shuffle.partitions': '200',
  'spark.sql.autoBroadcastJoinThreshold': '10MB',
  'spark.sql.adaptive.enabled': 'true',
  'spark.sql.adaptive.coalescePartitions.enabled': 'true',
  'spark.sql.adaptive.coalescePartitions.parallelismFirst': 'true',
  'spark.sql.adaptive.coalescePartitions.minPartitionSize': '1MB',
  'spark.sql.adaptive.advisoryPartitionSizeInBytes': '64MB',
  'spark.sql.adaptive.skewJoin.enabled': 'true',
  'spark.sql.adaptive.skewJoin.skewedPartitionFactor': '5',
  'spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes': '256MB',
  'spark.sql.adaptive.localShuffleReader.enabled': 'true',
  'spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin': '0.2',
  'spark.sql.files.maxPartitionBytes': '128MB',
  'spark.sql.files.openCostInBytes': '4MB',
  'spark.sql.caseSensitive': 'false',
  'spark.sql.join.preferSortMergeJoin': 'true',
  'spark.sql.codegen.wholeStage': 'true',
  'spark.sql.exchange.reuse': 'true',
  // ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH
  'spark.sql.execution.topKSortFallbackThreshold': '2147483632',
  'spark.sql.ansi.enabled': 'true',
  'spark.sql.execution.arrow.pyspark.enabled': 'false',
};

/** Typed access to the SQL settings of one session. */
export class SQLConf {
  constructor(readonly get: (key: string) => string | undefined) {}

  #str(key: string): string {
    return this.get(key) ?? SQL_DEFAULTS[key];
  }
  #bool(key: string): boolean {
    return this.#str(key).trim().toLowerCase() === 'true';
  }

  /** A limit over a sort below this is TakeOrderedAndProject; at or above it, a sort then a limit. */
  get topKSortFallbackThreshold(): number {
    return Number(this.#str('spark.sql.execution.topKSortFallbackThreshold'));
  }
  get shufflePartitions(): number {
    return Number(this.#str('spark.sql.shuffle.partitions'));
  }
  /** -1 turns broadcast joins off. */
  get autoBroadcastJoinThreshold(): number {
    const v = this.#str('spark.sql.autoBroadcastJoinThreshold');
    return v.trim() === '-1' ? -1 : parseBytes(v);
  }
  /** AQE's own threshold; Spark defaults it to autoBroadcastJoinThreshold. */
  get adaptiveAutoBroadcastJoinThreshold(): number {
    const v = this.get('spark.sql.adaptive.autoBroadcastJoinThreshold');
    return v === undefined ? this.autoBroadcastJoinThreshold : v.trim() === '-1' ? -1 : parseBytes(v);
  }
  get adaptiveEnabled(): boolean {
    return this.#bool('spark.sql.adaptive.enabled');
  }
  get coalescePartitionsEnabled(): boolean {
    return this.#bool('spark.sql.adaptive.coalescePartitions.enabled');
  }
  get coalesceParallelismFirst(): boolean {
    return this.#bool('spark.sql.adaptive.coalescePartitions.parallelismFirst');
  }
  get coalesceMinPartitionSize(): number {
    return parseBytes(this.#str('spark.sql.adaptive.coalescePartitions.minPartitionSize'));
  }
  get advisoryPartitionSizeInBytes(): number {
    return parseBytes(this.#str('spark.sql.adaptive.advisoryPartitionSizeInBytes'));
  }
  get skewJoinEnabled(): boolean {
    return this.#bool('spark.sql.adaptive.skewJoin.enabled');
  }
  get skewedPartitionFactor(): number {
    return Number(this.#str('spark.sql.adaptive.skewJoin.skewedPartitionFactor'));
  }
  get skewedPartitionThresholdInBytes(): number {
    return parseBytes(this.#str('spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes'));
  }
  /** Below this share of non-empty partitions a side is not broadcast at run time (DynamicJoinSelection). */
  get nonEmptyPartitionRatioForBroadcastJoin(): number {
    return Number(this.#str('spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin'));
  }
  get localShuffleReaderEnabled(): boolean {
    return this.#bool('spark.sql.adaptive.localShuffleReader.enabled');
  }
  get maxPartitionBytes(): number {
    return parseBytes(this.#str('spark.sql.files.maxPartitionBytes'));
  }
  get openCostInBytes(): number {
    return parseBytes(this.#str('spark.sql.files.openCostInBytes'));
  }
  get caseSensitive(): boolean {
    return this.#bool('spark.sql.caseSensitive');
  }
  get preferSortMergeJoin(): boolean {
    return this.#bool('spark.sql.join.preferSortMergeJoin');
  }
  get wholeStageEnabled(): boolean {
    return this.#bool('spark.sql.codegen.wholeStage');
  }
  get exchangeReuseEnabled(): boolean {
    return this.#bool('spark.sql.exchange.reuse');
  }
  /** Name equality as the analyzer uses it (case-insensitive by default). */
  resolver(a: string, b: string): boolean {
    return this.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  }
}
