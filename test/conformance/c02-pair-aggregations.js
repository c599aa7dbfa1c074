// Every *ByKey aggregation shuffles: map side (3 tasks) then reduce side (HashPartitioner of the
// largest upstream count, 3), unless numPartitions says otherwise (2 in the last job).
const sales = sc.parallelize([["ann", 3], ["bob", 5], ["ann", 4], ["cy", 1], ["bob", 2], ["ann", 1]], 3);
const show = async (rdd) => JSON.stringify((await rdd.collect()).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
console.log(await show(sales.reduceByKey((a, b) => a + b)));
console.log(await show(sales.groupByKey().mapValues((vs) => vs.sort((a, b) => a - b))));
console.log(await show(sales.aggregateByKey([0, 0], (acc, v) => [acc[0] + v, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]])));
console.log(await show(sales.foldByKey(100, (a, b) => a + b)));
console.log(await show(sales.combineByKey((v) => [v], (c, v) => c.concat([v]), (a, b) => a.concat(b), 2).mapValues((vs) => vs.length)));
