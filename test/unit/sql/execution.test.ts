/**
 * Queries run on the engine (in-process executors) give the rows Spark gives,
 * and adaptive execution runs each exchange as a map-stage job of its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { F, Window } from '../../../engine/sql';
import { SparkContext } from '../../../engine/context';
import { SparkSession } from '../../../engine/sql';
import type { SparkEvent } from '../../../engine/events/types';
import { jobTaskCounts } from './session';

const events: SparkEvent[] = [];
const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e) });
const printed: string[] = [];
const spark = new SparkSession(sc, { print: (t) => printed.push(t) });
afterAll(() => sc.stop());

const orders = spark.createDataFrame(
  [
    [1, 'a', 10.5],
    [2, 'b', 3.0],
    [3, 'a', 7.25],
    [4, 'c', 1.0],
  ],
  ['order_id', 'product_id', 'amount'],
);
const products = spark.createDataFrame(
  [
    ['a', 'apple'],
    ['b', 'bean'],
  ],
  ['product_id', 'name'],
);

describe('running DataFrame queries', () => {
  it('aggregates after a join, sorted, and prints them as Spark prints show()', async () => {
    printed.length = 0;
    await orders
      .join(products, 'product_id')
      .groupBy('name')
      .agg(F.sum('amount').alias('revenue'), F.count('*').alias('n'))
      .orderBy(F.desc('revenue'))
      .show();
    expect(printed.join('')).toBe(
      '+-----+-------+---+\n' +
        '| name|revenue|  n|\n' +
        '+-----+-------+---+\n' +
        '|apple|  17.75|  2|\n' +
        '| bean|    3.0|  1|\n' +
        '+-----+-------+---+\n',
    );
  });

  it('counts, takes and collects Rows with fields, positions and asDict()', async () => {
    expect(await orders.count()).toBe(4);
    const [first] = await orders.orderBy('order_id').take(1);
    expect(first.order_id).toBe(1);
    expect(first[1]).toBe('a');
    expect(first.asDict()).toEqual({ order_id: 1, product_id: 'a', amount: 10.5 });
    expect(String(first)).toBe("Row(order_id=1, product_id='a', amount=10.5)");
  });

  it('computes windows over partitions', async () => {
    const w = Window.partitionBy('product_id').orderBy(F.desc('amount'));
    const rows = await orders.withColumn('rank', F.rank().over(w)).orderBy('order_id').collect();
    expect(rows.map((r) => r.rank)).toEqual([1, 1, 2, 1]);
  });

  it('gives every join type its rows', async () => {
    const ids = async (how: string) =>
      (await orders.join(products, 'product_id', how).collect()).map((r) => r.order_id as number).sort();
    expect(await ids('inner')).toEqual([1, 2, 3]);
    expect(await ids('left')).toEqual([1, 2, 3, 4]);
    expect(await ids('left_anti')).toEqual([4]);
    expect(await ids('left_semi')).toEqual([1, 2, 3]);
  });

  it('joins without equality keys give each row once, whichever side is broadcast and kept whole', async () => {
    // BroadcastNestedLoopJoinExec.doExecute: a full join, an outer join keeping the broadcast side, and a semi or
    // anti join of the broadcast side go to defaultJoin, which folds the broadcast rows' matches over every
    // streamed partition before adding the unmatched ones once (a union with sparkContext.makeRDD).
    const left = spark.range(0, 10, 1, 4);
    const right = spark.createDataFrame([[3], [7], [100]], ['v']);
    const cond = F.col('id').gt(F.col('v'));
    const pairs: [number | null, number | null][] = [];
    for (let id = 0; id < 10; id++) for (const v of [3, 7, 100]) if (id > v) pairs.push([id, v]);
    const unmatchedLeft = [0, 1, 2, 3].map((id): [number | null, number | null] => [id, null]);
    const key = (p: [number | null, number | null]) => `${p[0]}:${p[1]}`;
    const got = async (l: typeof left, r: typeof right, how: string) =>
      (await l.join(r, cond, how).collect())
        .map((row) => key([row.id as number | null, row.v as number | null]))
        .sort();
    const want = (rows: [number | null, number | null][]) => rows.map(key).sort();
    const jobsBefore = events.filter((e) => e.Event === 'SparkListenerJobStart').length;
    expect(await got(left, right, 'full')).toEqual(want([...pairs, ...unmatchedLeft, [null, 100]]));
    // getSmallerSide: the three-row side is broadcast; the last job reads the 4 streamed partitions and
    // defaultParallelism slices of the unmatched broadcast rows.
    const fullJobs = jobTaskCounts(events, 0).slice(jobsBefore);
    expect(fullJobs.at(-1)!.at(-1)).toBe(4 + sc.defaultParallelism);
    // The right join broadcasts the left (canBuildBroadcastLeft), the side it keeps whole.
    expect(await got(left, right, 'right')).toEqual(want([...pairs, [null, 100]]));
    // A semi and an anti join of the smaller side, broadcast by size.
    const small = right.withColumnRenamed('v', 'id').select(F.col('id').minus(0).alias('w'));
    const semi = (await small.join(left, F.col('w').lt(F.col('id')), 'left_semi').collect()).map((r) => r.w);
    expect(semi.sort()).toEqual([3, 7]);
    const anti = (await small.join(left, F.col('w').lt(F.col('id')), 'left_anti').collect()).map((r) => r.w);
    expect(anti).toEqual([100]);
  });

  it('with adaptive execution, runs each exchange as a map-stage job before the job that reads it', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    const before = events.filter((e) => e.Event === 'SparkListenerJobStart').length;
    await spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count().collect();
    const jobs = events.filter((e) => e.Event === 'SparkListenerJobStart').slice(before) as unknown as {
      'Stage Infos': { 'Number of Tasks': number }[];
      Properties: Record<string, string>;
    }[];
    expect(jobs.map((j) => j['Stage Infos'].map((s) => s['Number of Tasks']))).toEqual([[4], [4, 1]]);
    expect(new Set(jobs.map((j) => j.Properties['spark.sql.execution.id'])).size).toBe(1);
    const starts = events.filter((e) => String(e.Event).endsWith('SparkListenerSQLExecutionStart'));
    expect(starts.length).toBeGreaterThan(0);
  });

  it('after an action, explain shows the final adaptive plan with its query stages', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    const df = spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count();
    await df.collect();
    printed.length = 0;
    df.explain();
    const text = printed.join('');
    expect(text).toContain('AdaptiveSparkPlan isFinalPlan=true');
    expect(text).toContain('+- == Final Plan ==');
    expect(text).toContain('AQEShuffleRead coalesced');
    expect(text).toContain('ShuffleQueryStage 0');
    expect(text).toContain('+- == Initial Plan ==');
  });

  it('with spark.sql.codegen.wholeStage off, the final adaptive plan has no codegen stages', async () => {
    // AdaptiveSparkPlanExec applies CollapseCodegenStages only when SQLConf.wholeStageEnabled holds.
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    const df = () => spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count();
    const finalPlan = async () => {
      const q = df();
      const rows = await q.collect();
      printed.length = 0;
      q.explain();
      return { rows: rows.length, text: printed.join('').split('== Initial Plan ==')[0] };
    };
    const on = await finalPlan();
    expect(on.text).toContain('*(1)');
    spark.conf.set('spark.sql.codegen.wholeStage', 'false');
    try {
      const off = await finalPlan();
      expect(off.rows).toBe(10);
      expect(off.text).toContain('ShuffleQueryStage 0');
      expect(off.text).not.toContain('*(');
    } finally {
      spark.conf.set('spark.sql.codegen.wholeStage', 'true');
    }
  });
});
