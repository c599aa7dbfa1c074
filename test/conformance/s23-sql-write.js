// df.write with adaptive execution on (Spark 4.0 InsertIntoHadoopFsRelationCommand, FileFormatWriter, WriteFilesExec).
// The save mode is checked first: overwrite deletes the folder (so the run can be repeated), errorifexists fails with
// PATH_ALREADY_EXISTS and ignore writes nothing; neither runs a job. Then one SQL execution: the query's stages, and
// the write job with one task per partition of the final plan, each writing part-<partition>-<job uuid>-c000.<ext>;
// the driver commits with _SUCCESS (FileOutputCommitter.commitJob), which readers skip (a hidden file, leading '_').
// - 10 ids in 4 range partitions, no exchange (so no adaptive plan): the write job [4], four part files.
// - a groupBy written as JSON: the exchange is a query stage [4]; the write job reads it coalesced to one
//   partition (CoalesceShufflePartitions) [4 skipped, 1]: one part file.
// - The listings are sc.wholeTextFiles' jobs (defaultMinPartitions 2: [2] for four files, [1] for one).
// - Reading the CSV back with inferSchema: the first line's job, a CollectLimit over the first of the 4 files
//   (one FilePartition each: each file also weighs openCostInBytes) [1], then CSVInferSchema's job over all [4].
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const parts = async (path) =>
  (await sc.wholeTextFiles(path).keys().collect())
    .map((f) => f.split('/').pop().replace(uuid, '<uuid>'))
    .sort()
    .join(' ');
const ids = spark.range(0, 10, 1, 4).select('id', F.col('id').mod(3).alias('k'));
await ids.write.mode('overwrite').csv('out/s23/ids', { header: true });
console.log(await parts('out/s23/ids'));
try {
  await ids.write.csv('out/s23/ids');
} catch (e) {
  console.log(e.message.split(' Set mode')[0]);
}
await ids.write.mode('ignore').csv('out/s23/ids');
await ids.groupBy('k').count().write.mode('overwrite').json('out/s23/counts');
console.log(await parts('out/s23/counts'));
const back = await spark.read.csv('out/s23/ids', { header: true, inferSchema: true });
console.log(back.dtypes.map(([n, t]) => `${n}:${t}`).join(' '));
