// Limits inside a query against limits at its root, adaptive execution off, spark.sql.shuffle.partitions 4.
// - take(n) and head(n) are limit(n).collect(): at the root a Limit is CollectLimitExec (SpecialLimits), run by
//   SparkPlan.executeTake: one partition first [1]; when it finds nothing, 4x more (spark.sql.limit.scaleUpFactor),
//   capped at the 3 left [1], [3].
// - A limit under an aggregate is GlobalLimitExec over LocalLimitExec: GlobalLimit requires AllTuples, so
//   EnsureRequirements puts Exchange SinglePartition between them. The partial aggregate above then runs on that
//   single partition, whose SinglePartition satisfies the final aggregate's ClusteredDistribution: no second
//   exchange, [4, 1]. count() over a limit is the same shape.
// - orderBy then limit at the root is TakeOrderedAndProjectExec (SpecialLimits.planTakeOrdered), whose
//   executeCollect is the RDD's takeOrdered: one job over the 4 partitions, no exchange [4].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
const ids = spark.range(0, 100, 1, 4);
console.log((await ids.take(3)).map((r) => r.id).join(','));
console.log((await ids.filter('id >= 60').head(2)).map((r) => r.id).join(','));
const capped = ids.limit(10).groupBy(F.col('id').mod(2).alias('odd')).count();
console.log((await capped.collect()).map((r) => `${r.odd}:${r['count']}`).sort().join(' '));
console.log(await ids.limit(7).count());
const top = ids.orderBy(F.desc('id')).limit(3);
console.log((await top.collect()).map((r) => r.id).join(','));
