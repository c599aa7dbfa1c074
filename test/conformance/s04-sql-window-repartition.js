// Windows, repartitioning before a groupBy and distinct, adaptive execution off.
// - A window is clustered by its partition keys: Exchange hashpartitioning(region, 200), then sorted: [4, 200]
//   (WindowExec.requiredChildDistribution). rank ties, row_number does not.
// - repartition(8, 'region') already clusters by the grouping key, so the aggregate needs no second exchange
//   (HashPartitioning.satisfies, EnsureRequirements): [4, 8].
// - distinct is an aggregate on every column (ReplaceDistinctWithAggregate): [4, 200].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
const sales = spark.createDataFrame(
  [['east', 'ann', 30], ['east', 'bob', 50], ['west', 'cy', 20], ['west', 'di', 20], ['west', 'ed', 10]],
  ['region', 'rep', 'amount'],
);
const w = Window.partitionBy('region').orderBy(F.desc('amount'));
const ranked = await sales.withColumn('rank', F.rank().over(w)).withColumn('rn', F.row_number().over(w)).collect();
console.log(ranked.map((r) => `${r.rep}:${r.rank}/${r.rn}`).sort().join(' '));
const byRegion = await sales.repartition(8, 'region').groupBy('region').agg(F.sum('amount').alias('t')).collect();
console.log(byRegion.map((r) => `${r.region}=${r.t}`).sort().join(' '));
console.log((await sales.select('region').distinct().collect()).length);
