// DataFrame aggregates, sorts and limits with adaptive execution off (the static plans).
// - groupBy(id % 10).count(): partial HashAggregate in the 4 Range tasks, Exchange hashpartitioning(_, 200),
//   final HashAggregate in 200 tasks (AggUtils.planAggregateWithoutDistinct, spark.sql.shuffle.partitions): [4, 200].
// - count(): a global aggregate gathers into Exchange SinglePartition (AllTuples): [4, 1].
// - orderBy: Exchange rangepartitioning needs its RangePartitioner first, a sampling job over the 4 input tasks;
//   the shuffle then has bounds + 1 partitions (ShuffleExchangeExec.prepareShuffleDependency): 7 keys give 7 bounds
//   (RangePartitioner.determineBounds), 8 partitions: [4], [4, 8].
// - limit(n) before collect is CollectLimit, run by executeTake: 1 partition first ([1]); when it finds nothing,
//   4x more, capped at the 3 left ([1], [3]).
spark.conf.set('spark.sql.adaptive.enabled', 'false');
const counts = spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count();
const rows = await counts.collect();
console.log(rows.map((r) => `${r.k}:${r['count']}`).sort().join(' '));
console.log(await spark.range(0, 100, 1, 4).count());
const sorted = await spark.range(0, 1000, 1, 4).select(F.col('id').mod(7).alias('m')).orderBy(F.desc('m')).collect();
console.log(sorted.length, sorted[0].m, sorted[999].m);
console.log((await spark.range(0, 100, 1, 4).limit(5).collect()).map((r) => r.id).join(','));
console.log((await spark.range(0, 100, 1, 4).filter('id > 90').limit(5).collect()).map((r) => r.id).join(','));
