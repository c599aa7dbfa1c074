// An executor runs its tasks on a thread pool of spark.executor.cores threads (Executor.scala's
// threadPool; TaskSchedulerImpl offers each free core): on 1 executor × 4 cores, four CPU-bound tasks
// launch together and all run at once, each taking about its own second rather than queueing
// behind the others (one after another they would end at 1, 2, 3 and 4 s).
const spin = (x) => {
  const until = Date.now() + 1000;
  while (Date.now() < until);
  return x * 2;
};
console.log(await sc.parallelize([1, 2, 3, 4], 4).map(spin).collect());
