// spark.sql over a temporary view: a CTE, GROUP BY with HAVING, CASE, ORDER BY. show() takes 21 rows of a sorted
// query: TakeOrderedAndProject over the final aggregate, one job [4, 200]. A misspelt column is Spark's
// AnalysisException, raised when the query is made, with Spark's suggestion.
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.createDataFrame([[1, 'a', 10.5], [2, 'b', 3.0], [3, 'a', 7.25]], ['id', 'pid', 'amount']).createOrReplaceTempView('orders');
const top = spark.sql(`
  WITH big AS (SELECT * FROM orders WHERE amount > 2)
  SELECT pid, count(*) AS n, sum(amount) AS total,
         CASE WHEN sum(amount) > 10 THEN 'high' ELSE 'low' END AS band
  FROM big GROUP BY pid HAVING count(*) >= 1 ORDER BY total DESC`);
await top.show();
try {
  spark.sql('SELECT amout FROM orders');
} catch (e) {
  console.log(e.message.split('\n')[0]);
}
