// RDD.take (Spark's RDD.scala) runs a job on the first partition and keeps `it.take(left).toArray` of its
// iterator, so only the rows it returns are computed: the accumulator counts 1, and row 2 (in the same
// partition), which would throw, is never reached. first() is take(1). Each is one job of one task.
const computed = sc.longAccumulator("rows computed");
const rdd = sc.parallelize([1, 2, 3, 4], 2).map((x) => {
  computed.add(1);
  if (x === 2) throw new Error("row 2 was computed");
  console.log(`computed ${x}`);
  return x * 10;
});
console.log(await rdd.take(1));
console.log(computed.value);
console.log(await rdd.first());
console.log(computed.value);
