// 100,000 sales in 4 partitions: each row's store and amount come from its id.
const sales = spark
  .range(0, 100000, 1, 4)
  .withColumn('store', F.col('id').mod(10))
  .withColumn('amount', F.col('id').mod(97));
const totals = sales.groupBy('store').agg(F.sum('amount').alias('total'));
const counts = sales.groupBy('store').count();
await totals.orderBy('store').show(3);
await counts.orderBy('store').show(3);
