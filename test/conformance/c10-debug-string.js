// toDebugString indents at each shuffle boundary, exactly as Spark's; textFile names its RDDs by path.
const counts = sc.parallelize(["a", "b", "a"], 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b, 3);
console.log(counts.toDebugString());
const words = sc.textFile("data/end.txt").flatMap((l) => l.split(" "));
console.log(words.toDebugString());
// Every line shows the storage level of the RDD toDebugString is called on (RDD.scala's debugSelf reads
// the outer RDD's storageLevel); a cached RDD adds a CachedPartitions line.
const cached = sc.parallelize([1, 2, 3], 2).cache();
await cached.count();
console.log(cached.map((x) => x + 1).toDebugString());
console.log(cached.toDebugString());
