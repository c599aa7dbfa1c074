// A distinct aggregate, adaptive execution off, spark.sql.shuffle.partitions 4. AggUtils.planAggregateWithOneDistinct
// makes four HashAggregates: partial by (day, user), partial merge by (day, user) after Exchange
// hashpartitioning(day, user, 4), partial count(distinct user) by day, and the final aggregate, which needs
// ClusteredDistribution(day), which hashpartitioning(day, user) does not satisfy: a second exchange. [4, 4, 4].
// Without grouping keys the final aggregate needs AllTuples: Exchange SinglePartition, [4, 4, 1] (first() is a
// limit, removed by EliminateLimits since a global aggregate has at most one row).
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
const visits = spark.createDataFrame(
  [['mon', 'ann'], ['mon', 'bob'], ['mon', 'ann'], ['tue', 'cy'], ['tue', 'cy'], ['wed', 'ann']],
  ['day', 'user'],
);
const perDay = visits.groupBy('day').agg(F.countDistinct('user').alias('users'), F.count('*').alias('visits'));
console.log((await perDay.collect()).map((r) => `${r.day}:${r.users}/${r.visits}`).sort().join(' '));
console.log((await visits.agg(F.countDistinct('user').alias('n')).first()).n);
