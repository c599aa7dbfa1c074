/**
 * Tasks pull rows through chained iterators, as Spark's `compute` does: a row
 * goes through every narrow operation before the next is read, actions that
 * need few rows stop early, and lazily opened parents open in Spark's order.
 * Side effects are recorded on `globalThis.trace` (in-process executors run
 * rebuilt functions in this realm), with 1 executor × 1 core so one task runs
 * at a time.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { withEnv } from '../../engine/closure/closure';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import type { EventJson } from '../support/event-json';

declare global {
  var trace: string[];
}

let sc: SparkContext;
let events: EventJson[];

beforeEach(async () => {
  globalThis.trace = [];
  events = [];
  sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.executor.instances': '1', 'spark.executor.cores': '1' },
    fileSystem: new MemoryFileSystem({
      'lines.txt': Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n',
    }),
    onEvent: (e) => events.push(e as EventJson),
  });
  await sc.ready;
});

afterEach(async () => {
  await sc.stop();
});

test('map, filter and foreach run row by row: each row goes through all three before the next is read', async () => {
  await sc
    .parallelize([1, 2, 3], 1)
    .map((x) => {
      globalThis.trace.push(`map ${x}`);
      return x * 10;
    })
    .filter((x) => {
      globalThis.trace.push(`filter ${x}`);
      return x !== 20;
    })
    .foreach((x) => void globalThis.trace.push(`foreach ${x}`));
  expect(globalThis.trace).toEqual([
    'map 1',
    'filter 10',
    'foreach 10',
    'map 2',
    'filter 20',
    'map 3',
    'filter 30',
    'foreach 30',
  ]);
});

test('take(1) and first() compute one row: a later row that throws is never reached, an accumulator counts 1', async () => {
  const seen = sc.longAccumulator('seen');
  const rdd = sc.parallelize([1, 2, 3, 4], 1).map(
    withEnv(
      (x: number) => {
        seen.add(1);
        if (x === 2) throw new Error('row 2 was computed');
        return x;
      },
      { seen },
    ),
  );
  expect(await rdd.take(1)).toEqual([1]);
  expect(seen.value).toBe(1);
  expect(await rdd.first()).toBe(1);
  expect(seen.value).toBe(2);
  await expect(rdd.take(2)).rejects.toThrow('row 2 was computed');
});

test('take stops a flatMap after the rows it needs, and a filter pulls only until its match', async () => {
  const rdd = sc
    .parallelize(['a b', 'c d', 'e f'], 1)
    .flatMap((line) => {
      globalThis.trace.push(`split ${line}`);
      return line.split(' ');
    })
    .filter((w) => w !== 'a');
  expect(await rdd.take(2)).toEqual(['b', 'c']);
  expect(globalThis.trace).toEqual(['split a b', 'split c d']);
});

test('a mapPartitions generator interleaves with the map before it, row by row', async () => {
  await sc
    .parallelize([1, 2], 1)
    .map((x) => {
      globalThis.trace.push(`map ${x}`);
      return x;
    })
    .mapPartitions(function* (it) {
      globalThis.trace.push('partition starts');
      for (const x of it) {
        globalThis.trace.push(`saw ${x}`);
        yield x;
      }
    })
    .foreach((x) => void globalThis.trace.push(`foreach ${x}`));
  expect(globalThis.trace).toEqual(['partition starts', 'map 1', 'saw 1', 'foreach 1', 'map 2', 'saw 2', 'foreach 2']);
});

test('coalesce reads its parent partitions one after another, each only when the last is used up', async () => {
  const rdd = sc
    .parallelize([1, 2, 3, 4], 4)
    .map((x) => {
      globalThis.trace.push(`map ${x}`);
      return x;
    })
    .coalesce(1);
  await rdd.foreach((x) => void globalThis.trace.push(`foreach ${x}`));
  expect(globalThis.trace).toEqual([
    'map 1',
    'foreach 1',
    'map 2',
    'foreach 2',
    'map 3',
    'foreach 3',
    'map 4',
    'foreach 4',
  ]);
  globalThis.trace = [];
  expect(await rdd.take(1)).toEqual([1]);
  expect(globalThis.trace).toEqual(['map 1']);
});

test("cartesian recomputes its right side for every left row, as Spark's CartesianRDD does", async () => {
  const left = sc.parallelize(['a', 'b'], 1);
  const right = sc.parallelize([1, 2], 1).map((x) => {
    globalThis.trace.push(`right ${x}`);
    return x;
  });
  expect(await left.cartesian(right).collect()).toEqual([
    ['a', 1],
    ['a', 2],
    ['b', 1],
    ['b', 2],
  ]);
  expect(globalThis.trace).toEqual(['right 1', 'right 2', 'right 1', 'right 2']);
});

test('a cached partition is computed whole before the first row goes on, then read from the cache', async () => {
  const cached = sc
    .parallelize([1, 2], 1)
    .map((x) => {
      globalThis.trace.push(`map ${x}`);
      return x;
    })
    .cache();
  await cached.foreach((x) => void globalThis.trace.push(`foreach ${x}`));
  expect(globalThis.trace).toEqual(['map 1', 'map 2', 'foreach 1', 'foreach 2']);
  globalThis.trace = [];
  expect(await cached.collect()).toEqual([1, 2]);
  expect(globalThis.trace).toEqual([]);
});

test('zipWithIndex numbers rows as they are pulled; glom and union give the same rows as before', async () => {
  const a = sc.parallelize(['x', 'y', 'z'], 2);
  expect(await a.zipWithIndex().collect()).toEqual([
    ['x', 0],
    ['y', 1],
    ['z', 2],
  ]);
  expect(await a.glom().collect()).toEqual([['x'], ['y', 'z']]);
  expect(await a.union(sc.parallelize(['w'], 1)).collect()).toEqual(['x', 'y', 'z', 'w']);
});

test('textFile is read a chunk at a time: take(1) of a large split reads a little of it', async () => {
  expect(await sc.textFile('lines.txt', 1).take(1)).toEqual(['line 0']);
  const bytesRead = events
    .filter((e) => e.Event === 'SparkListenerTaskEnd')
    .map((e) => e['Task Metrics']['Input Metrics']['Bytes Read'] as number);
  const records = events
    .filter((e) => e.Event === 'SparkListenerTaskEnd')
    .map((e) => e['Task Metrics']['Input Metrics']['Records Read'] as number);
  expect(records).toEqual([1]);
  expect(bytesRead[0]).toBeGreaterThan(0);
  expect(await sc.textFile('lines.txt', 1).count()).toBe(5000);
});

test('a shuffle read without aggregation streams its rows: take(1) after repartition pulls one row', async () => {
  const rdd = sc
    .parallelize([1, 2, 3, 4, 5, 6], 2)
    .repartition(1)
    .map((x) => {
      globalThis.trace.push(`after shuffle ${x}`);
      return x;
    });
  expect(await rdd.take(1)).toHaveLength(1);
  expect(globalThis.trace).toHaveLength(1);
});
