// Window functions with adaptive execution on (Spark's default), spark.sql.shuffle.partitions 4.
// WindowExec.requiredChildDistribution is ClusteredDistribution(partitionSpec) and its requiredChildOrdering the
// partition keys then the order keys, so EnsureRequirements puts one Exchange hashpartitioning per partitioning
// and a Sort under every window: rank over (dept, pay desc) and sum over (dept, pay asc) share the dept exchange
// (its hashpartitioning(dept) still holds above the first window) but each needs its own sort; row_number over
// city needs a second exchange. 2 exchanges, 3 windows, 3 sorts. Under adaptive execution each exchange is a
// query stage (AdaptiveSparkPlanExec), made only when the stages below it are done: the dept stage's map job [4];
// the city stage reads the dept shuffle coalesced to one partition (CoalesceShufflePartitions, a few hundred
// bytes) [4 skipped, 1]; the final job [4 skipped, 1 skipped, 1]. sum over a RANGE frame gives tied rows
// (cy, di) the same running total.
// A window with no partitionBy needs AllTuples: Exchange SinglePartition, a map job [4] and [4 skipped, 1].
const staff = spark.createDataFrame(
  [['ann', 'eng', 'oslo', 120], ['bob', 'eng', 'rome', 100], ['cy', 'ops', 'oslo', 90], ['di', 'ops', 'rome', 90], ['ed', 'eng', 'oslo', 80]],
  ['name', 'dept', 'city', 'pay'],
);
spark.conf.set('spark.sql.shuffle.partitions', 4);
const byDept = Window.partitionBy('dept').orderBy(F.desc('pay'));
const byDeptUp = Window.partitionBy('dept').orderBy('pay');
const byCity = Window.partitionBy('city').orderBy('name');
const ranked = staff
  .withColumn('r', F.rank().over(byDept))
  .withColumn('run', F.sum('pay').over(byDeptUp))
  .withColumn('n', F.row_number().over(byCity));
const rows = await ranked.collect();
console.log(rows.map((r) => `${r.name}:${r.r}/${r.run}/${r.n}`).sort().join(' '));
const plan = ranked.queryExecution.explainString('simple').split('== Initial Plan ==')[0];
console.log(plan.match(/Exchange hashpartitioning/g)?.length, plan.match(/ Window \[/g)?.length, plan.match(/Sort \[/g)?.length);
const whole = staff.withColumn('share', F.col('pay').divide(F.sum('pay').over(Window.partitionBy())));
console.log((await whole.collect()).map((r) => r.share.toFixed(2)).join(' '));
