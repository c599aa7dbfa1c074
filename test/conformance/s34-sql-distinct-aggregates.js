// Several distinct aggregates, spark.sql.shuffle.partitions 4, adaptive execution off, then on.
// - Two distinct aggregates over different columns (and a regular count): RewriteDistinctAggregates makes an Expand
//   (each row once for the regular group, gid 0, and once per distinct column, gid 1, 2) under two Aggregates. The
//   first groups by (day, visitor, page, gid): partial HashAggregate, Exchange hashpartitioning(day, visitor, page, gid,
//   4), final HashAggregate; the second's partial aggregate runs in the same stage, and its final one needs
//   ClusteredDistribution(day), which that partitioning does not satisfy: a second Exchange. [4, 4, 4].
// - Without grouping keys, the second aggregate needs AllTuples: Exchange SinglePartition, [4, 4, 1].
// - count(DISTINCT visitor, page) is one distinct group of two columns: no Expand, AggUtils.planAggregateWithOneDistinct
//   groups by (day, visitor, page) first (Count counts the pairs where neither is null): [4, 4, 4].
// - With adaptive execution on, each exchange is a query stage with a map-stage job of its own: [4], then the second
//   exchange's map stage reads the first one's output coalesced to one partition (a few bytes): [4 skipped, 1], then
//   the result [4 skipped, 1 skipped, 1] (the final aggregate's partitions coalesced to one as well).
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
const visits = spark.createDataFrame(
  [
    ['mon', 'ann', '/a'],
    ['mon', 'bob', '/a'],
    ['mon', 'ann', '/b'],
    ['mon', null, '/c'],
    ['tue', 'cy', '/a'],
    ['tue', 'cy', '/a'],
    ['wed', 'ann', null],
  ],
  ['day', 'visitor', 'page'],
);
visits.createOrReplaceTempView('visits');
// A new DataFrame each time: a DataFrame plans once, at its first action (QueryExecution.executedPlan is lazy).
const perDay = () =>
  visits
    .groupBy('day')
    .agg(F.countDistinct('visitor').alias('visitors'), F.countDistinct('page').alias('pages'), F.count('*').alias('n'));
const overall = spark.sql('SELECT count(DISTINCT visitor, page) AS pairs, count(DISTINCT visitor) AS visitors FROM visits');
const pairs = spark.sql('SELECT day, count(DISTINCT visitor, page) AS pairs FROM visits GROUP BY day');
const show = async (df) =>
  console.log(
    (await df.collect())
      .map((r) => Object.values(r.asDict()).join(':'))
      .sort()
      .join(' '),
  );
for (const df of [perDay(), overall, pairs]) await show(df);
spark.conf.set('spark.sql.adaptive.enabled', 'true');
await show(perDay());
