// Killing an executor loses its shuffle files: the next job re-runs only the map tasks whose
// output lived there (the rest of the map stage is not recomputed).
const counts = sc.parallelize(["a", "b", "c", "d", "e", "f", "g", "h"], 4).map((w) => [w, 1]).reduceByKey((a, b) => a + b, 2);
console.log(await counts.count());
console.log(await sc.killExecutor("0"));
console.log(await counts.count());
