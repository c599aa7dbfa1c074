// Joins of DataFrames repartitioned on the key, adaptive execution off, spark.sql.shuffle.partitions 6, broadcasts off
// (sort-merge joins). Spark 4.0's EnsureRequirements first gives each join side an exchange unless its partitioning
// already satisfies ClusteredDistribution(k) (a repartition(n, 'k') does), then makes the two sides co-partitioned
// by ShuffleSpecs: the best spec is the side with most partitions, preferring a side that is not itself an exchange;
// when both sides are exchanges only specs with at least spark.sql.shuffle.partitions partitions may be chosen
// ("shouldConsiderMinParallelism": redoing an exchange costs nothing more). A side not compatible with the best spec
// is shuffled to it, and an exchange is replaced, keeping its origin (REPARTITION_BY_NUM). ColumnPruning and
// RemoveNoopOperators leave each repartition directly under the join. Each line prints every hash exchange as
// partitions:origin and the join's row count; each collect is one job [4, 2, join's partitions].
// - both sides repartition(6, 'k'): compatible, no extra exchange [4, 2, 6].
// - both repartition(3, 'k'): both exchanges, 3 < 6, no candidate: both replaced by hashpartitioning(k, 6) [4, 2, 6].
// - repartition(3, 'k') against a plain side (whose new exchange has 6): that one is the best spec [4, 2, 6].
// - repartition(8, 'k') against a plain side: 8 >= 6 and most partitions: the other side is shuffled to 8 [4, 2, 8].
// - repartition(4, 'k') then a filter: PushDownPredicates moves the filter below the repartition, which is the join's
//   child again: replaced by 6 [4, 2, 6].
// - repartition(4, 'k') then a select computing a column: a Project (hashpartitioning(k, 4) passes through it) is
//   not an exchange, so its 4 partitions are kept and the other side is shuffled to 4 [4, 2, 4].
// - an aggregate over repartition(6, 'k') needs no exchange of its own, and joins repartition(6, 'k') as it is [4, 2, 6].
const left = spark.range(0, 30, 1, 4).select(F.col('id').mod(10).alias('k'), F.col('id').alias('v'));
const right = spark.range(0, 10, 1, 2).select(F.col('id').alias('k'), F.col('id').multiply(100).alias('w'));
// The number of partitions of each hash exchange in the plan, in plan order.
const exchanges = (df) =>
  [...df.queryExecution.explainString('simple').matchAll(/Exchange hashpartitioning\([^)]*, (\d+)\), (\w+)/g)]
    .map((m) => `${m[1]}:${m[2]}`)
    .join(' ');
const count = async (df) => console.log(exchanges(df), (await df.collect()).length);
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 6);
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
await count(left.repartition(6, 'k').join(right.repartition(6, 'k'), 'k'));
await count(left.repartition(3, 'k').join(right.repartition(3, 'k'), 'k'));
await count(left.repartition(3, 'k').join(right, 'k'));
await count(left.repartition(8, 'k').join(right, 'k'));
await count(left.repartition(4, 'k').filter('v >= 0').join(right, 'k'));
await count(left.repartition(4, 'k').select('k', F.col('v').plus(1).alias('v1')).join(right, 'k'));
await count(left.repartition(6, 'k').groupBy('k').agg(F.sum('v').alias('s')).join(right.repartition(6, 'k'), 'k'));
