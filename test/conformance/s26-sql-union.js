// union and unionByName, adaptive execution off, spark.sql.shuffle.partitions 4. UnionExec's RDD is a UnionRDD:
// its partitions are its children's, 2 + 3 = 5, and it has no partitioning of its own (UnknownPartitioning).
// - collect: one stage of 5 tasks. unionByName matches columns by name (b's columns are in the other order).
// - groupBy over the union: partial aggregates in the 5 tasks, Exchange hashpartitioning(x, 4): [5, 4]; the same
//   for distinct (ReplaceDistinctWithAggregate).
// - orderBy over the union: the RangePartitioner's sampling job over the 5 partitions [5] (sampleSize 20 x 4,
//   3x over-sampled per partition: every row), then the sort [5, 4]: determineBounds cuts the 12 keys every 3 of
//   weight (0 1 2 | 3 3 4 | 4 5 5 | 6 7 8), 3 bounds, 4 partitions.
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
const a = spark.range(0, 6, 1, 2).select(F.col('id').alias('x'), F.lit('a').alias('src'));
const b = spark.range(3, 9, 1, 3).select(F.lit('b').alias('src'), F.col('id').alias('x'));
const both = a.unionByName(b);
console.log((await both.collect()).map((r) => `${r.src}${r.x}`).join(' '));
const byX = both.groupBy('x').count().filter('count > 1');
console.log((await byX.collect()).map((r) => r.x).sort().join(','));
console.log((await a.select('x').union(b.select('x')).distinct().collect()).length);
const sorted = a.select('x').union(b.select('x')).orderBy('x');
console.log((await sorted.collect()).map((r) => r.x).join(','));
