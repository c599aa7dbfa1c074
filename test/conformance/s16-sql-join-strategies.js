// How JoinSelection (Spark 4.0 SparkStrategies.JoinSelection, JoinSelectionHelper) picks a join from sizes and
// hints, adaptive execution off, spark.sql.shuffle.partitions 4, spark.sql.autoBroadcastJoinThreshold 1000 bytes.
// spark.range's size estimate is 8 bytes per id (Range.computeStats: LongType.defaultSize × numElements), so
// big = 1000 ids is 8000 bytes, mid = 200 ids 1600, small = 100 ids 800. Each count() ends in a global aggregate:
// Exchange SinglePartition and a final task ([…, 1]). Range is range-partitioned by id, which no join can be
// co-partitioned with (RangeShuffleSpec is compatible with nothing and cannot create a partitioning), so both
// sides of a shuffled join are hash-partitioned (EnsureRequirements).
// - big ⋈ small: small ≤ threshold, BroadcastHashJoin BuildRight: the broadcast's collect job [2], then [4, 1].
// - big ⋈ mid: neither side under the threshold: SortMergeJoin [4, 2, 4, 1].
// - mid.hint('broadcast') ⋈ big: the hint broadcasts a side whatever its size (createBroadcastHashJoin with
//   onlyLookingAtHint): [2], then [4, 1].
// - small ⋈ big.hint('merge'): a SHUFFLE_MERGE hint wins over broadcasting by size: [2, 4, 4, 1].
// - spark.sql.join.preferSortMergeJoin=false: a shuffled hash join builds a side that fits in a per-partition
//   hash map (size < threshold × shuffle partitions = 4000) and is at least 3× smaller than the other
//   (muchSmaller, spark.sql.shuffledHashJoinFactor): mid (1600 × 3 ≤ 8000) against big: ShuffledHashJoin
//   BuildRight [4, 2, 4, 1]; mid against mid2 (1600 × 3 > 1600) stays a sort-merge join [2, 2, 4, 1].
// - a shuffle_hash hint on a full outer join's right side: Spark 4.0 builds either side of a full outer join
//   (canBuildShuffledHashJoinRight): ShuffledHashJoin FullOuter BuildRight [4, 2, 4, 1].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', 1000);
const big = spark.range(0, 1000, 1, 4);
const mid = spark.range(0, 200, 1, 2);
const mid2 = spark.range(100, 300, 1, 2);
const small = spark.range(0, 100, 1, 2);
// The join in the plan, as Scala's df.queryExecution.executedPlan shows it (shuffled hash and sort-merge joins
// run the same stages, so the name tells them apart).
const strategy = (df) => df.queryExecution.executedPlan.find((p) => p.formattedName.endsWith('Join')).formattedName;
for (const df of [
  big.join(small, 'id'),
  big.join(mid, 'id'),
  mid.hint('broadcast').join(big, 'id'),
  small.join(big.hint('merge'), 'id'),
]) {
  console.log(strategy(df), await df.count());
}
spark.conf.set('spark.sql.join.preferSortMergeJoin', 'false');
for (const df of [big.join(mid, 'id'), mid.join(mid2, 'id'), big.join(mid.hint('shuffle_hash'), 'id', 'full')]) {
  console.log(strategy(df), await df.count());
}
