import { afterEach, describe, expect, test } from 'vitest';
import type { EventJson } from '../support/event-json';
import { SparkContext } from '../../engine/context';
import { StorageLevel } from '../../engine/rdd/storage-level';
import { withEnv } from '../../engine/closure/closure';
import type { SparkEvent } from '../../engine/events/types';
import { DB_PREFIX } from '../../engine/storage/idb-block-store';

type Ev = SparkEvent & EventJson;

let sc: SparkContext | null = null;
afterEach(async () => {
  await sc?.stop();
  sc = null;
});

function start(conf: Record<string, string> = {}) {
  const events: Ev[] = [];
  const logs: { executorId: string; args: unknown[] }[] = [];
  sc = new SparkContext({
    executors: 'workers',
    conf,
    onEvent: (e) => events.push(e as Ev),
    onExecutorLog: (executorId, _stream, args) => logs.push({ executorId, args }),
  });
  return { sc, events, logs };
}

const tasksOf = (events: Ev[]) => events.filter((e) => e.Event === 'SparkListenerTaskEnd');

describe('executors are Web Workers', () => {
  test('a shuffle job runs on two worker executors and writes shuffle blocks to IndexedDB', async () => {
    const { sc, events } = start();
    await sc.ready;
    const counts = await sc
      .parallelize(['a', 'b', 'a', 'c', 'b', 'a'], 3)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b)
      .collectAsMap();
    expect([...counts.entries()].sort()).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    const ends = tasksOf(events);
    expect(ends).toHaveLength(6);
    expect(new Set(ends.map((e) => e['Task Info']['Executor ID']))).toEqual(new Set(['0', '1']));
    const written = ends.reduce((a, e) => a + e['Task Metrics']['Shuffle Write Metrics']['Shuffle Bytes Written'], 0);
    const read = ends.reduce(
      (a, e) =>
        a +
        e['Task Metrics']['Shuffle Read Metrics']['Local Bytes Read'] +
        e['Task Metrics']['Shuffle Read Metrics']['Remote Bytes Read'],
      0,
    );
    expect(written).toBeGreaterThan(0);
    expect(read).toBe(written);
    const dbs = await indexedDB.databases();
    expect(dbs.some((d) => d.name === DB_PREFIX + sc.appId)).toBe(true);
  });

  test('tasks run off the page thread: a busy task does not block timers on the page', async () => {
    const { sc } = start({ 'spark.executor.instances': '1', 'spark.executor.cores': '1' });
    await sc.ready;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const spin = withEnv((x: number) => {
      const end = Date.now() + 1000;
      while (Date.now() < end);
      return x;
    }, {});
    await sc.parallelize([1], 1).map(spin).collect();
    clearInterval(timer);
    // A blocked page would tick once at most; an idle one ticks about 100 times in the second the task spins.
    expect(ticks).toBeGreaterThan(10);
  });

  test('console.log inside a task goes to that executor log', async () => {
    const { sc, logs } = start();
    await sc.ready;
    await sc.parallelize([1, 2, 3, 4], 2).foreach((x) => console.log('saw', x));
    const lines = logs.map((l) => JSON.stringify(l.args));
    expect(logs).toHaveLength(4);
    expect(lines.some((l) => l.includes('saw'))).toBe(true);
    expect(new Set(logs.map((l) => l.executorId)).size).toBeGreaterThanOrEqual(1);
  });

  test('a cached RDD is read PROCESS_LOCAL on the executor holding each block', async () => {
    const { sc, events } = start();
    await sc.ready;
    const c = sc
      .parallelize(
        Array.from({ length: 1000 }, (_, i) => i),
        4,
      )
      .map((x) => x + 1)
      .cache();
    expect(await c.count()).toBe(1000);
    const firstEnds = tasksOf(events).map((e) => e['Task Info']);
    expect(await c.reduce((a, b) => a + b)).toBe(500500);
    const secondEnds = tasksOf(events)
      .slice(firstEnds.length)
      .map((e) => e['Task Info']);
    for (const t of secondEnds) {
      expect(t.Locality).toBe('PROCESS_LOCAL');
      const before = firstEnds.find((b) => b.Index === t.Index);
      expect(t['Executor ID']).toBe(before['Executor ID']);
    }
    expect(c.toDebugString()).toContain('CachedPartitions: 4');
  });

  test('DISK_ONLY persistence keeps blocks in IndexedDB', async () => {
    const { sc, events } = start();
    await sc.ready;
    const d = sc
      .parallelize([1, 2, 3, 4, 5, 6], 3)
      .map((x) => x * 10)
      .persist(StorageLevel.DISK_ONLY);
    expect(await d.sum()).toBe(210);
    const blocks = tasksOf(events).flatMap((e) => e['Task Metrics']['Updated Blocks']);
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(b.Status['Disk Size']).toBeGreaterThan(0);
      expect(b.Status['Memory Size']).toBe(0);
    }
    expect(await d.collect()).toEqual([10, 20, 30, 40, 50, 60]);
  });
});
