/**
 * DataFrame caching as Spark 4.0 does it (CacheManager, InMemoryRelation, InMemoryTableScanExec,
 * TableCacheQueryStageExec): the plans `explain()` prints, the jobs each action runs (which stages a count over
 * a cache still runs, and which it skips), the RDD the Storage tab lists, and what unpersist undoes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SparkContext } from '../../../engine/context';
import { F, SparkSession } from '../../../engine/sql';
import { StorageLevel } from '../../../engine/rdd/storage-level';
import type { SparkEvent } from '../../../engine/events/types';
import { lines, normalizeIds } from './session';

const events: SparkEvent[] = [];
const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e) });
const printed: string[] = [];
const spark = new SparkSession(sc, { print: (t) => printed.push(t) });
afterAll(() => sc.stop());

interface JobStart {
  'Job ID': number;
  'Stage Infos': { 'Stage ID': number; 'Number of Tasks': number }[];
}

/** The jobs `body` runs, each as its stages' task counts, `s` marking a skipped stage (one never submitted). */
async function layout(body: () => Promise<unknown>): Promise<string[][]> {
  const from = events.length;
  await body();
  const ran = events.slice(from);
  const submitted = new Set(
    ran
      .filter((e) => e.Event === 'SparkListenerStageSubmitted')
      .map((e) => (e as unknown as { 'Stage Info': { 'Stage ID': number } })['Stage Info']['Stage ID']),
  );
  return (ran.filter((e) => e.Event === 'SparkListenerJobStart') as unknown as JobStart[]).map((j) =>
    j['Stage Infos'].map((s) => `${s['Number of Tasks']}${submitted.has(s['Stage ID']) ? '' : 's'}`),
  );
}

function explained(df: { explain: (mode?: boolean) => void }): string {
  printed.length = 0;
  df.explain();
  return normalizeIds(printed.join(''));
}

/** A small aggregate: 100 ids in 4 partitions grouped by id % 10 into spark.sql.shuffle.partitions (8). */
function totals() {
  return spark
    .range(0, 100, 1, 4)
    .select(F.col('id').mod(10).alias('k'), 'id')
    .groupBy('k')
    .agg(F.sum('id').alias('total'));
}

