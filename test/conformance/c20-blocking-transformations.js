// Transformations that run a job when called. sortByKey and sortBy build a RangePartitioner,
// whose constructor runs the sampling job and returns when it ends (Partitioner.scala:
// RangePartitioner.rangeBounds → RangePartitioner.sketch(...).collect()); zipWithIndex counts
// the first n − 1 partitions in ZippedWithIndexRDD's constructor (ZippedWithIndexRDD.scala,
// startIndices). The program goes on only after that job, so a job called next gets the next
// ids, and getNumPartitions() is RangePartitioner.numPartitions = rangeBounds.length + 1.
const pairs = sc.parallelize([["b", 1], ["a", 2], ["b", 3], ["a", 4], ["b", 5], ["a", 6]], 3);

// job 0: the sketch, 3 tasks. Six weight-1 candidates into min(4, 6) partitions: step 1.5,
// bounds at cumulative weight 2 ("a") and 4 ("b"); a third "a" or "b" is skipped as a duplicate
// (determineBounds), so 2 bounds and 3 partitions, not the 4 asked for.
const sorted = pairs.sortByKey(true, 4);
console.log(sorted.getNumPartitions());
// job 1: the sort's shuffle map stage (3 tasks) and result stage (3 tasks).
console.log(await sorted.count());
// job 2: the map stage is skipped; keys up to "a", then up to "b", then none.
console.log(JSON.stringify(await sorted.glom().map((p) => p.length).collect()));

// job 3: an empty input is still sketched (2 tasks); numItems == 0 gives no bounds: 1 partition.
const empty = sc.parallelize([], 2).map((x) => [x, x]).sortByKey();
console.log(empty.getNumPartitions());

// job 4: sortBy's sampling (3 tasks) gives 3 partitions of the 4 asked for; job 5: zipWithIndex
// counts the first 3 − 1 = 2 of them (a new map stage of 3 tasks, a result stage of 2).
const indexed = pairs.sortBy(([k]) => k, true, 4).zipWithIndex();
// job 6: the map stage is skipped, 3 result tasks.
console.log(JSON.stringify((await indexed.collect()).map(([, i]) => i)));

// A call inside a plain callback cannot wait (no await there), but its job still comes first:
// job 7 is the sampling, job 8 the count (3 + 3 tasks), in the order Spark runs them.
let late;
[4].forEach((n) => {
  late = pairs.sortByKey(false, n);
});
console.log(await late.count());
