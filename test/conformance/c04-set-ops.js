// union and cartesian are narrow (2 + 3 = 5 tasks; 2 × 3 = 6 tasks). intersection maps both sides
// and cogroups them: both shuffle into 3 partitions. distinct shuffles into the input's count (5).
const a = sc.parallelize([1, 2, 3, 4], 2);
const b = sc.parallelize([3, 4, 5], 3);
const u = a.union(b);
console.log(u.getNumPartitions(), JSON.stringify(await u.collect()));
console.log(JSON.stringify((await a.intersection(b).collect()).sort()));
console.log(JSON.stringify((await u.distinct().collect()).sort()));
console.log(await a.cartesian(b).count());
