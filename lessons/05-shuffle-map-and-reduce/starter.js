// 2000 sales: [store, amount]
const sales = sc.parallelize(
  Array.from({ length: 2000 }, (_, i) => [`store-${i % 20}`, (i * 7) % 100]),
  4,
);
const totals = sales.reduceByKey((a, b) => a + b, 3);
const wanted = totals.filter(([store]) => store === 'store-3' || store === 'store-7');
console.log((await wanted.collect()).sort());
