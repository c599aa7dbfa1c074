// Keys land by JVM hashCode: "a" is 97, "b" 98, "c" 99, so with HashPartitioner(3) "c" goes to
// partition 0, "a" to 1, "b" to 2. coalesce(2) is narrow; repartition(2) always shuffles.
// reduceByKey after partitionBy reuses the partitioner: no third stage.
const pairs = sc.parallelize([["a", 1], ["b", 2], ["c", 3], ["a", 4]], 4);
const byKey = pairs.partitionBy(new HashPartitioner(3));
console.log(JSON.stringify(await byKey.glom().collect()));
console.log(JSON.stringify((await byKey.reduceByKey((x, y) => x + y).collect()).sort()));
console.log(JSON.stringify(await pairs.coalesce(2).glom().map((p) => p.length).collect()));
console.log(JSON.stringify((await pairs.repartition(2).glom().map((p) => p.length).collect()).reduce((x, y) => x + y, 0)));
console.log(byKey.partitioner.equals(new HashPartitioner(3)), pairs.partitioner === undefined);
