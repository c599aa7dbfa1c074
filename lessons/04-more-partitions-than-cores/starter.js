// Pretend every partition holds a big file: each task takes 300 ms longer.
for (let partition = 0; partition < 12; partition++) {
  sc.faults.inject({ kind: 'slowPartition', partition, delayMs: 300 });
}

const numbers = sc.parallelize(
  Array.from({ length: 1000 }, (_, i) => i),
  10,
);
console.log('sum:', await numbers.sum());
