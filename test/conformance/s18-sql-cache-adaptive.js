// A cached aggregate with adaptive execution on (Spark 4.0: CacheManager, InMemoryRelation,
// TableCacheQueryStageExec), spark.sql.shuffle.partitions 8. cache() is lazy: it plans the query (an
// AdaptiveSparkPlan, since it has an exchange) and runs nothing.
// - The first count is a new query over the cache: Aggregate(count) over InMemoryRelation. The scan is a
//   TableCacheQueryStage, materialised before the exchange above it. Building the cache runs the cached plan's
//   own query stage (the groupBy's map-stage job [4]); then TableCacheQueryStageExec submits a job over every
//   partition of the cache's RDD. CacheManager plans cached queries with
//   spark.sql.adaptive.applyFinalStageShuffleOptimizations off (canChangeCachedPlanOutputPartitioning is
//   false), so the cached plan's final stage is not coalesced: 8 partitions, its shuffle's map stage skipped
//   [4 skipped, 8]. Then the count's own Exchange SinglePartition runs as a query stage reading the 8 cached
//   partitions [4 skipped, 8], and the final aggregate [4 skipped, 8 skipped, 1].
// - The second count: the cache is loaded, so its query stage needs no job (isMaterialized), but the count is a
//   new query with its own exchange, whose stage still reads the cache: [4 skipped, 8], [4 skipped, 8 skipped, 1].
//   The groupBy's shuffle is never rerun: its stage is in each job's lineage and skipped.
// - A filter and collect over the cache: no exchange, but the cached plan is adaptive, so the query is too
//   (InsertAdaptiveSparkPlan); one job reads the 8 cached partitions [4 skipped, 8].
// - After unpersist() the same count reads no cache: the groupBy's shuffle is coalesced into one partition
//   (CoalesceShufflePartitions), so [4], [4 skipped, 1], [4 skipped, 1 skipped, 1].
spark.conf.set('spark.sql.shuffle.partitions', 8);
const totals = spark
  .range(0, 100, 1, 4)
  .select(F.col('id').mod(10).alias('k'), 'id')
  .groupBy('k')
  .agg(F.sum('id').alias('total'))
  .cache();
console.log(String(totals.storageLevel), totals.is_cached);
console.log(await totals.count());
console.log(await totals.count());
console.log((await totals.filter('k = 3').collect()).map((r) => r.total).join());
totals.unpersist();
console.log(totals.is_cached, await totals.count());
