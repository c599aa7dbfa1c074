// A self-join under adaptive execution, spark.sql.shuffle.partitions 4, broadcasts off (so a sort-merge join).
// Both sides of people ⋈ people on id shuffle the same rows by the same key. AdaptiveSparkPlanExec.createQueryStages
// looks every exchange up in its stage cache (by canonicalized plan, spark.sql.exchange.reuse): the second side
// becomes ShuffleQueryStage 1 over a ReusedExchange of the first, with no job of its own. So one map-stage job
// [4], and the final job reads that one shuffle twice, coalesced to one partition: [4 skipped, 1].
// With spark.sql.exchange.reuse=false both stages run: [4], [4], [4 skipped, 4 skipped, 1].
spark.conf.set('spark.sql.shuffle.partitions', 4);
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
const people = spark.createDataFrame([[1, 'ada', 2], [2, 'grace', 1], [3, 'alan', 1]], ['id', 'name', 'manager']);
const selfJoin = async () => {
  const same = people.alias('a').join(people.alias('b'), F.col('a.id').equalTo(F.col('b.id')));
  const rows = await same.collect();
  const plan = same.queryExecution.explainString('simple').split('== Initial Plan ==')[0];
  console.log(rows.length, plan.includes('ReusedExchange'), plan.match(/ShuffleQueryStage/g)?.length);
};
await selfJoin();
spark.conf.set('spark.sql.exchange.reuse', 'false');
await selfJoin();
