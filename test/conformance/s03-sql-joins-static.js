// Joins with adaptive execution off. Two DataFrames of unknown size (PySpark's createDataFrame scans an existing
// RDD, whose size Spark does not know) join by sort-merge: both sides shuffled into 200 partitions, then merged:
// [4, 4, 200] (JoinSelection, SortMergeJoinExec). F.broadcast makes a broadcast hash join: a job collects the
// broadcast side first ([4]), then the other side runs without a shuffle ([4]) (BroadcastExchangeExec).
spark.conf.set('spark.sql.adaptive.enabled', 'false');
const orders = spark.createDataFrame(
  [[1, 'a', 10.5], [2, 'b', 3.0], [3, 'a', 7.25], [4, 'c', 1.0], [5, null, 2.0]],
  ['order_id', 'product_id', 'amount'],
);
const products = spark.createDataFrame([['a', 'apple'], ['b', 'bean'], ['d', 'date']], ['product_id', 'name']);
const show = (rows) => rows.map((r) => JSON.stringify(r.toArray())).sort().join(' ');
console.log(show(await orders.join(products, 'product_id').collect()));
console.log(show(await orders.join(F.broadcast(products), 'product_id', 'left').collect()));
console.log(show(await orders.join(products, 'product_id', 'left_anti').collect()));
console.log(show(await orders.join(products, 'product_id', 'full').select('product_id', 'name').collect()));
