// Seeded sampling keeps the rows Spark keeps. sample() is a PartitionwiseSampledRDD: partition i
// is seeded with the (i+1)-th nextLong() of new java.util.Random(seed) (PartitionwiseSampledRDD.
// getPartitions); without replacement a BernoulliSampler over XORShiftRandom (a uniform per row
// above fraction 0.4, GapSampling at or below it), with replacement a PoissonSampler
// (GapSamplingReplacement at or below 0.4, Commons Math's PoissonDistribution above), all in
// RandomSampler.scala. The expected rows were drawn with the JDK's java.util.Random, Commons Math
// 3.6.1, and Spark's XORShiftRandom and samplers written out in Java (see test/unit/random.test.ts).
const range = (n) => Array.from({ length: n }, (_, i) => i);
const ten = sc.parallelize(range(10), 2);
console.log(JSON.stringify(await ten.sample(false, 0.5, 42).collect()));
console.log(JSON.stringify(await sc.parallelize(range(100), 2).sample(false, 0.1, 7).collect()));
const twenty = sc.parallelize(range(20), 2);
console.log(JSON.stringify(await twenty.sample(true, 0.3, 7).collect()));
console.log(JSON.stringify(await twenty.sample(true, 0.7, 7).collect()));
// repartition: RDD.coalesce's distributePartition numbers partition i's rows from
// new XORShiftRandom(i).nextInt(3) + 1 (2 + 1 for partition 0, 0 + 1 for partition 1), and the
// HashPartitioner places number k in k mod 3: 3 + 4 + 3 rows.
console.log(JSON.stringify(await ten.repartition(3).glom().map((p) => p.length).collect()));
