// The first attempt of one map task fails, as a flaky disk would make it.
sc.faults.inject({ kind: 'failTask', stageId: 0, partition: 1, attempt: 0, message: 'disk read error' });

const words = sc.parallelize(['spark', 'task', 'stage', 'job', 'spark', 'shuffle', 'task', 'spark'], 4);
const counts = words.map((word) => [word, 1]).reduceByKey((a, b) => a + b, 2);
console.log((await counts.collect()).sort());
