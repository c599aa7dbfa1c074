// Instead of a flaky disk, a whole machine is lost: once the map stage has
// finished, executor 1 dies, and its shuffle files die with it.
sc.faults.inject({ kind: 'killExecutor', executorId: '1', afterStage: 0 });

const words = sc.parallelize(['spark', 'task', 'stage', 'job', 'spark', 'shuffle', 'task', 'spark'], 4);
const counts = words.map((word) => [word, 1]).reduceByKey((a, b) => a + b, 2);
console.log((await counts.collect()).sort());
