// Four small books, one file each.
const books = sc.textFile('data/books/*.txt');
const words = books.flatMap((line) => line.toLowerCase().split(/[^a-z']+/)).filter((word) => word.length > 0);
const counts = words.map((word) => [word, 1]).reduceByKey((a, b) => a + b);
console.log('distinct words:', await counts.count());

const numbers = sc.parallelize(Array.from({ length: 100 }, (_, i) => i + 1));
console.log('sum:', await numbers.sum());
