/** Locality levels and delay scheduling on a virtual topology of hosts and racks. */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import type { EventJson } from '../support/event-json';

const ends = (events: EventJson[]) =>
  events.filter((e) => e.Event === 'SparkListenerTaskEnd').map((e) => e['Task Info']);

test('file blocks are read NODE_LOCAL on their host, RACK_LOCAL on a host of the same rack, never waiting for a host with no executor', async () => {
  const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`data/f${i}.txt`, `line ${i}\n`]));
  const events: EventJson[] = [];
  const sc = new SparkContext({
    executors: 'in-process',
    fileSystem: new MemoryFileSystem(files),
    // 2 executors on host-0 (rack-0) and host-1 (rack-1); host-2 (rack-0) and host-3 (rack-1) hold blocks but run nothing;
    // one replica per block, so a block's host is one place.
    conf: { 'kindling.hosts': '4', 'kindling.racks': '2', 'kindling.dfs.replication': '1' },
    onEvent: (e) => events.push(e as EventJson),
  });
  await sc.ready;
  const started = performance.now();
  // minPartitions 1: the goal size is the total, so each small file is one split, in path order.
  expect(await sc.textFile('data/*.txt', 1).count()).toBe(12);
  expect(performance.now() - started).toBeLessThan(2500);
  const paths = Object.keys(files).sort();
  const levels = new Set<string>();
  for (const t of ends(events)) {
    const preferred = sc.blockHosts(paths[t['Partition ID']], 0)[0];
    const executorHost = t.Host as string;
    levels.add(t.Locality);
    if (preferred === executorHost) expect(t.Locality).toBe('NODE_LOCAL');
    else {
      expect(t.Locality).toBe('RACK_LOCAL');
      expect(sc.rackOf(preferred)).toBe(sc.rackOf(executorHost));
    }
  }
  expect(levels).toEqual(new Set(['NODE_LOCAL', 'RACK_LOCAL']));
  await sc.stop();
});

test('delay scheduling: a task waits spark.locality.wait per level for its busy executor, then runs ANY elsewhere', async () => {
  const events: EventJson[] = [];
  const sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.executor.cores': '1', 'spark.locality.wait': '200ms' },
    onEvent: (e) => events.push(e as EventJson),
  });
  await sc.ready;
  const cached = sc
    .parallelize([1, 2, 3, 4], 4)
    .map((x) => x * 2)
    .cache();
  await cached.count();
  const first = ends(events);
  const holder = (p: number) => first.find((t) => t['Partition ID'] === p)['Executor ID'];
  expect([holder(0), holder(2)]).toEqual([holder(0), holder(0)]);
  sc.faults.inject({ kind: 'slowPartition', stageId: 1, partition: 0, delayMs: 1500 });
  const stageStart = Date.now();
  expect(await cached.sum()).toBe(20);
  const second = ends(events).slice(first.length);
  const p2 = second.find((t) => t['Partition ID'] === 2);
  const p0 = second.find((t) => t['Partition ID'] === 0);
  expect(p2.Locality).toBe('ANY');
  expect(p2['Executor ID']).not.toBe(holder(2));
  // Two levels of 200 ms (PROCESS_LOCAL, then NODE_LOCAL) before ANY, and long before partition 0 frees its executor.
  expect(p2['Launch Time'] - stageStart).toBeGreaterThanOrEqual(350);
  expect(p2['Launch Time']).toBeLessThan(p0['Finish Time']);
  for (const t of second.filter((x) => x['Partition ID'] !== 2)) expect(t.Locality).toBe('PROCESS_LOCAL');
  await sc.stop();
});
