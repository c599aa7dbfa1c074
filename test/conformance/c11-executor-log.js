// foreach runs on executors: what it prints goes to their logs (stderr of the runner), not the driver's output.
await sc.parallelize(["x", "y"], 2).foreach((v) => console.log("executor saw", v));
console.log("driver done");
