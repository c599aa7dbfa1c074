// Pretend every partition holds a big file: each task takes 300 ms longer.
for (let partition = 0; partition < 12; partition++) {
  sc.faults.inject({ kind: 'slowPartition', partition, delayMs: 300 });
}

// 4 task slots (2 executors x 2 cores): 8 tasks fill them exactly twice.
const numbers = sc.parallelize(
  Array.from({ length: 1000 }, (_, i) => i),
  8,
);
console.log('sum:', await numbers.sum());
