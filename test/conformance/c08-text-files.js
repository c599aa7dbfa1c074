// 60 bytes in two files; minPartitions = min(defaultParallelism, 2) = 2 → goal size 30:
// data/end.txt (20 B) is one split, data/hamlet.txt (40 B > 1.1 × 30) two. With minPartitions 1
// the goal is 60 and each file is one split. A folder path reads the folder's files.
const lines = sc.textFile("data/*.txt");
console.log(lines.getNumPartitions(), sc.textFile("data", 1).getNumPartitions());
const counts = lines.flatMap((l) => l.split(" ")).map((w) => [w, 1]).reduceByKey((a, b) => a + b);
console.log(JSON.stringify((await counts.collect()).filter(([, n]) => n > 1).sort()));
console.log(await lines.count());
