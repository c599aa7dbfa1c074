// The first attempt of partition 3 lands on a slow machine: it takes 4 s longer.
sc.faults.inject({ kind: 'slowPartition', partition: 3, attempt: 0, delayMs: 4000 });

const numbers = Array.from({ length: 100 }, (_, i) => i);
const squares = sc.parallelize(numbers, 10).map((x) => x * x);
console.log('sum:', await squares.sum());
