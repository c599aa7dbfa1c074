// Units sold per product, cached in 8 partitions, then read by three actions.
spark.conf.set('spark.sql.shuffle.partitions', 8);
const orders = await spark.read.parquet('data/orders.parquet');
const units = orders.groupBy('product_id').agg(F.sum('quantity').alias('units'));
units.cache();

console.log('products:', await units.count());
console.log('products again:', await units.count());
const top = await units.orderBy(F.desc('units'), 'product_id').limit(3).collect();
console.log('top:', top.map((r) => `${r.product_id}=${r.units}`).join(' '));
