// Adaptive execution (on by default since Spark 3.2): every exchange is a query stage run by a map-stage job
// of its own (AdaptiveSparkPlanExec, DAGScheduler.submitMapStage); the final job then finds the map stage done
// (skipped) and reads the shuffle with its 200 partitions coalesced (CoalesceShufflePartitions with
// parallelismFirst: target max(1 MB, min(64 MB, bytes / 4)), so a few hundred bytes make one task): [4], [4s, 1]
// for each action.
const byKey = spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count();
const rows = await byKey.collect();
console.log(rows.length, rows.reduce((a, r) => a + r['count'], 0));
await spark.range(0, 12, 1, 4).groupBy(F.col('id').mod(3).alias('k')).agg(F.sum('id').alias('total')).orderBy('k').show();
console.log(await spark.range(0, 100, 1, 4).count());
