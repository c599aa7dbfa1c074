// The same program over four files on 3 executors × 1 core: four tasks, three cores, so the fourth
// task waits for a core to free up and starts after one of the first three ends (the tutorial says
// "one of the task would be executed after one of the tasks finishes").
const linesRDD = sc.textFile("four-files/some_data*").flatMap((line) => line.split(" "));
const wordsRDD = linesRDD.map((x) => [x, x.length]);
await wordsRDD.groupByKey().foreach((pair) => console.log(pair));
console.log(`Word count is ${await wordsRDD.count()}`);
