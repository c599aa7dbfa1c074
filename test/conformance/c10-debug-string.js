// toDebugString indents at each shuffle boundary, exactly as Spark's; textFile names its RDDs by path.
const counts = sc.parallelize(["a", "b", "a"], 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b, 3);
console.log(counts.toDebugString());
const words = sc.textFile("data/end.txt").flatMap((l) => l.split(" "));
console.log(words.toDebugString());
