// Self-joins, adaptive execution off. Joining people (employee side) to people (manager side) shuffles
// two different column sets, so both exchanges run: [4, 4, 200]. Joining a DataFrame to itself on the same
// columns computes one exchange and reads it twice (ReuseExchangeAndSubquery: the second is a ReusedExchange):
// the count's job has one map stage, the join's 200 tasks, then the global count's 1: [4, 200, 1].
spark.conf.set('spark.sql.adaptive.enabled', 'false');
const people = spark.createDataFrame([[1, 'ada', 2], [2, 'grace', 1], [3, 'alan', 1]], ['id', 'name', 'manager']);
const pairs = people.alias('e').join(people.alias('m'), F.col('e.manager').equalTo(F.col('m.id')));
const rows = await pairs.select(F.col('e.name').alias('employee'), F.col('m.name').alias('boss')).collect();
console.log(rows.map((r) => `${r.employee}->${r.boss}`).sort().join(' '));
const same = people.alias('a').join(people.alias('b'), F.col('a.id').equalTo(F.col('b.id')));
console.log(await same.count());
