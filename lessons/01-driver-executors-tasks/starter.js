// The driver runs this whole program. RDD methods only describe work;
// an action (here: reduce) sends that work to the executors as tasks.
const numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4);
const squares = numbers.map((n) => n * n);
console.log('squares is defined; nothing has run yet');

const total = await squares.reduce((a, b) => a + b);
console.log('sum of squares:', total);
