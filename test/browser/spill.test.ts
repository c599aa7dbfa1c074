/**
 * Data several times larger than the executors' total memory: aggregation, groupByKey and
 * sorting spill to IndexedDB and still give the right answer; the metrics say how much spilled.
 */
import { afterEach, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { withEnv } from '../../engine/closure/closure';
import { StorageLevel } from '../../engine/rdd/storage-level';
import type { EventJson } from '../support/event-json';

let sc: SparkContext | null = null;
afterEach(async () => {
  await sc?.stop();
  sc = null;
});

// 2 executors × spark.executor.memory 1 MiB: 0.6 MiB unified memory each, 1.2 MiB in all.
const conf = { 'spark.executor.memory': '1m' };
const N = 200_000;
const KEYS = 5_000;

function start() {
  const events: EventJson[] = [];
  sc = new SparkContext({ executors: 'workers', conf, onEvent: (e) => events.push(e as EventJson) });
  return { sc, events };
}

const spilled = (events: EventJson[]) =>
  events
    .filter((e) => e.Event === 'SparkListenerTaskEnd')
    .reduce(
      (acc, e) => ({
        memory: acc.memory + e['Task Metrics']['Memory Bytes Spilled'],
        disk: acc.disk + e['Task Metrics']['Disk Bytes Spilled'],
      }),
      { memory: 0, disk: 0 },
    );

test('reduceByKey and groupByKey over data several times the total executor memory spill and stay right', async () => {
  const { sc, events } = start();
  await sc.ready;
  const pairs = sc.range(0, N, 1, 4).map(withEnv((i: number) => [`key-${i % KEYS}`, i] as [string, number], { KEYS }));
  const shuffleBytes = () =>
    events
      .filter((e) => e.Event === 'SparkListenerTaskEnd')
      .reduce((a, e) => a + e['Task Metrics']['Shuffle Write Metrics']['Shuffle Bytes Written'], 0);

  const grouped = await pairs
    .groupByKey(4)
    .mapValues((vs) => [vs.length, vs.reduce((a, b) => a + b, 0)])
    .collect();
  expect(grouped).toHaveLength(KEYS);
  const k7 = grouped.find(([k]) => k === 'key-7')!;
  // key-7 holds 7, 5007, 10007, …: 40 values, sum 40·7 + 5000·(0+…+39)
  expect(k7[1]).toEqual([N / KEYS, 7 * (N / KEYS) + (KEYS * ((N / KEYS - 1) * (N / KEYS))) / 2]);
  expect(shuffleBytes()).toBeGreaterThan(2 * 1.2 * 1024 * 1024);
  const afterGroup = spilled(events);
  expect(afterGroup.memory).toBeGreaterThan(0);
  expect(afterGroup.disk).toBeGreaterThan(0);

  const distinctSums = await sc
    .range(0, N, 1, 4)
    .map((i) => [i, 1] as [number, number])
    .reduceByKey((a, b) => a + b)
    .count();
  expect(distinctSums).toBe(N);
  expect(spilled(events).disk).toBeGreaterThan(afterGroup.disk);
});

test('sortByKey past the memory limit spills sorted runs and merges them in order', async () => {
  const { sc, events } = start();
  await sc.ready;
  const sorted = await sc
    .range(0, N, 1, 4)
    .map(withEnv((i: number) => [(i * 7919) % N, `v${i}`] as [number, string], { N }))
    .sortByKey(false)
    .keys()
    .collect();
  expect(sorted).toHaveLength(N);
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1] < sorted[i]) throw new Error(`out of order at ${i}`);
  expect(sorted[0]).toBe(N - 1);
  expect(spilled(events).disk).toBeGreaterThan(0);
});

test('a join and a cogroup past the memory limit spill their groups (as CoGroupedRDD does) and stay right', async () => {
  const { sc, events } = start();
  await sc.ready;
  const left = sc.range(0, N, 1, 4).map(withEnv((i: number) => [i % KEYS, i] as [number, number], { KEYS }));
  const right = sc.range(0, KEYS, 1, 2).map((k) => [k, `name-${k}`] as [number, string]);
  const joined = await left
    .join(right, 4)
    .mapValues(([i, name]): number => (name === `name-${i % 5000}` ? 1 : 0))
    .reduceByKey((a, b) => a + b)
    .collect();
  expect(joined).toHaveLength(KEYS);
  // Every left record met its one right record with the matching name.
  expect(joined.reduce((a, [, n]) => a + n, 0)).toBe(N);
  const afterJoin = spilled(events);
  expect(afterJoin.disk).toBeGreaterThan(0);

  const cogrouped = await left
    .cogroup(right, 4)
    .mapValues(([ls, rs]) => [ls.length, (ls as number[]).reduce((a, b) => a + b, 0), rs.length])
    .collect();
  expect(cogrouped).toHaveLength(KEYS);
  const k7 = cogrouped.find(([k]) => k === 7)!;
  expect(k7[1]).toEqual([N / KEYS, 7 * (N / KEYS) + (KEYS * ((N / KEYS - 1) * (N / KEYS))) / 2, 1]);
  expect(spilled(events).disk).toBeGreaterThan(afterJoin.disk);
});

test('MEMORY_AND_DISK blocks that do not fit in storage memory go to disk; MEMORY_ONLY ones are not cached', async () => {
  const { sc, events } = start();
  await sc.ready;
  const big = sc.range(0, N, 1, 2).map((i) => ({ id: i, label: `row ${i}` }));
  const both = big.persist(StorageLevel.MEMORY_AND_DISK);
  expect(await both.count()).toBe(N);
  const blocks = events
    .filter((e) => e.Event === 'SparkListenerTaskEnd')
    .flatMap((e) => e['Task Metrics']['Updated Blocks']);
  expect(blocks).toHaveLength(2);
  for (const b of blocks) expect(b.Status['Disk Size']).toBeGreaterThan(0);
  expect(await both.filter((r) => r.id % 2 === 0).count()).toBe(N / 2);
  const memOnly = sc
    .range(0, N, 1, 2)
    .map((i) => ({ id: i }))
    .cache();
  const before = events.length;
  expect(await memOnly.count()).toBe(N);
  const memBlocks = events
    .slice(before)
    .filter((e) => e.Event === 'SparkListenerTaskEnd')
    .flatMap((e) => e['Task Metrics']['Updated Blocks']);
  expect(memBlocks).toHaveLength(0);
});
