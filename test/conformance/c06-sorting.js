// sortByKey and sortBy build a RangePartitioner, which first runs a sampling job over the input
// (3 tasks), then the sort job (3 map tasks, 3 reduce tasks). zipWithIndex counts the first
// n − 1 partitions in a job of its own (2 tasks), then the job that uses it (3 tasks).
// takeOrdered and top are one stage each.
const scores = sc.parallelize([["eve", 7], ["dan", 9], ["ann", 3], ["cy", 5], ["bob", 8]], 3);
console.log(JSON.stringify((await scores.sortByKey().collect()).map(([k]) => k)));
console.log(JSON.stringify((await scores.sortByKey(false).collect()).map(([k]) => k)));
console.log(JSON.stringify(await scores.sortBy(([, v]) => v).values().collect()));
console.log(JSON.stringify(await scores.keys().zipWithIndex().collect()));
console.log(JSON.stringify(await scores.values().takeOrdered(2)), JSON.stringify(await scores.values().top(2)));
