const prices = { apple: 3, pear: 2, fig: 5 };
const basket = sc.parallelize(['apple', 'fig', 'pear', 'apple', 'fig', 'fig'], 3);

// A broadcast variable is sent to each executor once, not with every task.
const priceTable = sc.broadcast(prices);
// An accumulator's updates travel back from the tasks and are merged on the driver.
const total = sc.longAccumulator('total');
await basket.foreach((fruit) => {
  total.add(priceTable.value[fruit]);
});
console.log('total:', total.value);

// Read what the driver has (here: the parallelism) outside the function, and let the
// function capture the plain number instead of the SparkContext.
const parallelism = sc.defaultParallelism;
console.log(await basket.map((fruit) => `${fruit} x${parallelism}`).collect());
