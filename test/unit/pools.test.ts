/** Scheduling modes: FIFO by default; FAIR pools share cores as Spark's FairSchedulingAlgorithm does. */
import { describe, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { fairCompare, type Schedulable } from '../../engine/scheduler/pools';
import type { EventJson } from '../support/event-json';

const pool = (name: string, runningTasks: number, weight = 1, minShare = 0): Schedulable => ({
  name,
  runningTasks,
  weight,
  minShare,
  priority: 0,
  stageId: 0,
});

describe('FairSchedulingAlgorithm', () => {
  test('a pool below its minShare comes first', () => {
    expect(fairCompare(pool('a', 3), pool('b', 1, 1, 2))).toBeGreaterThan(0);
  });
  test('two needy pools: lower running/minShare first', () => {
    expect(fairCompare(pool('a', 1, 1, 4), pool('b', 1, 1, 2))).toBeLessThan(0);
  });
  test('otherwise fewer running tasks per weight first', () => {
    expect(fairCompare(pool('a', 4, 2), pool('b', 3, 1))).toBeLessThan(0);
  });
  test('ties break by name', () => {
    expect(fairCompare(pool('a', 1), pool('b', 1))).toBeLessThan(0);
  });
});

/** Two jobs submitted together, one per pool; returns the job id of each task launch, in launch order. */
async function twoJobs(conf: Record<string, string>) {
  const events: EventJson[] = [];
  const sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.executor.cores': '1', ...conf },
    onEvent: (e) => events.push(e as EventJson),
  });
  await sc.ready;
  for (let p = 0; p < 6; p++) sc.faults.inject({ kind: 'slowPartition', partition: p, delayMs: 40 });
  sc.setLocalProperty('spark.scheduler.pool', 'reports');
  const a = sc.parallelize([1, 2, 3, 4, 5, 6], 6).count();
  sc.setLocalProperty('spark.scheduler.pool', 'adhoc');
  const b = sc.parallelize([1, 2, 3, 4, 5, 6], 6).count();
  expect(await Promise.all([a, b])).toEqual([6, 6]);
  await sc.stop();
  const stageToJob = new Map<number, number>();
  for (const e of events)
    if (e.Event === 'SparkListenerJobStart') for (const s of e['Stage IDs']) stageToJob.set(s, e['Job ID']);
  const pools = events
    .filter((e) => e.Event === 'SparkListenerStageSubmitted')
    .map((e) => e.Properties['spark.scheduler.pool']);
  return {
    order: events.filter((e) => e.Event === 'SparkListenerTaskStart').map((e) => stageToJob.get(e['Stage ID'])),
    pools,
  };
}

describe('concurrent jobs', () => {
  test('FIFO (the default): the first job takes every core until it has no tasks left', async () => {
    const { order } = await twoJobs({});
    expect(order).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  test('FAIR: the pools take turns as cores free up', async () => {
    const { order, pools } = await twoJobs({ 'spark.scheduler.mode': 'FAIR' });
    expect(pools).toEqual(['reports', 'adhoc']);
    const firstOfJob1 = order.indexOf(1);
    const lastOfJob0 = order.lastIndexOf(0);
    expect(firstOfJob1).toBeLessThan(lastOfJob0);
    // Once both run, neither pool gets more than one task ahead of the other.
    const running = order.slice(0, 8);
    expect(running.filter((j) => j === 0).length - running.filter((j) => j === 1).length).toBeLessThanOrEqual(2);
  });

  test('FAIR with weights: a pool of weight 2 gets about twice the cores', async () => {
    const { order } = await twoJobs({
      'spark.scheduler.mode': 'FAIR',
      'spark.executor.instances': '3',
      'kindling.scheduler.pool.adhoc.weight': '2',
    });
    // With 3 cores, the weighted pool holds 2 of them while both have work.
    const firstThreeAfterStart = order.slice(3, 9);
    expect(firstThreeAfterStart.filter((j) => j === 1).length).toBeGreaterThanOrEqual(3);
  });
});
