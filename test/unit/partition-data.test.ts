/**
 * The data inside partitions: the real tasks keep the first rows of every
 * partition they compute (engine/executor/partition-capture.ts), counted as
 * they pass, and the driver hands them on after each TaskEnd. Runs on
 * in-process executors (the same TaskRunner the workers run).
 */
import { afterEach, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import type { PartitionDataWire, TaskPartitionData } from '../../engine/rdd/wire';
import { recordText } from '../../engine/executor/record-text';

let sc: SparkContext | null = null;

afterEach(async () => {
  await sc?.stop();
  sc = null;
});

const TEXT = 'the cat sat\non the mat\nthe end\n';

async function start(conf: Record<string, string>, files: Record<string, string> = { 'a.txt': TEXT }) {
  const captured: TaskPartitionData[] = [];
  const events: { Event: string }[] = [];
  sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.executor.instances': '1', 'spark.executor.cores': '2', ...conf },
    fileSystem: new MemoryFileSystem(files),
    onEvent: (e) => events.push(e),
    onPartitionData: (d) => captured.push(d),
  });
  await sc.ready;
  return { sc, captured, events };
}

/** Every capture of one RDD partition, in the order the tasks ended. */
function of(captured: TaskPartitionData[], rddId: number, partition: number): PartitionDataWire[] {
  return captured.flatMap((t) => t.partitions.filter((p) => p.rddId === rddId && p.partition === partition));
}

test('nothing is captured unless the conf asks', async () => {
  const { sc, captured } = await start({});
  expect(await sc.parallelize([1, 2, 3], 2).count()).toBe(3);
  expect(captured).toEqual([]);
});

test('a word count: the pairs before the shuffle and the counts after it, with whole counts', async () => {
  const { sc, captured, events } = await start({ 'kindling.partitionData.rows': '20' });
  const words = sc.textFile('a.txt', 1).flatMap((l) => l.split(' '));
  const pairs = words.map((w) => [w, 1] as [string, number]);
  const counts = pairs.reduceByKey((a, b) => a + b, 2);
  const result = new Map(await counts.collect());
  expect(result.get('the')).toBe(3);

  // One map task, two reduce tasks; each reported right after its TaskEnd.
  expect(captured.map((t) => [t.stageId, t.partitionId, t.successful])).toEqual(
    expect.arrayContaining([
      [0, 0, true],
      [1, 0, true],
      [1, 1, true],
    ]),
  );
  const taskEnds = events.filter((e) => e.Event === 'SparkListenerTaskEnd').length;
  expect(captured).toHaveLength(taskEnds);

  const [before] = of(captured, pairs.id(), 0);
  expect(before.count).toBe(8);
  expect(before.complete).toBe(true);
  expect(before.rows.slice(0, 3)).toEqual(["[ 'the', 1 ]", "[ 'cat', 1 ]", "[ 'sat', 1 ]"]);
  const [lines] = of(captured, words.id(), 0);
  expect(lines.rows).toEqual(["'the'", "'cat'", "'sat'", "'on'", "'the'", "'mat'", "'the'", "'end'"]);

  // After the shuffle: every distinct word once, split over the two reduce partitions as the partitioner put it.
  const after = [...of(captured, counts.id(), 0), ...of(captured, counts.id(), 1)];
  expect(after.every((p) => p.complete)).toBe(true);
  expect(after.reduce((n, p) => n + p.count, 0)).toBe(result.size);
  expect(after.flatMap((p) => p.rows).sort()).toEqual([...result].map(([w, n]) => `[ '${w}', ${n} ]`).sort());
});

test('take reads only what it needs: the partition is marked as not read to the end', async () => {
  const { sc, captured } = await start({ 'kindling.partitionData.rows': '5' });
  const doubled = sc
    .parallelize(
      Array.from({ length: 1000 }, (_, i) => i),
      1,
    )
    .map((x) => x * 2);
  expect(await doubled.take(3)).toEqual([0, 2, 4]);
  const [seen] = of(captured, doubled.id(), 0);
  expect(seen.complete).toBe(false);
  expect(seen.count).toBe(3);
  expect(seen.rows).toEqual(['0', '2', '4']);
  // The parallelized slice is an array in memory: its whole size is known without reading it.
  const [slice] = captured[0].partitions.filter((p) => p.rddId !== doubled.id());
  expect(slice).toMatchObject({ count: 1000, complete: true, rows: ['0', '1', '2', '3', '4'], cut: 'rows' });
});

