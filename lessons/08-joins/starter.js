// A large table of orders, [customerId, amount], and a small table of customers, [customerId, tier].
const orders = sc.parallelize(
  Array.from({ length: 1000 }, (_, i) => [i % 50, (i * 13) % 200]),
  4,
);
const customers = sc.parallelize(
  Array.from({ length: 50 }, (_, id) => [id, id % 5 === 0 ? 'gold' : 'basic']),
  2,
);

const joined = orders.join(customers);
const byTier = joined.map(([, [amount, tier]]) => [tier, amount]).reduceByKey((a, b) => a + b);
console.log((await byTier.collect()).sort());
