// checkpoint() marks the RDD; after the first action on it, SparkContext.runJob calls doCheckpoint,
// which runs a second job over the RDD (ReliableCheckpointRDD.writeRDDToCheckpointDirectory: one task
// per partition) and cuts its lineage: from then on its only parent is a ReliableCheckpointRDD
// (named after the action that made it), so a later job over it has no shuffle stage left to run or
// skip. The data is in the application's IndexedDB, outside every executor's own blocks: it survives
// the loss of the executors that wrote it. localCheckpoint() persists (MEMORY_AND_DISK) and cuts the
// lineage at the cached blocks, with no second job when the action cached every partition.
sc.setCheckpointDir("checkpoints");
const counts = sc.parallelize(["a", "b", "a", "c"], 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b, 2);
counts.checkpoint();
console.log(counts.isCheckpointed(), await counts.count(), counts.isCheckpointed());
console.log(counts.toDebugString());
await sc.killExecutor("0");
await sc.killExecutor("1");
console.log(JSON.stringify((await counts.collect()).sort()));
const doubled = sc.parallelize([1, 2, 3], 3).map((x) => x * 2).localCheckpoint();
console.log(await doubled.sum(), doubled.isCheckpointed(), doubled.getCheckpointFile());
console.log(doubled.toDebugString().split("\n").map((l) => l.replace(/CachedPartitions: .*/, "CachedPartitions")).join(" / "));
