// The numbers 1 to 100 in 5 partitions: every job over them runs 5 tasks.
const numbers = sc.parallelize(
  Array.from({ length: 100 }, (_, i) => i + 1),
  5,
);
const squares = numbers.map((n) => n * n);

// Two actions, so two jobs.
console.log('count:', await numbers.count());
console.log('sum of squares:', await squares.reduce((a, b) => a + b));
