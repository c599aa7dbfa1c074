const visits = sc.parallelize(
  Array.from({ length: 400 }, (_, i) => [`page-${i % 10}`, 1]),
  4,
);
const byPage = visits.partitionBy(new HashPartitioner(4));
// mapValues cannot change a key, so the result keeps byPage's partitioner...
const weighted = byPage.mapValues((n) => n * 2);
// ...and reduceByKey, finding the keys already hash-partitioned into 4, does not shuffle.
const counts = weighted.reduceByKey((a, b) => a + b);
console.log((await counts.collect()).sort());
