/**
 * Plan nodes know the program line that made them (Spark's TreeNode.origin,
 * set from CurrentOrigin at construction and inherited by what a rule builds
 * in a node's place), so each Exchange names the line whose operator needed
 * it: EnsureRequirements runs inside transformUp on that operator.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SparkContext } from '../../../engine/context';
import { F, SparkSession } from '../../../engine/sql';
import type { SparkPlan } from '../../../engine/sql/execution/SparkPlan';
import { ShuffleExchangeExec } from '../../../engine/sql/execution/exchange/ShuffleExchangeExec';
import type { SparkEvent } from '../../../engine/events/types';
import { smallShop, sourceLine } from './session';
import { buildAppModel } from '../../../engine/events/app-model';
import { buildSparkPlanGraph } from '../../../engine/events/sql-model';
import { planExchanges, describeExchange } from '../../../engine/events/sql-exchanges';

function exchangesOf(plan: SparkPlan): { text: string; line: number | undefined }[] {
  return plan
    .collect((p) => (p instanceof ShuffleExchangeExec ? p : undefined))
    .map((p) => ({ text: p.simpleString.replace(/, \[plan_id=\d+\]/, ''), line: p.callSite?.line }));
}

let events: SparkEvent[];
let sc: SparkContext;
let spark: SparkSession;

beforeAll(() => {
  events = [];
  sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.sql.shuffle.partitions': '4', 'spark.sql.autoBroadcastJoinThreshold': '-1' },
    onEvent: (e) => events.push(e),
  });
  spark = new SparkSession(sc, { print: () => {} });
});
afterAll(() => sc.stop());

describe('each exchange carries the line of the operator that needed it', () => {
  test('a join, a groupBy and an orderBy on three lines: static plan (AQE off)', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const { orders, products } = smallShop(spark);
    const joined = orders.join(products, 'product_id'); // @join
    const revenue = joined.groupBy('category').agg(F.sum('amount').alias('revenue')); // @agg
    const sorted = revenue.orderBy(F.desc('revenue')); // @sort
    const [joinLine, aggLine, sortLine] = ['join', 'agg', 'sort'].map((m) => sourceLine(import.meta.url, m));
    const exchanges = exchangesOf(sorted.queryExecution.executedPlan);
    // Root first: the global sort's range exchange, the aggregate's hash exchange, then one under each join side.
    expect(exchanges.map((e) => [e.text.split('(')[0], e.line])).toEqual([
      ['Exchange rangepartitioning', sortLine],
      ['Exchange hashpartitioning', aggLine],
      ['Exchange hashpartitioning', joinLine],
      ['Exchange hashpartitioning', joinLine],
    ]);
    expect(new Set([joinLine, aggLine, sortLine]).size).toBe(3);
  });

  test('repartition names its own line; count() names the action', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const { orders } = smallShop(spark);
    const spread = orders.repartition(3, F.col('product_id')); // @repartition
    const repartitionLine = sourceLine(import.meta.url, 'repartition');
    const grouped = spread.groupBy('product_id').count(); // no exchange: already partitioned by product_id
    expect(exchangesOf(grouped.queryExecution.executedPlan).map((e) => e.line)).toEqual([repartitionLine]);
    const before = events.length;
    const n = await orders.filter('amount > 2').count(); // @count
    const countLine = sourceLine(import.meta.url, 'count');
    expect(n).toBe(22); // amounts cycle 0..6: 5 full cycles keep 4 each, then 35..39 (0..4) keep 3 and 4
    const start = events
      .slice(before)
      .find((e) => e.Event === 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart') as unknown as {
      sparkPlanInfo: Parameters<typeof buildSparkPlanGraph>[0];
    };
    // The event's plan carries the lines too (Kindling's `callSite` on each SparkPlanInfo).
    const graph = buildSparkPlanGraph(start.sparkPlanInfo);
    const exchange = planExchanges(graph);
    expect(exchange.map((e) => [e.partitioning, e.lines])).toEqual([['SinglePartition', [countLine]]]);
    expect(describeExchange(exchange[0])).toContain(`(line ${countLine} of the program)`);
  });

  test('adaptive execution: the final plan, read back from the events, keeps the lines', async () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'true');
    const { orders, products } = smallShop(spark);
    const joined = orders.join(products.filter("category = 'cat0'"), 'product_id'); // @aqe-join
    const totals = joined.groupBy('category').agg(F.sum('amount')); // @aqe-agg
    const [joinLine, aggLine] = ['aqe-join', 'aqe-agg'].map((m) => sourceLine(import.meta.url, m));
    const from = events.length;
    await totals.collect();
    const app = buildAppModel(events);
    const execution = [...app.sqlExecutions.values()].at(-1)!;
    expect(from).toBeLessThan(events.length);
    const facts = planExchanges(execution.plan, execution);
    expect(facts.length).toBeGreaterThan(0);
    for (const fact of facts) expect(fact.lines.length).toBe(1);
    const lines = new Set(facts.flatMap((f) => f.lines));
    expect([...lines].every((l) => l === joinLine || l === aggLine)).toBe(true);
    expect(facts.find((f) => f.neededBy.includes('HashAggregate'))?.lines).toEqual([aggLine]);
    expect(facts.filter((f) => f.lines[0] === joinLine).length).toBe(2);
  });

  test('spark.sql: every operator of the query carries the line of the spark.sql call', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    const { orders } = smallShop(spark);
    orders.createOrReplaceTempView('orders_origin');
    const df = spark.sql('SELECT product_id, sum(amount) FROM orders_origin GROUP BY product_id'); // @sql
    const sqlLine = sourceLine(import.meta.url, 'sql');
    expect(exchangesOf(df.queryExecution.executedPlan).map((e) => e.line)).toEqual([sqlLine]);
  });
});
