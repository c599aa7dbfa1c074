// 400 log lines in 8 partitions; the 100 errors all sit in the first two.
const lines = sc.parallelize(
  Array.from({ length: 400 }, (_, i) => (i < 100 ? `ERROR ${i}` : `INFO ${i}`)),
  8,
);
const errors = lines.filter((line) => line.startsWith('ERROR'));

const fewer = errors.coalesce(2);
const sizes = await fewer
  .glom()
  .map((part) => part.length)
  .collect();
console.log('errors per partition:', sizes);
console.log('errors:', await fewer.count());
