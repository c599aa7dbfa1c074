// Joins without equality keys, adaptive execution off, spark.sql.autoBroadcastJoinThreshold 200 bytes. Range's size
// estimate is 8 bytes an id (Range.computeStats), so big (40 ids) is 320 bytes and cannot be broadcast, small (6 ids)
// 48 bytes and can. Spark 4.0's JoinSelection, for a join it cannot plan by keys: createBroadcastNLJoin(hints), a
// cartesian product for a shuffle_replicate_nl hint, createBroadcastNLJoin(canBroadcastBySize(left),
// canBroadcastBySize(right)), a cartesian product for inner joins, and BroadcastNestedLoopJoin as the last resort.
// The sizes alone pick the side, whatever the join type: BroadcastNestedLoopJoinExec can build either side, and runs
// defaultJoin when it builds the side an outer, semi or anti join keeps whole.
// - big ⋈ small (inner, left): BuildRight, the broadcast's collect job [2], then big in place [4].
// - small LEFT JOIN big: only small can be broadcast: BuildLeft, defaultJoin. After the broadcast [2], a job over
//   the streamed side folds which broadcast rows met one (getMatchedBroadcastRowsBitSet) [4], then the action reads
//   the union of the streamed side's pairs (4 partitions) and the unmatched broadcast rows, padded with nulls, as a
//   local collection (sparkContext.makeRDD: defaultParallelism, 4 slices) [8].
// - small RIGHT JOIN big: BuildLeft is the right join's own side (outerJoin, partition by partition) [2], [4].
// - small LEFT ANTI big: BuildLeft, defaultJoin: [2], the fold [4], the unmatched rows as a local collection [4].
// - crossJoin then filter(b = s): PushPredicateThroughJoin moves the filter into the join's condition, so the join
//   has keys after all: BroadcastHashJoin Cross BuildRight [2], [4].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', 200);
const big = spark.range(0, 40, 1, 4).select(F.col('id').alias('b'));
const small = spark.range(0, 6, 1, 2).select(F.col('id').alias('s'));
const near = F.col('b').geq(F.col('s').multiply(10)).and(F.col('b').lt(F.col('s').multiply(10).plus(2)));
const strategy = (df) => {
  const join = df.queryExecution.executedPlan.find((p) => p.formattedName.endsWith('Join'));
  return `${join.formattedName} ${join.buildSide} ${join.joinType}`;
};
const show = async (df) => {
  const rows = await df.collect();
  const cell = (v) => (v === null || v === undefined ? '-' : Number(v));
  console.log(strategy(df), rows.map((r) => `${cell(r.b)}/${cell(r.s)}`).sort().join(' '));
};
await show(big.join(small, near));
await show(big.join(small, near, 'left').filter('b < 12'));
await show(small.join(big, near, 'left'));
await show(small.join(big, near, 'right').filter('b < 12'));
await show(small.join(big, near, 'left_anti'));
await show(big.crossJoin(small).filter('b = s'));
