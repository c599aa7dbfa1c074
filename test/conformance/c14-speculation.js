// With spark.speculation=true (Spark 4 defaults: quantile 0.9, multiplier 3, minTaskRuntime 100 ms), once
// 90% of the tasks are done a straggler running over max(3 × median, 100 ms) gets a copy on another host.
// Attempt 0 of partition 0 is slowed by 5 s (a slow machine); the copy finishes first; the original is killed.
sc.faults.inject({ kind: "slowPartition", partition: 0, attempt: 0, delayMs: 5000 });
console.log(await sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10).map((x) => x * x).sum());
