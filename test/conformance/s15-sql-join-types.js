// Every join type, adaptive execution off, spark.sql.shuffle.partitions 3 (a small number keeps the program quick;
// each shuffle's reduce side has that many tasks). Both DataFrames come from createDataFrame, which scans an existing
// RDD of 4 partitions whose size Spark does not know (LogicalRDD: spark.sql.defaultSizeInBytes), so nothing is
// broadcast by size (Spark 4.0 JoinSelection, JoinSelectionHelper):
// - inner, left, right, full, semi on the key: sort-merge joins, both sides shuffled by the key: [4, 4, 3].
// - F.broadcast(emp) with a left join: a broadcast hash join cannot build the left side of a left outer join
//   (canBuildBroadcastLeft: InnerLike | RightOuter only), so the hint is ignored and the join is a sort-merge
//   join: [4, 4, 3].
// - anti with F.broadcast(dept) on the right: BroadcastHashJoin BuildRight (canBuildBroadcastRight allows
//   LeftAnti): the broadcast's collect job first [4], then the emp side in place, no shuffle [4].
// - crossJoin: no keys and no side small enough to broadcast, so CartesianProductExec (createCartesianProduct
//   for InnerLike): one stage with a task per pair of input partitions (CartesianRDD), 4 × 4 = 16.
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 3);
const emp = spark.createDataFrame(
  [[1, 'ann', 10], [2, 'bob', 20], [3, 'cid', null], [4, 'dee', 30]],
  ['id', 'name', 'dept'],
);
const dept = spark.createDataFrame([[10, 'sales'], [20, 'ops'], [40, 'legal']], ['dept', 'title']);
const show = async (df) => console.log((await df.collect()).map((r) => JSON.stringify(r.toArray())).sort().join(' '));
await show(emp.join(dept, 'dept'));
await show(F.broadcast(emp).join(dept, 'dept', 'left'));
await show(emp.join(dept, 'dept', 'right'));
await show(emp.join(dept, 'dept', 'full'));
await show(emp.join(dept, 'dept', 'semi'));
await show(emp.join(F.broadcast(dept), 'dept', 'anti'));
await show(emp.select('name').crossJoin(dept.select('title')));
