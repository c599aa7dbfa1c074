// The plan as planned, on 8 shuffle partitions (200 by default: lesson 16); no automatic broadcasts.
spark.conf.set('spark.sql.adaptive.enabled', false);
spark.conf.set('spark.sql.shuffle.partitions', 8);
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', -1);

const orders = await spark.read.parquet('data/orders.parquet');
const products = await spark.read.parquet('data/products.parquet');
const revenue = orders
  .filter("status = 'completed'")
  .join(products, 'product_id')
  .withColumn('revenue', F.col('quantity').multiply(F.col('price')))
  .groupBy('category')
  .agg(F.round(F.sum('revenue'), 2).alias('revenue'));
const ranked = await revenue.orderBy(F.desc('revenue')).collect();
console.log(ranked.map((r) => `${r.category}: ${r.revenue}`).join('\n'));
