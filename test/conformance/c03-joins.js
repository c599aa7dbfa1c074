// Unpartitioned inputs: both sides shuffle into HashPartitioner(max(2, 3) = 3): stages 2, 3, then 3.
// subtractByKey uses the left side's partition count (2) when it has no partitioner.
// Co-partitioned inputs (both partitionBy the same HashPartitioner(2)) join with no new shuffle:
// only the two partitionBy map stages, then a 2-task result stage.
const people = sc.parallelize([[1, "ada"], [2, "grace"], [4, "alan"]], 2);
const langs = sc.parallelize([[1, "analytical engine"], [2, "cobol"], [3, "lisp"]], 3);
const show = async (rdd) => JSON.stringify((await rdd.collect()).sort((a, b) => a[0] - b[0]));
console.log(await show(people.join(langs)));
console.log(await show(people.leftOuterJoin(langs)));
console.log(await show(people.rightOuterJoin(langs)));
console.log(await show(people.fullOuterJoin(langs)));
console.log(await show(people.cogroup(langs)));
console.log(await show(people.subtractByKey(langs)));
const p = new HashPartitioner(2);
console.log(await show(people.partitionBy(p).join(langs.partitionBy(p))));
