// IN, NOT IN, EXISTS and NOT EXISTS subqueries, spark.sql.shuffle.partitions 4, adaptive execution off, then on.
// - RewritePredicateSubquery (optimizer/subquery.scala) turns them into joins: IN a LeftSemi join on (uid = uid),
//   a correlated EXISTS a LeftSemi join on its pulled-up predicate (PullupCorrelatedPredicates), NOT EXISTS a
//   LeftAnti join. createDataFrame scans an RDD of unknown size, so JoinSelection plans sort-merge joins: two map
//   stages and the join's stage, [4, 4, 4].
// - NOT IN is a LeftAnti join on ((uid = uid) OR isnull((uid = uid))), which Spark 4's JoinSelection plans as
//   ExtractSingleColumnNullAwareAntiJoin: a BroadcastHashJoin whatever the size, its broadcast collected by a job of
//   its own first [4], then the join's job [4]. SQL's NOT IN is null-aware: a null uid of users is never kept, and
//   with a null among the orders' uids no user is kept at all.
// - With adaptive execution on, each sort-merge join's exchanges run as query stages ([4], [4]); the orders side
//   proves small, DynamicJoinSelection lets a LeftSemi join build its right side, and the join is re-planned as a
//   broadcast hash join over locally read shuffles: the broadcast's job [4 skipped, 1], the final job [4 skipped, 1].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
spark.createDataFrame([[1, 'ann'], [2, 'bob'], [3, 'cy'], [4, 'di'], [null, 'eve']], 'uid INT, name STRING')
  .createOrReplaceTempView('users');
spark.createDataFrame([[10, 1], [11, 1], [12, 3], [13, 9]], 'oid INT, uid INT').createOrReplaceTempView('orders');
spark.createDataFrame([[20, 2], [21, null]], 'oid INT, uid INT').createOrReplaceTempView('returns');
const names = async (query) => console.log((await spark.sql(query).collect()).map((r) => r.name).sort().join(' '));
await names('SELECT name FROM users WHERE uid IN (SELECT uid FROM orders)');
await names('SELECT name FROM users WHERE uid NOT IN (SELECT uid FROM orders)');
await names('SELECT name FROM users WHERE uid NOT IN (SELECT uid FROM returns)');
await names('SELECT name FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.uid = u.uid AND o.oid > 10)');
spark.conf.set('spark.sql.adaptive.enabled', 'true');
await names('SELECT name FROM users u WHERE EXISTS (SELECT * FROM orders o WHERE o.uid = u.uid)');
