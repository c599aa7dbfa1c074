const visits = sc.parallelize(
  Array.from({ length: 400 }, (_, i) => [`page-${i % 10}`, 1]),
  4,
);
const byPage = visits.partitionBy(new HashPartitioner(4));
const weighted = byPage.map(([page, n]) => [page, n * 2]);
const counts = weighted.reduceByKey((a, b) => a + b);
console.log((await counts.collect()).sort());
