// A task that loops for ever loses only its attempt, never its executor: Spark's executor is a JVM
// whose task threads share one BlockManager, so a failed task leaves the cached blocks where they
// are. Here the rewriter's guard stops the loop at its own line once it has held its task thread
// for kindling.task.timeout less a tenth (0.9 s of the 1 s set below); the attempt fails with
// that line, is retried up to spark.task.maxFailures (4, TaskSetManager), and the job aborts with
// Spark's "failed 4 times" message. The executor lives on: job 2 reads the blocks job 0 cached on
// it, PROCESS_LOCAL (TaskSetManager's locality levels), on the same executor.
const cached = sc.parallelize([1, 2, 3, 4], 2).map((x) => x * 10).cache();
console.log(await cached.count());
try {
  await sc
    .parallelize([1], 1)
    .map(() => {
      while (true) {} // eslint-disable-line no-empty -- the learner's loop, exactly
    })
    .collect();
} catch (e) {
  console.log(e.message.split('\n')[0]);
}
console.log(await cached.sum());
