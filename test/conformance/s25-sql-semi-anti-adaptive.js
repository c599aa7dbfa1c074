// Semi and anti joins with adaptive execution on, spark.sql.shuffle.partitions 4. createDataFrame scans an RDD of
// unknown size (LogicalRDD, spark.sql.defaultSizeInBytes), so JoinSelection plans sort-merge joins. Adaptive
// execution runs both exchanges as query stages ([4], [4]); the right side proves small, and with 4 partitions any
// non-empty shuffle has at least 1/4 >= spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin (0.2) of its
// partitions non-empty, so DynamicJoinSelection lets it be broadcast: a LeftSemi or LeftAnti join may build its
// right side (canBuildBroadcastRight), and the join is re-planned as BroadcastHashJoin. Both shuffles are then read
// locally (OptimizeShuffleWithLocalRead): the broadcast's job [4 skipped, 1], the final job [4 skipped, 1].
// spark.sql.adaptive.autoBroadcastJoinThreshold falls back to spark.sql.autoBroadcastJoinThreshold: at -1 nothing
// is broadcast at run time either, and the anti join stays a sort-merge join [4], [4], [4 skipped, 4 skipped, 1].
spark.conf.set('spark.sql.shuffle.partitions', 4);
const users = spark.createDataFrame([[1, 'ann'], [2, 'bob'], [3, 'cy'], [4, 'di']], ['uid', 'name']);
const orders = spark.createDataFrame([[10, 1], [11, 1], [12, 3], [13, 9]], ['oid', 'uid']);
const names = async (df) => console.log((await df.collect()).map((r) => r.name ?? r.oid).sort().join(' '));
await names(users.join(orders, 'uid', 'left_semi'));
await names(users.join(orders, 'uid', 'left_anti'));
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
await names(orders.join(users, 'uid', 'anti'));
