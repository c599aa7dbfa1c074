// toLocalIterator runs one job per partition, each when the iteration reaches it (RDD.scala:
// partitions.indices.iterator.flatMap(collectPartition)). subtract is map(x => (x, null))
// .subtractByKey(...).keys (two map stages, then the SubtractedRDD's stage); groupWith is a cogroup;
// repartitionAndSortWithinPartitions one shuffle sorted by key on the reduce side (no sampling job);
// reduceByKeyLocally a mapPartitions of per-partition maps reduced on the driver (one stage).
// wholeTextFiles: one [path, contents] record per file (WholeTextFileRDD); files are packed into
// splits of ceil(total / minPartitions) bytes (WholeTextFileInputFormat.setMinPartitions), one file here.
// setJobGroup and setJobDescription are local properties that later jobs carry
// (spark.jobGroup.id, spark.job.description), which statusTracker().getJobIdsForGroup reads.
const three = sc.parallelize([10, 20, 30], 3);
const seen = [];
for await (const x of three.toLocalIterator()) seen.push(x);
console.log(JSON.stringify(seen));
console.log(JSON.stringify((await sc.parallelize([1, 2, 3, 4, 5], 2).subtract(sc.parallelize([2, 4], 2)).collect()).sort()));
const pairs = sc.parallelize([["b", 1], ["a", 2], ["b", 3]], 2);
console.log(JSON.stringify(await pairs.groupWith(sc.parallelize([["a", 9]], 1)).mapValues((g) => g.map((vs) => vs.sort())).collect().then((r) => r.sort())));
console.log(JSON.stringify(await sc.parallelize([["c", 1], ["a", 2], ["b", 3]], 2).repartitionAndSortWithinPartitions(1).collect()));
console.log(JSON.stringify([...(await pairs.reduceByKeyLocally((a, b) => a + b)).entries()].sort()));
sc.setJobGroup("reports", "monthly report");
await three.count();
sc.setJobDescription("second count");
await three.count();
sc.clearJobGroup();
await three.count();
console.log(JSON.stringify(sc.statusTracker().getJobIdsForGroup("reports")), sc.statusTracker().getJobInfo(8).status);
console.log(three.id(), three.setName("tens").name(), sc.version);
const files = sc.wholeTextFiles("data/hamlet.txt");
console.log(files.getNumPartitions(), JSON.stringify((await files.collect()).map(([path, text]) => [path.split("/").pop(), text.length])));
// Spark's messages: persisting at another level (SparkCoreErrors.cannotChangeStorageLevelError), and
// first() of an empty RDD after its take job (emptyCollectionError).
try {
  three.persist(StorageLevel.DISK_ONLY).persist(StorageLevel.MEMORY_ONLY);
} catch (e) {
  console.log(`${e.name}: ${e.message}`);
}
await sc.parallelize([], 1).first().catch((e) => console.log(`${e.name}: ${e.message}`));
