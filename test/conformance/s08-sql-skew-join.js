// A skewed sort-merge join (OptimizeSkewedJoin). Key 0 holds 400 of the left side's 436 rows, spread over all 4
// of its input partitions. After both query stages run ([4], [4]), the reduce partition holding key 0 is more than
// skewedPartitionFactor (5) × the median partition and over skewedPartitionThresholdInBytes, so it is split by
// ranges of maps into pieces near the target (the mean of the other partitions, at least the advisory size):
// each map's block is far above that target, so one piece per map, 4 in all; the right side's matching partition
// is read once per piece. The other reduce partitions are coalesced around the split (ShufflePartitionsUtil
// .coalescePartitions with skew): key 0 hashes to partition 1 of 4 (Murmur3 with seed 42: hash(0L) = -1670924195),
// so partition 0 makes one task and 2–3 another: the join's job reads 1 + 4 + 1 = 6 partitions ([4 skipped,
// 4 skipped, 6]). Broadcasts are off so that the join stays a sort-merge join.
spark.conf.set('spark.sql.shuffle.partitions', '4');
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
spark.conf.set('spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes', '1b');
spark.conf.set('spark.sql.adaptive.advisoryPartitionSizeInBytes', '1b');
const left = spark.range(0, 436, 1, 4).select(F.when(F.col('id').lt(400), 0).otherwise(F.col('id')).alias('k'));
const right = spark.range(0, 436, 1, 4).select(F.col('id').alias('k'));
const joined = left.join(right, 'k');
const rows = await joined.collect();
console.log(rows.length, rows.filter((r) => Number(r.k) === 0).length);
const plan = joined.queryExecution.explainString('simple');
console.log(plan.includes('SortMergeJoin(skew=true)'), /AQEShuffleRead (coalesced and )?skewed/.test(plan));
