// 2000 sales: [store, amount]
const sales = sc.parallelize(
  Array.from({ length: 2000 }, (_, i) => [`store-${i % 20}`, (i * 7) % 100]),
  4,
);
// Filter on the map side, before the shuffle: only two stores' records are written.
const wantedSales = sales.filter(([store]) => store === 'store-3' || store === 'store-7');
const wanted = wantedSales.reduceByKey((a, b) => a + b, 3);
console.log((await wanted.collect()).sort());