describe('DataFrame.cache()', () => {
  it('prints the scan, the relation two levels under it and the cached plan under that', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    const ids = spark.range(0, 40, 1, 4).cache();
    // TreeNode.generateTreeString prints innerChildren at depth + 2; InMemoryRelation.simpleString is
    // `InMemoryRelation [output], <StorageLevel.toString>`, MEMORY_AND_DISK by default
    // (spark.sql.defaultCacheStorageLevel). A cache of numeric columns is scanned as columnar batches
    // (DefaultCachedBatchSerializer.supportsColumnarOutput), so ColumnarToRow sits above the scan. No exchange
    // and a static cached plan: no AdaptiveSparkPlan (InsertAdaptiveSparkPlan.shouldApplyAQE).
    expect(explained(ids)).toBe(
      lines(`
        == Physical Plan ==
        *(1) ColumnarToRow
        +- InMemoryTableScan [id#0L]
              +- InMemoryRelation [id#0L], StorageLevel(disk, memory, deserialized, 1 replicas)
                    +- *(1) Range (0, 40, step=1, splits=4)
      `),
    );
    // Filters stay above the scan and are also its predicates (InMemoryScans: pruneFilterProject).
    expect(explained(ids.filter('id > 30'))).toContain(
      lines(`
        *(1) Filter (id#0L > 30)
        +- *(1) ColumnarToRow
           +- InMemoryTableScan [id#0L], [(id#0L > 30)]
      `),
    );
    ids.unpersist();
  });

  it('explain(true) prints the cached plan under the InMemoryRelation of the optimized logical plan', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    spark.conf.set('spark.sql.shuffle.partitions', 8);
    const cached = totals().cache();
    printed.length = 0;
    cached.filter('k > 0').explain(true);
    const text = normalizeIds(printed.join(''));
    // InMemoryRelation.innerChildren = Seq(cachedPlan): TreeNode.generateTreeString prints it at depth + 2 under the
    // relation (a leaf, so `   +- `), verbose as QueryExecution.writePlans prints every plan of the extended mode.
    expect(text.slice(text.indexOf('== Optimized Logical Plan =='), text.indexOf('== Physical Plan =='))).toBe(
      lines(`
        == Optimized Logical Plan ==
        Filter (isnotnull(k#0L) AND (k#0L > 0))
        +- InMemoryRelation [k#0L, total#2L], StorageLevel(disk, memory, deserialized, 1 replicas)
              +- *(2) HashAggregate(keys=[k#0L], functions=[sum(id#1L)], output=[k#0L, total#2L])
                 +- Exchange hashpartitioning(k#0L, 8), ENSURE_REQUIREMENTS, [plan_id=0]
                    +- *(1) HashAggregate(keys=[k#0L], functions=[partial_sum(id#1L)], output=[k#0L, sum#3L])
                       +- *(1) Project [(id#1L % 10) AS k#0L, id#1L]
                          +- *(1) Range (0, 100, step=1, splits=4)
      `) + '\n',
    );
    cached.unpersist();
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
  });

  it('keeps a string column row-based and an adaptive cached plan adaptive in the outer plan', () => {
    spark.conf.set('spark.sql.shuffle.partitions', 8);
    const names = spark
      .createDataFrame([['a'], ['b']], ['name'])
      .groupBy('name')
      .count()
      .cache();
    const text = explained(names);
    // InsertAdaptiveSparkPlan applies to a plan scanning an InMemoryTableScanExec whose cached plan is adaptive.
    expect(text).toContain('AdaptiveSparkPlan isFinalPlan=false\n+- InMemoryTableScan [name#0, count#1L]\n');
    expect(text).toContain(
      '      +- InMemoryRelation [name#0, count#1L], StorageLevel(disk, memory, deserialized, 1 replicas)\n' +
        '            +- AdaptiveSparkPlan isFinalPlan=false\n',
    );
    names.unpersist();
  });

  it('fills the cache in the first count and still runs the count’s exchange in the second', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    spark.conf.set('spark.sql.shuffle.partitions', 8);
    const cached = totals().cache();
    // First count, adaptive: the TableCacheQueryStage runs first. Building the cache runs the cached plan's own
    // query stage ([4]), then TableCacheQueryStageExec submits a job over every partition of the cache's RDD: its
    // final stage is not coalesced (CacheManager turns applyFinalStageShuffleOptimizations off), so 8 tasks.
    // Then the count's exchange stage reads the 8 cached partitions, and the final aggregate runs 1 task.
    expect(await layout(() => cached.count())).toEqual([['4'], ['4s', '8'], ['4s', '8'], ['4s', '8s', '1']]);
    // Second count: the cache is loaded, so its stage materialises with no job; every count is a new query with
    // its own Exchange SinglePartition, whose map stage reads the cache: 8 tasks again, then 1.
    expect(await layout(() => cached.count())).toEqual([
      ['4s', '8'],
      ['4s', '8s', '1'],
    ]);
    const counted = cached.groupBy().count();
    await counted.collect();
    expect(explained(counted)).toContain(
      lines(`
        +- == Final Plan ==
        :  *(2) HashAggregate(keys=[], functions=[count(1)])
        :  +- ShuffleQueryStage 1
        :     +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=0]
        :        +- *(1) HashAggregate(keys=[], functions=[partial_count(1)])
        :           +- *(1) ColumnarToRow
        :              +- TableCacheQueryStage 0
        :                 +- InMemoryTableScan
      `),
    );
    cached.unpersist();
  });

  it('keeps the cached plan’s partitioning, so grouping the cache by the same key needs no exchange', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    spark.conf.set('spark.sql.shuffle.partitions', 8);
    const cached = totals().cache();
    // Static plans: the first count computes the aggregate, caches its 8 partitions and counts them in one job.
    expect(await layout(() => cached.count())).toEqual([['4', '8', '1']]);
    expect(await layout(() => cached.count())).toEqual([['4s', '8', '1']]);
    // InMemoryTableScanExec.outputPartitioning is the cached plan's hashpartitioning(k, 8).
    const regrouped = cached.groupBy('k').count();
    expect(explained(regrouped).split('InMemoryRelation')[0]).not.toContain('Exchange');
    expect(await layout(() => regrouped.collect())).toEqual([['4s', '8']]);
    cached.unpersist();
  });

  it('names the cached RDD as Spark’s Storage tab does, and unpersist forgets the query', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const from = events.length;
    const cached = spark.range(0, 12, 1, 3).cache();
    expect(cached.is_cached).toBe(true);
    expect(String(cached.storageLevel)).toBe('StorageLevel(disk, memory, deserialized, 1 replicas)');
    expect(await cached.count()).toBe(12);
    const infos = events
      .slice(from)
      .flatMap((e) =>
        e.Event === 'SparkListenerStageCompleted'
          ? (e as unknown as { 'Stage Info': { 'RDD Info': Record<string, unknown>[] } })['Stage Info']['RDD Info']
          : [],
      );
    // CachedRDDBuilder.cachedName: the cached plan's text, as explain prints it before running.
    const info = infos.find((r) => r.Name === '*(1) Range (0, 12, step=1, splits=3)\n');
    expect(info?.['Number of Cached Partitions']).toBe(3);
    expect((info?.['Storage Level'] as { 'Use Disk': boolean })['Use Disk']).toBe(true);
    cached.unpersist();
    expect(cached.is_cached).toBe(false);
    expect(events.slice(from).some((e) => e.Event === 'SparkListenerUnpersistRDD')).toBe(true);
    expect(explained(spark.range(0, 12, 1, 3))).not.toContain('InMemory');
  });

  // CacheManager.uncacheQuery without cascade (Dataset.unpersist): a cached query built on the one dropped stays
  // cached; not loaded yet, it is planned again (recacheByCondition) so it no longer reads the dropped cache.
  it('unpersist does not cascade: a query cached on top is planned again unless already loaded', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    // The names of the RDDs cached by the stages completed since `from` (a cached RDD is named after its plan).
    const cachedSince = (from: number) => [
      ...new Set(
        events.slice(from).flatMap((e) =>
          e.Event === 'SparkListenerStageCompleted'
            ? (
                e as unknown as {
                  'Stage Info': { 'RDD Info': { Name: string; 'Number of Cached Partitions': number }[] };
                }
              )['Stage Info']['RDD Info']
                .filter((r) => r['Number of Cached Partitions'] > 0)
                .map((r) => r.Name)
            : [],
        ),
      ),
    ];
    const base = spark.range(0, 30, 1, 3).select(F.col('id').mod(3).alias('k')).cache();
    const top = base.filter('k > 0').cache();
    expect(explained(top)).toContain('InMemoryTableScan');
    base.unpersist();
    expect(top.is_cached).toBe(true);
    const from = events.length;
    expect(await top.count()).toBe(20);
    // Only top's rows were cached, computed from the range: base's cache was not filled again under it.
    const filled = cachedSince(from);
    expect(filled).toHaveLength(1);
    expect(filled[0]).toContain('Range (0, 30, step=1, splits=3)');
    expect(filled[0]).not.toContain('InMemoryTableScan');
    // A loaded query on top keeps its rows: nothing is planned again, its count reads its own cache.
    const base2 = spark.range(0, 30, 1, 3).select(F.col('id').mod(5).alias('m')).cache();
    const top2 = base2.filter('m > 0').cache();
    expect(await top2.count()).toBe(24);
    base2.unpersist();
    expect(await layout(() => top2.count())).toEqual([['3', '1']]);
    top.unpersist();
    top2.unpersist();
  });

  it('caches a temporary view by name: In-memory table <name>, isCached, uncacheTable', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    spark.range(5).createOrReplaceTempView('five');
    expect(spark.catalog.isCached('five')).toBe(false);
    spark.catalog.cacheTable('five', StorageLevel.MEMORY_ONLY);
    expect(spark.catalog.isCached('five')).toBe(true);
    const from = events.length;
    expect(await spark.sql('SELECT count(*) FROM five').collect()).toHaveLength(1);
    const names = events
      .slice(from)
      .flatMap((e) =>
        e.Event === 'SparkListenerStageCompleted'
          ? (e as unknown as { 'Stage Info': { 'RDD Info': { Name: string }[] } })['Stage Info']['RDD Info']
          : [],
      )
      .map((r) => r.Name);
    expect(names).toContain('In-memory table five');
    expect(explained(spark.table('five'))).toContain('StorageLevel(memory, deserialized, 1 replicas)');
    spark.catalog.uncacheTable('five');
    expect(spark.catalog.isCached('five')).toBe(false);
    expect(() => spark.catalog.isCached('nosuch')).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
  });

  it('broadcasts a cached side once its real size is known (InMemoryRelation.computeStats)', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    // 1000 ids are 8000 bytes by Range's estimate: over this threshold, so big is never broadcast.
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', 2000);
    const big = spark.range(0, 1000, 1, 4);
    // createDataFrame scans an RDD, whose size Spark does not know (defaultSizeInBytes): never broadcast by size.
    const small = spark.createDataFrame([[1], [2], [3]], ['id']).cache();
    const joinName = (df: ReturnType<typeof big.join>) =>
      df.queryExecution.executedPlan.find((p) => p.formattedName.endsWith('Join'))?.formattedName;
    // Before the cache is loaded the relation's size is the cached plan's estimate: a sort-merge join.
    expect(joinName(big.join(small, 'id'))).toBe('SortMergeJoin');
    await small.count();
    // Once loaded, the bytes cached (three rows: far under the threshold).
    const joined = big.join(small, 'id');
    expect(joinName(joined)).toBe('BroadcastHashJoin');
    expect(
      joined.queryExecution.executedPlan.find((p) => p.formattedName === 'BroadcastHashJoin')?.simpleString,
    ).toMatch(/BuildRight/);
    expect(await joined.count()).toBe(3);
    small.unpersist();
    spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
  });

  it('rejects what is not a StorageLevel', () => {
    expect(() => spark.range(3).persist('MEMORY' as unknown as StorageLevel)).toThrow(/StorageLevel/);
  });
});
