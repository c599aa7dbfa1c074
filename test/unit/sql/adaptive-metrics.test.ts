/**
 * SQL metrics as real accumulators (executors add to them, the driver posts
 * its own with SparkListenerDriverAccumUpdates) and adaptive execution's
 * reads: coalesced (ShufflePartitionsUtil), local after a runtime broadcast
 * join (OptimizeShuffleWithLocalRead), split for a skewed join partition
 * (OptimizeSkewedJoin) — checked against Spark 4.0's rules.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { F, SparkSession } from '../../../engine/sql';
import { SparkContext } from '../../../engine/context';
import { buildAppModel, type SparkEvent } from '../../../engine/events';
import {
  coalescePartitions,
  splitSizeListByTargetSize,
} from '../../../engine/sql/execution/adaptive/ShufflePartitionsUtil';
import { equallyDivide, localReadSpecs } from '../../../engine/sql/execution/adaptive/OptimizeShuffleWithLocalRead';
import { medianSize } from '../../../engine/sql/execution/adaptive/OptimizeSkewedJoin';
import { unsafeRowSize } from '../../../engine/sql/execution/runtime/metrics';

const events: SparkEvent[] = [];
const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e) });
const spark = new SparkSession(sc, { print: () => {} });
afterAll(() => sc.stop());

const MiB = 1024 * 1024;
const jobsSince = (from: number) =>
  events
    .slice(from)
    .filter((e) => e.Event === 'SparkListenerJobStart')
    .map((e) =>
      (e as { 'Stage Infos': { 'Number of Tasks': number }[] })['Stage Infos'].map((s) => s['Number of Tasks']),
    );

describe('ShufflePartitionsUtil (Spark 4.0)', () => {
  it("coalesces as its doc's example: [100, 20, 100, 10, 30] and [10, 10, 70, 5, 5] MiB at 128 MiB make 4 tasks", () => {
    const stats = [
      [100, 20, 100, 10, 30],
      [10, 10, 70, 5, 5],
    ].map((mib) => ({
      bytesByPartitionId: mib.map((m) => m * MiB),
      sizesByMap: [],
    }));
    const specs = coalescePartitions(stats, [undefined, undefined], 128 * MiB, 1, 0)!;
    expect(specs[0].map((s) => s.spec)).toEqual([
      { kind: 'coalesced', startReducer: 0, endReducer: 1 },
      { kind: 'coalesced', startReducer: 1, endReducer: 2 },
      { kind: 'coalesced', startReducer: 2, endReducer: 3 },
      { kind: 'coalesced', startReducer: 3, endReducer: 5 },
    ]);
    expect(specs[1].map((s) => s.dataSize / MiB)).toEqual([10, 10, 70, 10]);
  });

  it('returns nothing when coalescing would not reduce the partitions, and skips empty groups', () => {
    const one = { bytesByPartitionId: [100, 100], sizesByMap: [] };
    expect(coalescePartitions([one], [undefined], 100, 1, 0)).toBeUndefined();
    const empty = { bytesByPartitionId: [0, 0, 0, 0], sizesByMap: [] };
    expect(coalescePartitions([empty], [undefined], 100, 1, 0)![0].map((s) => s.spec)).toEqual([
      { kind: 'coalesced', startReducer: 0, endReducer: 4 },
    ]);
  });

  it('keeps no group under the minimum partition size (ShufflePartitionsUtil.coalescePartitions, Spark 4.0)', () => {
    const stats = (sizes: number[]) => [{ bytesByPartitionId: sizes, sizesByMap: [] }];
    const ranges = (specs: ReturnType<typeof coalescePartitions>) =>
      specs![0].map(({ spec }) => spec.kind === 'coalesced' && [spec.startReducer, spec.endReducer]);
    // 5 is under the minimum 20: it joins the group before it, smaller than the 200 after it.
    expect(ranges(coalescePartitions(stats([30, 100, 5, 200]), [undefined], 100, 1, 20))).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
    ]);
    // A last group under the minimum joins the one before.
    expect(ranges(coalescePartitions(stats([10, 5, 100, 5, 10]), [undefined], 100, 1, 20))).toEqual([[0, 5]]);
  });

  it('splits sizes near a target, merging a piece under 20% of it into the one before', () => {
    expect(splitSizeListByTargetSize([100, 100, 100, 100], 200)).toEqual([0, 2]);
    expect(splitSizeListByTargetSize([100, 100, 100, 10], 200)).toEqual([0, 2]);
    expect(splitSizeListByTargetSize([30, 30, 30, 30], 40)).toEqual([0, 1, 2, 3]);
    expect(splitSizeListByTargetSize([10, 100, 5], 100)).toEqual([0]);
  });

  it('takes the median as Spark’s Utils.median and divides evenly as equallyDivide', () => {
    expect(medianSize([5, 1, 3])).toBe(3);
    expect(medianSize([0, 0])).toBe(1);
    expect(equallyDivide(10, 3)).toEqual([0, 4, 7]);
    expect(localReadSpecs(4, 200, 1)).toEqual([{ kind: 'coalescedMapper', startMap: 0, endMap: 4, numReducers: 200 }]);
    expect(localReadSpecs(2, 10, 4).map((s) => s.kind === 'partialMapper' && [s.map, s.startReducer])).toEqual([
      [0, 0],
      [0, 5],
      [1, 0],
      [1, 5],
    ]);
  });

  it('sizes rows as UnsafeRow: a null-bit word, 8 bytes a field, strings rounded up to words', () => {
    expect(unsafeRowSize([1, 'abc'])).toBe(32);
    expect(unsafeRowSize([null, 2.5, 'exactly8'])).toBe(8 + 24 + 8);
  });
});

describe('SQL metrics of a live run', () => {
  it('executors update operator metrics; the SQL model shows rows, sizes and shuffle records', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const from = events.length;
    await spark.range(0, 100, 1, 4).filter('id >= 10').groupBy(F.col('id').mod(3).alias('k')).count().collect();
    const model = buildAppModel(events.slice(from));
    const [execution] = [...model.sqlExecutions.values()];
    const metricByName = (node: string, metric: string) => {
      const n = execution.plan.nodes.find((x) => x.name === node)!;
      const id = n.metrics.find((m) => m.name === metric)!.accumulatorId;
      return execution.metricValues.get(id);
    };
    expect(metricByName('Filter', 'number of output rows')).toBe('90');
    // Partial aggregates: 3 keys in each of 4 partitions; final: 3 rows.
    const aggs = execution.plan.nodes.filter((n) => n.name === 'HashAggregate');
    const rows = aggs.map((n) =>
      execution.metricValues.get(n.metrics.find((m) => m.name === 'number of output rows')!.accumulatorId),
    );
    expect(rows).toEqual(['3', '12']);
    expect(metricByName('Exchange', 'shuffle records written')).toBe('12');
    expect(metricByName('Exchange', 'records read')).toBe('12');
    // 12 rows of (k: bigint, count: bigint) as UnsafeRows: 8 + 2 × 8 bytes each.
    expect(metricByName('Exchange', 'data size')).toMatch(/^total \(min, med, max[^\n]*\n288\.0 B /);
    // numPartitions is the driver's: posted as SparkListenerDriverAccumUpdates.
    expect(metricByName('Exchange', 'number of partitions')).toBe('200');
    expect(events.slice(from).some((e) => e.Event.endsWith('SparkListenerDriverAccumUpdates'))).toBe(true);
  });

  // TakeOrderedAndProjectExec.doExecute: its shuffle reports to its own SQLShuffleWrite/ReadMetricsReporter.
  it("orderBy().limit(n) inside a query shuffles each partition's top n rows, counted by TakeOrderedAndProject", async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const from = events.length;
    const top = spark.range(0, 100, 1, 4).orderBy(F.desc('id')).limit(3);
    const [row] = await top.agg(F.sum('id').alias('s')).collect();
    expect(Number(row.s)).toBe(99 + 98 + 97);
    const [execution] = [...buildAppModel(events.slice(from)).sqlExecutions.values()];
    const node = execution.plan.nodes.find((n) => n.name === 'TakeOrderedAndProject')!;
    const value = (name: string) =>
      execution.metricValues.get(node.metrics.find((m) => m.name === name)!.accumulatorId);
    // 3 rows from each of the 4 partitions are written and read; the reading task keeps 3.
    expect(value('shuffle records written')).toBe('12');
    expect(value('records read')).toBe('12');
    expect(jobsSince(from)).toEqual([[4, 1]]);
  });

  it('a broadcast posts its size and rows as the driver’s metrics', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const from = events.length;
    const small = spark.createDataFrame(
      [
        ['a', 1],
        ['b', 2],
      ],
      ['k', 'n'],
    );
    const big = spark.createDataFrame(
      [
        ['a', 10],
        ['a', 11],
        ['c', 12],
      ],
      ['k', 'v'],
    );
    await big.join(F.broadcast(small), 'k').collect();
    const model = buildAppModel(events.slice(from));
    const [execution] = [...model.sqlExecutions.values()];
    const node = execution.plan.nodes.find((n) => n.name === 'BroadcastExchange')!;
    const value = (name: string) =>
      execution.metricValues.get(node.metrics.find((m) => m.name === name)!.accumulatorId);
    expect(value('number of output rows')).toBe('2');
    // Kindling sizes the broadcast rows as UnsafeRows (2 × 32 B); Spark reports its hash relation's memory.
    expect(value('data size')).toBe('64.0 B');
  });
});

describe('adaptive reads', () => {
  it('a small join with mostly empty shuffle partitions stays a sort-merge join (DynamicJoinSelection, Spark 4.0)', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    // Two keys in 200 partitions: under nonEmptyPartitionRatioForBroadcastJoin (0.2) non-empty, so neither side is broadcast.
    const a = spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
      ],
      ['id', 'k'],
    );
    const b = spark.createDataFrame(
      [
        ['a', 'x'],
        ['b', 'y'],
      ],
      ['k', 'v'],
    );
    const joined = a.join(b, 'k');
    expect((await joined.collect()).length).toBe(2);
    const plan = joined.queryExecution.explainString('simple');
    expect(plan).toContain('SortMergeJoin');
    expect(plan).not.toContain('BroadcastHashJoin');
  });

  it('a join made broadcast at run time reads both stages locally, one task each (OptimizeShuffleWithLocalRead)', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    // 4 shuffle partitions, so neither side is mostly empty partitions (which DynamicJoinSelection would not broadcast).
    spark.conf.set('spark.sql.shuffle.partitions', '4');
    const orders = spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'a'],
        [4, 'c'],
      ],
      ['id', 'product'],
    );
    const products = spark.createDataFrame(
      [
        ['a', 'apple'],
        ['b', 'bean'],
      ],
      ['product', 'name'],
    );
    const joined = orders.join(products, 'product');
    const from = events.length;
    const rows = await joined.collect();
    expect(rows.map((r) => r.id).sort()).toEqual([1, 2, 3]);
    // Two map stages, then the broadcast's job and the final job, each listing the (skipped) map stage
    // it reads and one task: a local read of every map at once, as the coalesced read had one partition.
    expect(jobsSince(from)).toEqual([[4], [4], [4, 1], [4, 1]]);
    const plan = joined.queryExecution.explainString('simple');
    expect(plan).toContain('BroadcastHashJoin');
    expect(plan.match(/AQEShuffleRead local/g)?.length).toBe(2);
    spark.conf.unset('spark.sql.shuffle.partitions');
  });

  it('a skewed partition of a sort-merge join is split by maps (OptimizeSkewedJoin), with the same rows', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    spark.conf.set('spark.sql.adaptive.autoBroadcastJoinThreshold', '-1');
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
    spark.conf.set('spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes', '100b');
    spark.conf.set('spark.sql.adaptive.advisoryPartitionSizeInBytes', '200b');
    spark.conf.set('spark.sql.shuffle.partitions', '4');
    try {
      // Key 0 holds 400 of the 436 rows, spread over all four input partitions.
      const left = spark.range(0, 436, 1, 4).select(F.when(F.col('id').lt(400), 0).otherwise(F.col('id')).alias('k'));
      const right = spark.range(0, 436, 1, 2).select(F.col('id').alias('k'));
      const joined = left.join(right, 'k');
      expect(await joined.count()).toBe(436);
      const counted = left.join(right, 'k');
      const from = events.length;
      await counted.collect();
      const plan = counted.queryExecution.explainString('simple');
      const [execution] = [...buildAppModel(events.slice(from)).sqlExecutions.values()];
      const reads = execution.plan.nodes.filter((n) => n.name === 'AQEShuffleRead');
      const metric = (name: string) =>
        reads.map((n) => {
          const m = n.metrics.find((x) => x.name === name);
          return m && execution.metricValues.get(m.accumulatorId);
        });
      // The map stages, then the join: the skewed reducer read as 4 tasks over ranges of its maps, the
      // other side's matching reducer read once for each (AQEShuffleReadExec.sendDriverMetrics).
      expect(jobsSince(from)).toEqual([[4], [2], [4, 2, 6]]);
      expect(metric('number of partitions')).toEqual(['6', '6']);
      expect(metric('number of skewed partitions')).toEqual(['1', undefined]);
      expect(metric('number of skewed partition splits')).toEqual(['4', undefined]);
      expect(plan).toContain('SortMergeJoin(skew=true)');
      expect(plan).toMatch(/AQEShuffleRead (coalesced and )?skewed/);
    } finally {
      for (const k of [
        'spark.sql.adaptive.autoBroadcastJoinThreshold',
        'spark.sql.autoBroadcastJoinThreshold',
        'spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes',
        'spark.sql.adaptive.advisoryPartitionSizeInBytes',
        'spark.sql.shuffle.partitions',
      ])
        spark.conf.unset(k);
    }
  });
});
