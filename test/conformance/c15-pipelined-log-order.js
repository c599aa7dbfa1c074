// Spark chains a task's narrow operations as iterators (MapPartitionsRDD.compute applies f to its parent's
// iterator; foreach pulls that iterator): each row goes through map, then filter, then foreach before the next
// row is read, so the executor's log interleaves them row by row. One task (one partition), one job.
await sc
  .parallelize([1, 2, 3], 1)
  .map((x) => {
    console.log(`map ${x}`);
    return x * 10;
  })
  .filter((x) => {
    console.log(`filter ${x}`);
    return x !== 20;
  })
  .foreach((x) => console.log(`foreach ${x}`));
console.log("done");
