// getStorageLevel() prints as Scala's StorageLevel.toString: the flags set, then the replication.
// DISK_ONLY blocks live in the executor's IndexedDB namespace; the second job reads each partition
// PROCESS_LOCAL on the executor that wrote it. A cached shuffled RDD makes the next job skip its map stage.
const squares = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4).map((x) => x * x).persist(StorageLevel.DISK_ONLY);
console.log(await squares.sum());
console.log(await squares.filter((x) => x > 10).count());
const byLength = sc.parallelize(["a", "bb", "cc", "ddd"], 4).map((w) => [w.length, w]).groupByKey().persist(StorageLevel.MEMORY_AND_DISK);
console.log(await byLength.count(), await byLength.count());
console.log(squares.getStorageLevel().toString(), byLength.getStorageLevel().toString());
