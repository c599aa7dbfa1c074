// takeSample (RDD.scala): a count job, then (fraction from SamplingUtils.computeFractionForSampleSize)
// a sampling job, the sample shuffled by Utils.randomizeInPlace with java.util.Random(seed), whose
// first nextInt() seeded the sample. Asking without replacement for at least as many as there are
// collects everything instead. randomSplit gives each split a BernoulliCellSampler over its slice
// of [0, 1), partition i seeded seed + i (randomSampleWithRange): one narrow stage per split.
// sampleByKey draws from Commons Math's RandomDataGenerator reseeded seed + partition
// (StratifiedSamplingUtils). Expected rows: JDK/Commons Math/Spark algorithms run in Java (see
// test/unit/random.test.ts).
const eight = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 8);
console.log(JSON.stringify(await eight.takeSample(false, 3, 42)));
console.log(JSON.stringify(await eight.takeSample(true, 3, 42)));
console.log((await eight.takeSample(false, 20, 7)).sort((a, b) => a - b).join(","));
const [small, large] = eight.randomSplit([0.3, 0.7], 11);
console.log(JSON.stringify(await small.collect()), JSON.stringify(await large.collect()));
const pairs = sc.parallelize([["a", 1], ["b", 2], ["a", 3]], 2);
console.log(JSON.stringify(await pairs.sampleByKey(false, { a: 0.5, b: 1 }, 3).collect()));
console.log(JSON.stringify(await pairs.sampleByKey(true, { a: 2, b: 0.5 }, 5).collect()));
// A fraction of 40 or more draws each row's count from Commons Math's large-mean Poisson (Devroye's rejection
// method; PoissonSampler.sample, PoissonDistribution.nextPoisson): 50, 49, 45 and 41, 52, 54 copies (the jar's draws).
console.log(await sc.parallelize([0, 1, 2, 3, 4, 5], 2).sample(true, 45.5, 7).count());
