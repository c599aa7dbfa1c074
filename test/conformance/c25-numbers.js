// DoubleRDDFunctions: stats() is mapPartitions(StatCounter) then reduce (one job; mean, variance,
// stdev… are its fields); sum() a fold over the RDD itself; histogram(n) first finds min and max
// (a job), spaces n buckets evenly, then counts (a second job); histogram(buckets) counts at once.
// StatCounter.toString is "(count: %d, mean: %f, stdev: %f, max: %f, min: %f)".
// countApproxDistinct(0.05) is an aggregate of HyperLogLog++ counters with p = 9 (one job); below
// stream-lib's threshold its estimate is the linear count, 99 for 0..99 (streamlib's MurmurHash64A
// of each number's text, worked out in Java).
const nums = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 2);
console.log(String(await nums.stats()));
console.log(await nums.mean(), await nums.variance(), await nums.sampleVariance(), await nums.sum());
console.log(JSON.stringify(await nums.histogram(3)));
console.log(JSON.stringify(await nums.histogram([0, 4, 8])));
console.log(await sc.parallelize(Array.from({ length: 100 }, (_, i) => i), 4).countApproxDistinct());
