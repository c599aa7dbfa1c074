// 40,000 sales over 40 stores, generated on the executors.
const sales = sc
  .range(0, 40000, 1, 4)
  .map((i) => [`store-${i % 40}`, { amount: i % 100, method: i % 3 === 0 ? 'card' : 'cash' }]);

// Keep only the amount, then add: each map task sums its own sales per store
// before the shuffle, so it writes one record per store, not one per sale.
const totals = sales.mapValues((sale) => sale.amount).reduceByKey((a, b) => a + b);

const result = (await totals.collect()).sort(([a], [b]) => (a < b ? -1 : 1));
console.log('stores:', result.length);
console.log('first three:', result.slice(0, 3));
