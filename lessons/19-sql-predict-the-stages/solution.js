// The plan as planned, on 8 shuffle partitions; users are joined as if they were too many to broadcast.
spark.conf.set('spark.sql.adaptive.enabled', false);
spark.conf.set('spark.sql.shuffle.partitions', 8);
spark.conf.set('spark.sql.autoBroadcastJoinThreshold', -1);
spark.conf.set('spark.sql.files.maxPartitionBytes', '64k');

const sessions = await spark.read.csv('data/sessions.csv', { header: true, inferSchema: true });
const users = await spark.read.parquet('data/users.parquet');
const engaged = sessions.filter('pages >= 3');
const perCountry = engaged
  .join(users, 'user_id')
  .groupBy('country')
  .agg(F.count('*').alias('sessions'), F.round(F.avg('duration_s'), 1).alias('avg_seconds'));
const rows = await perCountry.collect();
console.log(
  rows
    .map((r) => `${r.country}: ${r.sessions}`)
    .sort()
    .join(', '),
);
