// Now the slowness follows the data: every attempt of partition 3 takes 1.5 s longer,
// wherever it runs, as if partition 3 held far more records than the others.
sc.faults.inject({ kind: 'slowPartition', partition: 3, delayMs: 1500 });

const numbers = Array.from({ length: 100 }, (_, i) => i);
const squares = sc.parallelize(numbers, 10).map((x) => x * x);
console.log('sum:', await squares.sum());
