// Caching changes a join's strategy, adaptive execution off, spark.sql.shuffle.partitions 4,
// spark.sql.autoBroadcastJoinThreshold 2000 bytes. big is 1000 ids (8000 bytes by Range's estimate, never
// broadcast); small is three rows from createDataFrame, which scans an RDD of unknown size (defaultSizeInBytes).
// - Before the cache is loaded, the InMemoryRelation's size is its plan's estimate (InMemoryRelation.computeStats:
//   statsOfPlanToCache), unknown: a sort-merge join, [4, 4, 4, 1]; its small side's map stage fills the cache.
// - Once loaded, the relation's size is the bytes cached, far under the threshold: the same join is now a
//   broadcast hash join building the cached side (JoinSelection, canBroadcastBySize): its collect job reads the
//   4 cached partitions [4], then big is joined in place [4, 1].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', 2000);
const big = spark.range(0, 1000, 1, 4);
const small = spark.createDataFrame([[1, 'one'], [2, 'two'], [3, 'three']], ['id', 'name']).cache();
const strategy = (df) => df.queryExecution.executedPlan.find((p) => p.formattedName.endsWith('Join')).formattedName;
const first = big.join(small, 'id');
console.log(strategy(first), await first.count());
const again = big.join(small, 'id');
console.log(strategy(again), await again.count());
