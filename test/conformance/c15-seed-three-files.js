// The story of the Spark tutorial this project grew from (shared/seeds/001): three files on
// 3 executors × 1 core. minPartitions = min(defaultParallelism 3, 2) = 2, so the goal size is half
// the bytes and each file (about a third) is one split: stage 0 has three tasks. Every block has
// HDFS's 3 replicas (kindling.dfs.replication, as dfs.replication in hdfs-default.xml), so on three
// hosts each task is NODE_LOCAL everywhere and the TaskSetManager gives each free core one at once:
// all three executors run stage 0 together. groupByKey's shuffle cuts job 0 in two; count is job 1.
const linesRDD = sc.textFile("some_data*").flatMap((line) => line.split(" "));
const wordsRDD = linesRDD.map((x) => [x, x.length]);
await wordsRDD.groupByKey().foreach((pair) => console.log(pair));
console.log(`Word count is ${await wordsRDD.count()}`);
