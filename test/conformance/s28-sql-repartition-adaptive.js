// repartition and coalesce under adaptive execution, each followed by count() (partial aggregate, Exchange
// SinglePartition, final aggregate).
// - coalesce(2) is CoalesceExec, no shuffle: the count's map stage runs 2 tasks [2], then [2 skipped, 1].
// - repartition(5) is Exchange RoundRobinPartitioning(5) with origin REPARTITION_BY_NUM, and repartition(5, 'id')
//   Exchange hashpartitioning(id, 5), REPARTITION_BY_NUM. A query stage each; CoalesceShufflePartitions leaves a
//   shuffle alone unless its origin is ENSURE_REQUIREMENTS or REPARTITION_BY_COL (the user asked for 5), so the
//   count's stage reads 5 partitions: [4], [4 skipped, 5], [4 skipped, 5 skipped, 1].
// - repartition('id') has no number: hashpartitioning(id, 200), REPARTITION_BY_COL, which may be coalesced: the
//   few hundred bytes become one partition: [4], [4 skipped, 1], [4 skipped, 1 skipped, 1].
// - sortWithinPartitions under count() is dropped by EliminateSorts (count does not depend on order): [4], [4 skipped, 1].
const ids = spark.range(0, 40, 1, 4);
const n = async (df) => console.log(await df.count());
await n(ids.coalesce(2));
await n(ids.repartition(5));
await n(ids.repartition('id'));
await n(ids.repartition(5, 'id'));
await n(ids.sortWithinPartitions(F.desc('id')));
