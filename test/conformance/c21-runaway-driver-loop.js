// A runaway loop in the driver program itself is stopped at its line too: the guard in the loop
// body sees that the driver's thread has had no free moment for longer than the limit
// (kindling.task.timeout, here 2 s, less a tenth), and the run ends with that line.
console.log(await sc.parallelize([1, 2, 3], 3).count());
let spins = 0;
for (;;) {
  spins++;
  if (spins < 0) break;
}
