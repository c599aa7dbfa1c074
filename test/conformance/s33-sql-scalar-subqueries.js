// Scalar subqueries and an uncorrelated EXISTS, spark.sql.shuffle.partitions 4, adaptive execution off, then on.
// - PlanSubqueries plans each scalar subquery as a query of its own under SubqueryExec, which the query runs first
//   (SparkPlan.prepare / waitForSubqueries) with executeTake(2): its aggregate's Exchange SinglePartition leaves one
//   partition, so one job [4, 1]; then the query's own job ([4, 1] for a count, [4] for a projection).
// - RewriteNonCorrelatedExists makes EXISTS a scalar subquery `isnotnull((SELECT 1 AS col … LIMIT 1))`, planned at
//   its root as CollectLimit 1, whose doExecute (executeTake calls it) shuffles each partition's first row into one
//   partition: [4, 1].
// - With adaptive execution on, every subquery is an AdaptiveSparkPlan (InsertAdaptiveSparkPlan applies AQE to all
//   subqueries): its exchange's map-stage job [4], then its take [4 skipped, 1]; the query's own exchange likewise.
//   A subquery with no exchange runs as it did: [4, 1].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
spark.range(0, 100, 1, 4).createOrReplaceTempView('ids');
const show = async (query) =>
  console.log(
    (await spark.sql(query).collect()).map((r) => Object.values(r.asDict()).map(Number).join(':')).join(' '),
  );
const queries = [
  'SELECT count(*) AS n FROM ids WHERE id > (SELECT avg(id) FROM ids)',
  'SELECT id, (SELECT max(id) FROM ids) - id AS d FROM ids WHERE id < 2',
  'SELECT count(*) AS n FROM ids WHERE EXISTS (SELECT 1 FROM ids WHERE id > 98)',
];
for (const q of queries) await show(q);
spark.conf.set('spark.sql.adaptive.enabled', 'true');
for (const q of queries) await show(q);
