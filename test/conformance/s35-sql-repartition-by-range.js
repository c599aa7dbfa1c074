// repartitionByRange over spark.range(0, 20, 1, 4), spark.sql.shuffle.partitions 4. Dataset.repartitionByRange makes
// each column a SortOrder (ascending unless it is one already) in a RepartitionByExpression, whose partitioning is
// RangePartitioning: Exchange rangepartitioning(id, n), REPARTITION_BY_NUM with a number, REPARTITION_BY_COL without.
// ShuffleExchangeExec.prepareShuffleDependency builds the RangePartitioner first: its sampling job (sketch: 20 keys
// per output partition, 3x over-sampled per input partition, so all 5 rows of each partition are kept) [4].
// RangePartitioner.determineBounds cuts the 20 keys (weight 1 each) every 20 / n: 3 partitions for n = 3, 4 for 4.
// sortWithinPartitions then gives the rows in order across partitions (no Exchange: SortExec with global=false).
// - Adaptive execution off: the sampling job [4], then the collect [4, 3].
// - On: the sampling job [4], the query stage's map-stage job [4], then the result. A REPARTITION_BY_NUM exchange is
//   not coalesced (CoalesceShufflePartitions.supportedShuffleOrigins): [4 skipped, 3]. Without a number it is
//   REPARTITION_BY_COL over 4 partitions, coalesced to one (a few hundred bytes): [4 skipped, 1].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
spark.conf.set('spark.sql.shuffle.partitions', 4);
const ids = spark.range(0, 20, 1, 4);
const show = async (df) => console.log((await df.collect()).map((r) => Number(r.id)).join(','));
await show(ids.repartitionByRange(3, F.col('id').desc()).sortWithinPartitions(F.col('id').desc()));
spark.conf.set('spark.sql.adaptive.enabled', 'true');
await show(ids.repartitionByRange(3, 'id').sortWithinPartitions('id'));
await show(ids.repartitionByRange('id').sortWithinPartitions('id'));
try {
  ids.repartitionByRange(3);
} catch (e) {
  console.log(`${e.name}: ${e.message}`);
}
