// A global sort with adaptive execution on. orderBy needs an OrderedDistribution, so EnsureRequirements puts
// Exchange rangepartitioning(k ASC NULLS FIRST, 200) under the Sort. As a query stage it is materialised by
// ShuffleExchangeExec.submitShuffleJob, whose shuffle dependency needs the RangePartitioner first: the sampling
// job (RangePartitioner.sketch: collect over the 4 input partitions, 100 × 200 keys wanted, 3× over-sampled per
// partition, so all 250 rows of each partition are kept) [4]; then the map-stage job [4] (DAGScheduler.submitMapStage).
// RangePartitioner.determineBounds: 1000 weighted keys (k = id % 97, each 10 or 11 times, weight 1) cut every
// 1000 / 200 = 5 of weight, duplicates skipped, so every one of the 97 keys becomes a bound: 98 partitions.
// - Coalescing on (the default): the final job finds the map stage done and reads the few KB of 98 partitions as
//   one (CoalesceShufflePartitions): [4 skipped, 1].
// - spark.sql.adaptive.coalescePartitions.enabled=false: the final job reads all 98: [4], [4], [4 skipped, 98].
const df = spark.range(0, 1000, 1, 4).select(F.col('id').mod(97).alias('k'), 'id');
const ordered = (rows) => rows.every((r, i) => i === 0 || rows[i - 1].k <= r.k);
const rows = await df.orderBy('k').collect();
console.log(rows.length, rows[0].k, rows[rows.length - 1].k, ordered(rows));
spark.conf.set('spark.sql.adaptive.coalescePartitions.enabled', 'false');
const again = await df.orderBy('k').collect();
console.log(again.length, again[0].k, again[again.length - 1].k, ordered(again));
