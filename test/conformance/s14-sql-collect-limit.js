// limit(n) at the root of a query is CollectLimitExec, whose executeCollect is SparkPlan.executeTake (Spark 4.0):
// a job over spark.sql.limit.initialNumPartitions (1) partition, then, while rows are missing, a job over the next
// partitions: partsScanned × spark.sql.limit.scaleUpFactor (4) when none were found, else
// ceil(1.5 × left × partsScanned / found) capped at that. No exchange, so no adaptive plan (InsertAdaptiveSparkPlan).
// - 3 rows from 4 partitions of 25 ids: the first partition has them: [1].
// - ids over 90 live in the last partition: the first job finds none, the second tries the next 4 (3 remain): [1], [3].
// - a union of 2 + 3 range partitions (UnionExec: 5 partitions), even ids, 100 wanted: the first partition gives 3,
//   so min(ceil(1.5 × 97 × 1 / 3), 1 × 4) = 4 more partitions: [1], [4].
const few = await spark.range(0, 100, 1, 4).limit(3).collect();
console.log(few.map((r) => r.id).join(','));
const late = await spark.range(0, 100, 1, 4).filter('id > 90').limit(5).collect();
console.log(late.map((r) => r.id).join(','));
const both = spark.range(0, 10, 1, 2).union(spark.range(10, 20, 1, 3));
const evens = await both.filter('id % 2 = 0').limit(100).collect();
console.log(evens.length, evens.map((r) => r.id).join(','));
