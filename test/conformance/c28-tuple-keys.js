// Pair keys that are arrays stand for Scala tuples, and hash as Scala 2.13 tuples do. HashPartitioner
// puts a key in Utils.nonNegativeMod(key.hashCode, n) (Partitioner.scala, HashPartitioner.getPartition);
// a TupleN's hashCode is MurmurHash3.productHash (scala/util/hashing/MurmurHash3.scala): seed 0xcafebabe,
// mix "TupleN".hashCode, mix each element's ## (a nested tuple's own hashCode), finalizeHash(h, N).
// Worked out in Java from those definitions: ("a",1) -1734940110 → 2 of 4, ("b",2) -1600213281 → 3,
// ("a",2) -1032315420 → 0, (1,2) 1316541600 → 0, ("c",(1,2)) -908894545 → 3, ("a",1,true) -305872452 → 0.
const pairs = sc.parallelize(
  [[["a", 1], "x"], [["b", 2], "y"], [["a", 2], "z"], [[1, 2], "w"], [["c", [1, 2]], "v"], [["a", 1, true], "u"]],
  2,
);
console.log(new HashPartitioner(4).getPartition(["a", 1]));
// job 0: partitionBy's shuffle (2 map tasks) and 4 result tasks; within a partition, rows from
// different map outputs arrive in no fixed order in Spark, so each partition's keys are sorted.
const placed = await pairs.partitionBy(4).glom().map((p) => p.map(([k]) => JSON.stringify(k)).sort()).collect();
console.log(JSON.stringify(placed));
// job 1: equal tuples are one key: reduceByKey combines them map-side and lands them by the same hash.
const sums = sc.parallelize([[["a", 1], 1], [["b", 2], 2], [["a", 1], 3], [["b", 2], 4]], 2).reduceByKey((x, y) => x + y, 4);
console.log(JSON.stringify(await sums.glom().collect()));
