// Small DataFrames joined with adaptive execution on and 200 shuffle partitions: both sides are far under the
// broadcast threshold, yet the join stays a sort-merge join. DynamicJoinSelection does not broadcast a side whose
// shuffle has under spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin (0.2) of its partitions non-empty
// (a few keys in 200 partitions): an inner sort-merge join skips the empty partitions' work anyway. The final
// job finds both map stages done and reads the 200 partitions coalesced into one task: [4 skipped, 4 skipped, 1].
const orders = spark.createDataFrame([[1, 'a'], [2, 'b'], [3, 'a'], [4, 'c']], ['order_id', 'product_id']);
const products = spark.createDataFrame([['a', 'apple'], ['b', 'bean']], ['product_id', 'name']);
const joined = orders.join(products, 'product_id');
console.log((await joined.collect()).map((r) => `${r.order_id}:${r.name}`).sort().join(' '));
const plan = joined.queryExecution.explainString('simple');
console.log(plan.includes('SortMergeJoin'), plan.includes('BroadcastHashJoin'));
