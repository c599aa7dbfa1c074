const lines = sc.textFile('data/books/*.txt');
const counts = lines
  .flatMap((line) => line.toLowerCase().split(/[^a-z']+/))
  .filter((word) => word.length > 0)
  .map((word) => [word, 1])
  .reduceByKey((a, b) => a + b)
  // Keep each partition in the memory of the executor that computes it.
  .cache();

console.log('distinct words:', await counts.count());
console.log('words seen 5 times or more:', await counts.filter(([, n]) => n >= 5).count());
