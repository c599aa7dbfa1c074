// A large table of orders, [customerId, amount], and a small table of customers, [customerId, tier].
const orders = sc.parallelize(
  Array.from({ length: 1000 }, (_, i) => [i % 50, (i * 13) % 200]),
  4,
);
const customers = sc.parallelize(
  Array.from({ length: 50 }, (_, id) => [id, id % 5 === 0 ? 'gold' : 'basic']),
  2,
);

// Broadcast join: bring the small table to the driver once, send it to every
// executor once, and look customers up inside the map. The orders never move.
const tierOf = sc.broadcast(await customers.collectAsMap());
const byTier = orders.map(([id, amount]) => [tierOf.value.get(id), amount]).reduceByKey((a, b) => a + b);
console.log((await byTier.collect()).sort());
