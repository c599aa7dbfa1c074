// Keep the sort-merge join (no broadcast at run time), and call a partition skewed at data this small.
spark.conf.set('spark.sql.adaptive.autoBroadcastJoinThreshold', '-1');
spark.conf.set('spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes', '1k');
spark.conf.set('spark.sql.adaptive.advisoryPartitionSizeInBytes', '1k');
// 6,000 orders of 120 products (a third of them of product 7) and the 120 products: rows made in the program,
// so the planner knows nothing of their size until they have been shuffled.
const orders = spark.createDataFrame(
  Array.from({ length: 6000 }, (_, i) => [i, i % 3 === 0 ? 7 : i % 120, (i * 13) % 50]),
  ['order_id', 'product_id', 'amount'],
);
const products = spark.createDataFrame(
  Array.from({ length: 120 }, (_, i) => [i, `category-${i % 5}`]),
  ['product_id', 'category'],
);
const revenue = orders.join(products, 'product_id').groupBy('category').agg(F.sum('amount').alias('revenue'));
const rows = await revenue.collect();
console.log(
  rows
    .map((r) => `${r.category}: ${r.revenue}`)
    .sort()
    .join('\n'),
);
revenue.explain();
