// A lambda that captures sc cannot be shipped: the job fails at submission with "Task not serializable".
const nums = sc.parallelize([1, 2, 3]);
console.log(await nums.map((x) => x + sc.defaultParallelism).collect());
