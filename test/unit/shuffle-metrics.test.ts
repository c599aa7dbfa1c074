/**
 * Shuffle metrics in TaskEnd events after the map side encodes records into
 * their blocks as they arrive and the reduce side decodes them a block at a
 * time: bytes and records written equal what the general codec gives for the
 * same buckets, and the reduce side reads exactly that.
 */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { encodeRecords } from '../../engine/codec/codec';
import { HashPartitioner } from '../../engine/rdd/partitioner';
import type { EventJson } from '../support/event-json';

test('groupByKey: shuffle bytes and records written and read match the general encoder, block for block', async () => {
  const events: EventJson[] = [];
  const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e as EventJson) });
  await sc.ready;
  const pairs = 20_000;
  const maps = 4;
  const reduces = 3;
  // Mixed keys: ints (the fast path), strings, and a pair key the general path encodes.
  const key = (i: number): unknown => (i % 3 === 0 ? i % 100 : i % 3 === 1 ? `k${i % 50}` : [i % 7, 'x']);
  const groups = (await sc
    .range(0, pairs, 1, maps)
    .map((i) => [(i % 3 === 0 ? i % 100 : i % 3 === 1 ? `k${i % 50}` : [i % 7, 'x']) as unknown, i * 0.5])
    .groupByKey(reduces)
    .mapValues((vs) => vs.length)
    .collect()) as [unknown, number][];
  await sc.stop();
  expect(groups.reduce((a, [, n]) => a + n, 0)).toBe(pairs);

  // What the map tasks should have written: each map partition's buckets through encodeRecords.
  const partitioner = new HashPartitioner(reduces);
  const at = (m: number) => Math.floor((m * pairs) / maps);
  let expectedBytes = 0;
  for (let m = 0; m < maps; m++) {
    const buckets: unknown[][] = Array.from({ length: reduces }, () => []);
    for (let i = at(m); i < at(m + 1); i++) buckets[partitioner.getPartition(key(i))]!.push([key(i), i * 0.5]);
    for (const b of buckets) if (b.length > 0) expectedBytes += encodeRecords(b).length;
  }

  const ends = events.filter((e) => e.Event === 'SparkListenerTaskEnd');
  const metrics = ends.map((e) => e['Task Metrics']);
  const written = metrics.map((m) => m['Shuffle Write Metrics']);
  const read = metrics.map((m) => m['Shuffle Read Metrics']);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(sum(written.map((w) => w['Shuffle Records Written']))).toBe(pairs);
  expect(sum(written.map((w) => w['Shuffle Bytes Written']))).toBe(expectedBytes);
  expect(sum(read.map((r) => r['Total Records Read']))).toBe(pairs);
  expect(sum(read.map((r) => r['Local Bytes Read'] + r['Remote Bytes Read']))).toBe(expectedBytes);
  expect(sum(read.map((r) => r['Local Blocks Fetched'] + r['Remote Blocks Fetched']))).toBe(maps * reduces);
  for (const r of read) {
    expect(Number.isInteger(r['Fetch Wait Time'])).toBe(true);
    expect(r['Fetch Wait Time']).toBeGreaterThanOrEqual(0);
  }
  const mapEnds = written.filter((w) => w['Shuffle Records Written'] > 0);
  expect(mapEnds).toHaveLength(maps);
  for (const w of mapEnds) expect(w['Shuffle Write Time']).toBeGreaterThan(0);
});
