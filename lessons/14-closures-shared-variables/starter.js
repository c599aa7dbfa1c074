const prices = { apple: 3, pear: 2, fig: 5 };
const basket = sc.parallelize(['apple', 'fig', 'pear', 'apple', 'fig', 'fig'], 3);

let total = 0;
await basket.foreach((fruit) => {
  total += prices[fruit];
  console.log('added', fruit);
});
console.log('total on the driver:', total);

try {
  await basket.map((fruit) => `${fruit} x${sc.defaultParallelism}`).collect();
} catch (error) {
  console.log(error.message.split('\n')[0]);
}
