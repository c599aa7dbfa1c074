// Caching with adaptive execution off: static plans, spark.sql.shuffle.partitions 8.
// - The first count computes the cached aggregate inside its own job: the groupBy's map stage [4], then the stage
//   that computes the 8 aggregated partitions, caches them (the persisted RDD under InMemoryTableScanExec) and
//   counts them [8], then the global count [1].
// - The second count reads the 8 cached partitions; the groupBy's shuffle stage is in the lineage but skipped:
//   [4 skipped, 8, 1]. The count's own exchange still runs.
// - Grouping the cache by k again needs no exchange: InMemoryTableScanExec keeps the cached plan's
//   hashpartitioning(k, 8) (outputPartitioning), which satisfies the aggregate's ClusteredDistribution(k)
//   (EnsureRequirements): one stage over the cache [4 skipped, 8].
// - spark.catalog.cacheTable caches a view (Catalog.cacheTable; the Storage tab calls it "In-memory table five");
//   the count scans it in its 4 partitions [4, 1]; uncacheTable forgets it.
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 8);
const totals = spark
  .range(0, 100, 1, 4)
  .select(F.col('id').mod(10).alias('k'), 'id')
  .groupBy('k')
  .agg(F.sum('id').alias('total'))
  .cache();
console.log(await totals.count());
console.log(await totals.count());
console.log((await totals.groupBy('k').count().collect()).length);
spark.range(0, 5, 1, 4).createOrReplaceTempView('five');
spark.catalog.cacheTable('five');
console.log(spark.catalog.isCached('five'), (await spark.sql('SELECT count(*) AS n FROM five').first()).n);
spark.catalog.uncacheTable('five');
console.log(spark.catalog.isCached('five'));
