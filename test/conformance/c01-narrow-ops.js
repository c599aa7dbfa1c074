// Narrow transformations never cut a stage: each action is one job of one stage, one task per partition (3).
const nums = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
console.log(JSON.stringify(await nums.map((x) => x * 2).filter((x) => x > 10).collect()));
console.log(JSON.stringify(await nums.flatMap((x) => [x, -x]).take(4)));
console.log(JSON.stringify(await nums.mapPartitions((it) => [[...it].reduce((a, b) => a + b, 0)]).collect()));
console.log(JSON.stringify(await nums.mapPartitionsWithIndex((i, it) => [`${i}:${[...it].length}`]).collect()));
console.log(JSON.stringify(await nums.glom().collect()));
console.log(JSON.stringify(await nums.keyBy((x) => x % 3).filter(([k]) => k === 0).collect()));
console.log(await nums.sample(false, 1.0, 42).count());
