// treeAggregate and treeReduce (RDD.scala, treeAggregate): each partition is folded, then while
// numPartitions > scale + ceil(numPartitions / scale), with scale = max(ceil(n^(1/depth)), 2),
// one more shuffle stage (mapPartitionsWithIndex → foldByKey(HashPartitioner(n / scale))) combines
// the partial results. 8 partitions, depth 2: scale 3, 8 > 3 + 3, so 8 map tasks then 2 result
// tasks; 4 partitions: scale 2, 4 ≤ 2 + 2, a single stage as aggregate's.
const eight = sc.parallelize(Array.from({ length: 16 }, (_, i) => i + 1), 8);
console.log(await eight.treeAggregate(0, (acc, x) => acc + x, (a, b) => a + b, 2));
console.log(await eight.treeReduce((a, b) => Math.max(a, b)));
const four = sc.parallelize([3, 1, 2, 5], 4);
console.log(JSON.stringify(await four.treeAggregate([], (acc, x) => acc.concat([x]), (a, b) => a.concat(b)).then((xs) => xs.sort())));
// depth 3 over 8: scale 2 (ceil of 8^(1/3) = 2), 8 > 2 + 4 gives 4, then 4 ≤ 2 + 2: one extra stage of 4.
console.log(await eight.treeAggregate(0, (acc, x) => acc + x, (a, b) => a + b, 3));
// An empty RDD reduces to nothing: Spark's emptyCollectionError.
await sc.parallelize([], 2).treeReduce((a, b) => a + b).catch((e) => console.log(`${e.name}: ${e.message}`));
// zip pairs partitions' elements (ZippedPartitionsRDD2, narrow: one stage); zipPartitions hands f the
// iterators; zipWithUniqueId numbers element i of partition k as i * n + k without a job.
const letters = sc.parallelize(["a", "b", "c", "d", "e"], 2);
console.log(JSON.stringify(await letters.zip(letters.map((s) => s.toUpperCase())).collect()));
console.log(JSON.stringify(await letters.zipPartitions(letters, function* (xs, ys) { yield [...xs].join("") + [...ys].length; }).collect()));
console.log(JSON.stringify(await letters.zipWithUniqueId().collect()));
