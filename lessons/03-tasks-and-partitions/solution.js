// Four small books, one file each.
const books = sc.textFile('data/books/*.txt');
const words = books.flatMap((line) => line.toLowerCase().split(/[^a-z']+/)).filter((word) => word.length > 0);
// The second argument sets the number of reduce partitions, so of reduce tasks.
const counts = words.map((word) => [word, 1]).reduceByKey((a, b) => a + b, 3);
console.log('distinct words:', await counts.count());

// numSlices sets the number of partitions, so of tasks.
const numbers = sc.parallelize(
  Array.from({ length: 100 }, (_, i) => i + 1),
  8,
);
console.log('sum:', await numbers.sum());
