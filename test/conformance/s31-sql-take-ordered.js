// orderBy(...).limit(n) inside a query is TakeOrderedAndProjectExec, not a global sort and a limit.
// - Spark's SpecialLimits.planTakeOrdered matches Limit over a global Sort (or a Project over it) anywhere in the
//   plan, not only at the root (SparkStrategies.scala). Without it, the sort would be Exchange rangepartitioning
//   with its RangePartitioner sampling job, a full sort, then GlobalLimit's Exchange SinglePartition.
// - TakeOrderedAndProjectExec.doExecute keeps each partition's top n rows and shuffles them into one partition
//   (ShuffledRowRDD over prepareShuffleDependency with SinglePartition, limit.scala): a map stage of 4 tasks, then
//   one task. Its outputPartitioning is SinglePartition, which satisfies the aggregate above it (ClusteredDistribution,
//   AllTuples), so EnsureRequirements adds no Exchange: [4, 1] for the groupBy and for count().
// - With one input partition doExecute shuffles nothing: one stage of one task.
// - Under adaptive execution (on again below) a plan with no Exchange has no query stage: the aggregate still
//   requires a distribution, so the plan is adaptive (InsertAdaptiveSparkPlan), but it runs as the one job [4, 1].
// - At the root, executeCollect is the RDD's takeOrdered: one job over the 4 partitions, merged on the driver [4].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
const ids = spark.range(0, 100, 1, 4);
const top = ids.orderBy(F.desc('id')).limit(3);
const parity = top.groupBy(F.col('id').mod(2).alias('odd')).count();
console.log((await parity.collect()).map((r) => `${r.odd}:${r['count']}`).sort().join(' '));
console.log(await top.count());
console.log(await spark.range(0, 100, 1, 1).orderBy('id').limit(5).count());
spark.conf.set('spark.sql.adaptive.enabled', 'true');
ids.createOrReplaceTempView('ids');
const q = spark.sql('SELECT count(*) AS n, min(id) AS low FROM (SELECT id FROM ids ORDER BY id DESC LIMIT 5)');
const [row] = await q.collect();
console.log(`${row.n} ${row.low}`);
console.log((await top.collect()).map((r) => r.id).join(','));
