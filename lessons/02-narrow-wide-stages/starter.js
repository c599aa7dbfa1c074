const lines = sc.parallelize(['the fox and the kettle', 'the river runs', 'a fox by the river', 'the lighthouse'], 2);
const words = lines.flatMap((line) => line.split(' '));
const pairs = words.map((word) => [word, 1]);
const counts = pairs.reduceByKey((a, b) => a + b);
const common = counts.filter(([, n]) => n > 1);
console.log(await common.collect());
console.log(common.toDebugString());
