/** IndexedDB storage: one database per application, stale ones cleaned up, lost executors' blocks gone. */
import { expect, test } from 'vitest';
import type { EventJson } from '../support/event-json';
import { SparkContext } from '../../engine/context';
import { IdbBlockStore, databaseName } from '../../engine/storage/idb-block-store';
import { cleanupStaleBlockStores, holdAppLock } from '../../engine/storage/cleanup';
import { withEnv } from '../../engine/closure/closure';

const dbNames = async () => (await indexedDB.databases()).map((d) => d.name);

test('databases of pages that are gone are deleted; those of live pages are kept', async () => {
  const dead = new IdbBlockStore('test-dead-app');
  await dead.put([['0/shuffle_0_0_0', new Uint8Array([1, 2, 3])]]);
  dead.close();
  const release = await holdAppLock('test-live-app');
  const live = new IdbBlockStore('test-live-app');
  await live.put([['0/shuffle_0_0_0', new Uint8Array([4])]]);

  const deleted = await cleanupStaleBlockStores('test-me');
  expect(deleted).toContain(databaseName('test-dead-app'));
  expect(deleted).not.toContain(databaseName('test-live-app'));
  const names = await dbNames();
  expect(names).not.toContain(databaseName('test-dead-app'));
  expect(names).toContain(databaseName('test-live-app'));
  expect(await live.get(['0/shuffle_0_0_0'])).toEqual([new Uint8Array([4])]);

  release();
  await live.destroy();
});

test('two applications at once (two tabs) keep their blocks apart, and stop() deletes its own', async () => {
  const a = new SparkContext({ executors: 'workers' });
  const b = new SparkContext({ executors: 'workers' });
  await Promise.all([a.ready, b.ready]);
  const job = (sc: SparkContext, k: string) =>
    sc
      .parallelize([1, 2, 3, 4], 2)
      .map(withEnv((x: number) => [k, x] as [string, number], { k }))
      .reduceByKey((x, y) => x + y)
      .collect();
  const [ra, rb] = await Promise.all([job(a, 'a'), job(b, 'b')]);
  expect(ra).toEqual([['a', 10]]);
  expect(rb).toEqual([['b', 10]]);
  expect(a.appId).not.toBe(b.appId);
  const storeA = new IdbBlockStore(a.appId);
  const storeB = new IdbBlockStore(b.appId);
  expect(await storeA.count()).toBeGreaterThan(0);
  expect(await storeB.count()).toBeGreaterThan(0);
  storeA.close();
  storeB.close();
  await a.stop();
  expect(await dbNames()).not.toContain(databaseName(a.appId));
  expect(await dbNames()).toContain(databaseName(b.appId));
  await b.stop();
  expect(await dbNames()).not.toContain(databaseName(b.appId));
});

test('killing an executor deletes its namespace, unregisters its outputs, and a replacement starts', async () => {
  const events: EventJson[] = [];
  const sc = new SparkContext({ executors: 'workers', onEvent: (e) => events.push(e as EventJson) });
  await sc.ready;
  const counts = sc
    .parallelize(['x', 'y', 'x', 'z'], 4)
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b);
  await counts.count();
  const store = new IdbBlockStore(sc.appId);
  expect(await store.count('0/')).toBeGreaterThan(0);
  const mapTasksOn0 = events.filter(
    (e) => e.Event === 'SparkListenerTaskEnd' && e['Stage ID'] === 0 && e['Task Info']['Executor ID'] === '0',
  ).length;
  expect(await sc.killExecutor('0')).toBe(true);
  expect(await store.count('0/')).toBe(0);
  expect(sc.executorIds.sort()).toEqual(['1', '2']);
  expect(events.some((e) => e.Event === 'SparkListenerExecutorRemoved' && e['Executor ID'] === '0')).toBe(true);
  // The next job re-runs exactly the map tasks whose output lived on executor 0.
  expect((await counts.collect()).sort()).toEqual([
    ['x', 2],
    ['y', 1],
    ['z', 1],
  ]);
  const secondJob = events.filter((e) => e.Event === 'SparkListenerJobStart')[1];
  const mapStageId = Math.min(...secondJob['Stage IDs']);
  const resubmitted = events.find(
    (e) => e.Event === 'SparkListenerStageSubmitted' && e['Stage Info']['Stage ID'] === mapStageId,
  );
  expect(mapTasksOn0).toBeGreaterThan(0);
  expect(resubmitted?.['Stage Info']['Number of Tasks']).toBe(mapTasksOn0);
  store.close();
  await sc.stop();
});
