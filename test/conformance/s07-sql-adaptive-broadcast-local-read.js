// A sort-merge join that adaptive execution turns into a broadcast hash join at run time. Both exchanges run as
// query stages first ([4], [4]). The products stage proves small (under spark.sql.adaptive.autoBroadcastJoinThreshold,
// 10 MB) and, with 4 shuffle partitions, is not mostly empty (DynamicJoinSelection demotes a side with under 20%
// of its partitions non-empty), so the join is re-planned as BroadcastHashJoin. Nothing needs either shuffle's
// partitioning any more, so both are read locally (OptimizeShuffleWithLocalRead): the broadcast's collect job
// reads every map's output of products in one task ([4 skipped, 1]) and so does the final job for orders
// ([4 skipped, 1]) — one task each, as many as the coalesced reads had (CoalesceShufflePartitions ran first).
spark.conf.set('spark.sql.shuffle.partitions', '4');
const orders = spark.createDataFrame(
  [[1, 'a', 10.5], [2, 'b', 3.0], [3, 'a', 7.25], [4, 'c', 1.0], [5, 'b', 2.0], [6, 'd', 4.0]],
  ['order_id', 'product_id', 'amount'],
);
const products = spark.createDataFrame([['a', 'apple'], ['b', 'bean'], ['c', 'cherry'], ['d', 'date']], ['product_id', 'name']);
const joined = orders.join(products, 'product_id');
const rows = await joined.collect();
console.log(rows.map((r) => `${r.order_id}:${r.name}`).sort().join(' '));
const plan = joined.queryExecution.explainString('simple');
console.log(plan.includes('isFinalPlan=true'), plan.includes('BroadcastHashJoin'), plan.match(/AQEShuffleRead local/g)?.length);
