// take/first/isEmpty scan incrementally: 1 partition, then more (×4 while nothing is found).
// countByKey and countByValue shuffle (Spark runs mapValues(_ => 1).reduceByKey(_ + _)).
// lookup on a partitioned RDD runs one task, on the key's partition only.
const nums = sc.parallelize([5, 1, 4, 2, 3, 9, 7, 8, 6], 3);
const empty = sc.parallelize([], 4);
console.log(JSON.stringify(await nums.take(5)), await nums.first(), await empty.isEmpty());
console.log(await nums.count(), await nums.sum(), await nums.mean(), await nums.min(), await nums.max());
console.log(await nums.reduce((a, b) => a * b), await nums.fold(0, (a, b) => a + b));
console.log(JSON.stringify(await nums.aggregate([0, 0], (acc, x) => [acc[0] + x, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]])));
const pets = sc.parallelize([["cat", "tom"], ["dog", "rex"], ["cat", "kit"]], 2);
console.log(JSON.stringify([...(await pets.countByKey()).entries()].sort()));
console.log(JSON.stringify([...(await pets.values().countByValue()).entries()].sort()));
console.log(JSON.stringify([...(await pets.collectAsMap()).entries()].sort()));
console.log(JSON.stringify(await pets.partitionBy(new HashPartitioner(4)).lookup("cat")));
