const lines = sc.parallelize(['the fox and the kettle', 'the river runs', 'a fox by the river', 'the lighthouse'], 2);
const words = lines.flatMap((line) => line.split(' '));
const pairs = words.map((word) => [word, 1]);
const counts = pairs.reduceByKey((a, b) => a + b);

// A second wide operation: the key changes (word -> first letter), so the
// counts must be shuffled again to bring each letter's words together.
const byLetter = counts.map(([word, n]) => [word[0], n]).reduceByKey((a, b) => a + b);
console.log((await byLetter.collect()).sort());
console.log(byLetter.toDebugString());