test('bounds: at most the rows and characters asked, and a long line is cut, not copied', async () => {
  const long = 'x'.repeat(10_000);
  const { sc, captured } = await start({ 'kindling.partitionData.rows': '20', 'kindling.partitionData.size': '100' });
  const rdd = sc.parallelize([long, 'short', 'b'], 1).map((s) => s);
  expect(await rdd.count()).toBe(3);
  const [seen] = of(captured, rdd.id(), 0);
  expect(seen.count).toBe(3);
  expect(seen.rows).toHaveLength(1);
  expect(seen.rows[0]).toHaveLength(100);
  expect(seen.rows[0].endsWith('…')).toBe(true);
  expect(seen.cut).toBe('chars');
});

test('cached blocks are marked: stored by the first job, read by the second', async () => {
  const { sc, captured } = await start({ 'kindling.partitionData.rows': '20' });
  const squares = sc
    .parallelize([1, 2, 3, 4], 2)
    .map((x) => x * x)
    .cache();
  expect(await squares.count()).toBe(4);
  const stored = of(captured, squares.id(), 0);
  expect(stored).toHaveLength(1);
  expect(stored[0].block).toEqual({ blockId: `rdd_${squares.id()}_0`, status: 'stored', memory: true });
  expect(stored[0].rows).toEqual(['1', '4']);

  expect(await squares.collect()).toEqual([1, 4, 9, 16]);
  const read = of(captured, squares.id(), 1);
  expect(read.map((p) => p.block?.status)).toEqual(['stored', 'read']);
  expect(read[1].rows).toEqual(['9', '16']);
  // The second job never computed the parent again: the block stopped the walk.
  expect(captured.filter((t) => t.partitions.some((p) => p.rddId === squares.id() - 1))).toHaveLength(2);
});

test('a failed attempt reports the rows it had seen before it failed', async () => {
  const { sc, captured } = await start({ 'kindling.partitionData.rows': '20', 'spark.task.maxFailures': '1' });
  const checked = sc.parallelize([1, 2, 3, 4], 1).map((x) => {
    if (x === 3) throw new Error('three');
    return x;
  });
  await expect(checked.collect()).rejects.toThrow(/three/);
  expect(captured).toHaveLength(1);
  expect(captured[0].successful).toBe(false);
  const [seen] = of(captured, checked.id(), 0);
  expect(seen).toMatchObject({ rows: ['1', '2'], count: 2, complete: false });
});

test('recordText prints rows as util.inspect does, on one line, within a budget', () => {
  expect(recordText(['spark', 1], 100)).toBe("[ 'spark', 1 ]");
  // Node's own output for these (util.inspect with breakLength Infinity).
  expect(recordText({ name: 'Ada', 'a-b': [1, [2, [3, [4]]]] }, 100)).toBe(
    "{ name: 'Ada', 'a-b': [ 1, [ 2, [Array] ] ] }",
  );
  expect(recordText([[[[1]]]], 100)).toBe('[ [ [ [Array] ] ] ]');
  expect(recordText(new Map([['a', { b: { c: { d: 1 } } }]]), 100)).toBe("Map(1) { 'a' => { b: { c: [Object] } } }");
  expect(recordText(new Map([['a', 1]]), 100)).toBe("Map(1) { 'a' => 1 }");
  expect(recordText(new Set([1, 2]), 100)).toBe('Set(2) { 1, 2 }');
  expect(recordText("it's", 100)).toBe('"it\'s"');
  expect(recordText('a\tb\n', 100)).toBe("'a\\tb\\n'");
  expect(recordText('a\x01b\x7f\'"', 100)).toBe('`a\\x01b\\x7F\'"`');
  expect(recordText('\0', 100)).toBe("'\\x00'");
  // A long line is cut before it is escaped: only what fits is ever copied.
  expect(recordText('x'.repeat(1_000_000), 8)).toBe("'xxxxxx…");
  expect(recordText([-0, 10n, null, undefined, true], 100)).toBe('[ -0, 10n, null, undefined, true ]');
  expect(recordText([], 100)).toBe('[]');
  expect(recordText(new Uint8Array([1, 2]), 100)).toBe('Uint8Array(2) [ 1, 2 ]');
  expect(
    recordText(
      Array.from({ length: 25 }, (_, i) => i),
      200,
    ),
  ).toBe(`[ ${Array.from({ length: 20 }, (_, i) => i).join(', ')}, ... 5 more items ]`);
  expect(recordText('a'.repeat(50), 10)).toBe("'aaaaaaaa…");
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);
  expect(recordText(cyclic, 100)).toBe('[ 1, [Circular] ]');
});
