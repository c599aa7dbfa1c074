/**
 * The parts of the RDD API that conformance programs do not reach: the pieces
 * Spark's answers are computed with (StatCounter, HyperLogLog++'s hash, the
 * tree's levels, whole-file packing), the messages and the edge cases.
 * Reference numbers for the hash come from stream-lib 2.9.8's MurmurHash
 * written out in a throwaway Java program; the HyperLogLog++ estimates from
 * stream-lib 2.9.8's own sources (github.com/addthis/stream-lib, tag v2.9.8)
 * compiled with javac and run on the same elements (`new HyperLogLogPlus(p,
 * 0)`, `offer`, `cardinality()`, as Spark's RDD.countApproxDistinct calls it).
 * Neither program is committed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { StatCounter } from '../../engine/util/stat-counter';
import { HyperLogLogPlus, biasDataFor, elementText, murmurHash64 } from '../../engine/util/hyper-log-log-plus';
import { treeLevels } from '../../engine/rdd/tree-aggregate';
import { combineWholeFiles } from '../../engine/fs/splits';
import { HashPartitioner, PairKeyPartitioner } from '../../engine/rdd/partitioner';
import { StorageLevel } from '../../engine/rdd/storage-level';
import { MemoryFileSystem } from '../../engine/fs/file-system';

describe('StatCounter, as Spark computes it', () => {
  test('Welford adds and the three merge formulas give the direct answers', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9, 100, 1e-3];
    const whole = new StatCounter(values);
    expect(whole.count()).toBe(10);
    expect(whole.mean()).toBeCloseTo(values.reduce((a, b) => a + b) / 10, 12);
    // Splits that take each branch of merge: other much smaller, much larger, and alike.
    for (const cut of [1, 9, 5]) {
      const merged = new StatCounter(values.slice(0, cut)).merge(new StatCounter(values.slice(cut)));
      expect(merged.mean()).toBeCloseTo(whole.mean(), 10);
      expect(merged.variance()).toBeCloseTo(whole.variance(), 8);
      expect(merged.max()).toBe(100);
      expect(merged.min()).toBe(1e-3);
    }
  });

  test('empty counters: mean 0, variances NaN; merging with itself doubles', () => {
    const empty = new StatCounter();
    expect([empty.mean(), empty.variance(), empty.sampleVariance()]).toEqual([0, NaN, NaN]);
    expect(String(empty)).toBe('(count: 0, mean: 0.000000, stdev: NaN, max: -Infinity, min: Infinity)');
    const s = new StatCounter([1, 3]);
    expect(s.merge(s).count()).toBe(4);
    expect(s.mean()).toBe(2);
  });
});

describe('HyperLogLog++ as stream-lib counts', () => {
  test("MurmurHash64A of an element's text", () => {
    const hash = (text: string) => BigInt.asIntN(64, murmurHash64(new TextEncoder().encode(text)));
    expect(hash('a')).toBe(584566915021039271n);
    expect(hash('hello world')).toBe(-779442749388864765n);
    expect(hash('12345678')).toBe(1123327355903392148n);
    expect(hash('été')).toBe(8375338039669948758n);
  });

  test('elements hash as their text: tuples as Scala prints them', () => {
    expect(elementText(5)).toBe('5');
    expect(elementText(['w1', 2])).toBe('(w1,2)');
    expect(elementText(null)).toBeNull();
  });

  test("bias-corrected range (linear count past stream-lib's threshold, up to 5·m): stream-lib's answers", async () => {
    // Past the threshold (400 for p = 9, 1,800 for p = 11) up to 5·m (2,560; 10,240), stream-lib subtracts the
    // mean bias of the 6 nearest of HyperLogLog++'s empirical raw estimates; beyond 5·m, the raw estimate.
    const count = async (items: unknown[], p: number) => {
      const hll = new HyperLogLogPlus(p);
      for (const x of items) hll.offer(x);
      return hll.cardinality(hll.needsBiasData() ? await biasDataFor(p) : null);
    };
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`);
    const ints = (n: number) => Array.from({ length: n }, (_, i) => i);
    const p9 = [400, 675, 950, 1225, 1500, 1775, 2050, 2325, 2600];
    expect(await Promise.all(p9.map((n) => count(words(n), 9)))).toEqual([
      382, 634, 904, 1195, 1443, 1710, 2068, 2404, 2812,
    ]);
    expect(await Promise.all([3000, 4500, 6000, 7500, 9000].map((n) => count(ints(n), 11)))).toEqual([
      2955, 4489, 5891, 7274, 8745,
    ]);
    // Below the threshold the linear count decides alone, and needs no bias data.
    const small = new HyperLogLogPlus(9);
    for (const x of ints(300)) small.offer(x);
    expect(small.needsBiasData()).toBe(false);
    const large = new HyperLogLogPlus(9);
    for (const x of ints(1500)) large.offer(x);
    expect(large.needsBiasData()).toBe(true);
    expect(() => large.cardinality()).toThrow('needs its bias data');
  });

  test('linear counting: the answers of the Java reference', () => {
    const count = (items: unknown[], p: number) => {
      const hll = new HyperLogLogPlus(p);
      for (const x of items) hll.offer(x);
      return hll.cardinality();
    };
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(count(upTo(10), 9)).toBe(10);
    expect(count(upTo(100), 9)).toBe(99);
    const pairs = Array.from({ length: 200 }, (_, i) => [`w${i % 70}`, i % 3]);
    expect(count(pairs, 9)).toBe(202);
    expect(count(pairs, 12)).toBe(199);
  });

  test('merged counters hold the larger register of each', () => {
    const a = new HyperLogLogPlus(4);
    const b = new HyperLogLogPlus(4);
    a.registers[0] = 3;
    b.registers[0] = 5;
    b.registers[1] = 1;
    expect([...HyperLogLogPlus.merged(4, [a.registers, b.registers]).registers.slice(0, 3)]).toEqual([5, 1, 0]);
  });
});

describe('layout rules', () => {
  test("treeAggregate's levels: scale = max(ceil(n^(1/depth)), 2), while n > scale + ceil(n / scale)", () => {
    expect(treeLevels(8, 2)).toEqual([2]);
    expect(treeLevels(4, 2)).toEqual([]);
    expect(treeLevels(100, 2)).toEqual([10]);
    expect(treeLevels(100, 3)).toEqual([20, 4]);
    expect(treeLevels(8, 1)).toEqual([]);
  });

  test('wholeTextFiles packs whole files into splits of ceil(total / minPartitions) bytes', () => {
    const f = (path: string, size: number) => ({ path, size });
    const names = (groups: { path: string }[][]) => groups.map((g) => g.map((x) => x.path).join('+'));
    expect(names(combineWholeFiles([f('a', 10), f('b', 10), f('c', 10)], 2))).toEqual(['a+b', 'c']);
    expect(names(combineWholeFiles([f('a', 40), f('b', 20)], 2))).toEqual(['a', 'b']);
    // All empty: no size to reach, one split (Hadoop with maxSplitSize 0).
    expect(names(combineWholeFiles([f('a', 0), f('b', 0)], 2))).toEqual(['a+b']);
  });

  test("subtract's partitioner places [x, null] by x's own key", () => {
    const p = new PairKeyPartitioner(new HashPartitioner(4));
    expect(p.getPartition([['a', 9], null])).toBe(new HashPartitioner(4).getPartition(['a', 9]));
    expect(p.getPartition(['a', 9])).toBe(new HashPartitioner(4).getPartition('a'));
    expect(p.equals(new PairKeyPartitioner(new HashPartitioner(4)))).toBe(false);
  });

  test("StorageLevel prints as Scala's", () => {
    expect(String(StorageLevel.DISK_ONLY)).toBe('StorageLevel(disk, 1 replicas)');
    expect(String(StorageLevel.MEMORY_ONLY)).toBe('StorageLevel(memory, deserialized, 1 replicas)');
    expect(String(StorageLevel.MEMORY_AND_DISK_SER)).toBe('StorageLevel(disk, memory, 1 replicas)');
    expect(String(StorageLevel.NONE)).toBe('StorageLevel(1 replicas)');
  });
});

describe('on a running context', () => {
  let sc: SparkContext;
  beforeAll(async () => {
    sc = new SparkContext({
      executors: 'in-process',
      fileSystem: new MemoryFileSystem({ 'in/a.txt': 'one\ntwo\n', 'in/b.txt': 'three\n' }),
    });
    await sc.ready;
  });
  afterAll(() => sc.stop());

  test("countApproxDistinct in stream-lib's bias-corrected range: Spark's answer", async () => {
    // 0 … 1,499 at relativeSD 0.05 (p = 9): stream-lib 2.9.8 answers 1,580; the true count is 1,500.
    expect(
      await sc
        .parallelize(
          Array.from({ length: 1500 }, (_, i) => i),
          4,
        )
        .countApproxDistinct(),
    ).toBe(1580);
  });

  test('checkpoint() before setCheckpointDir fails as Spark does', () => {
    const fresh = new SparkContext({ executors: 'in-process' });
    expect(() => fresh.parallelize([1]).checkpoint()).toThrow(
      'Checkpoint directory has not been set in the SparkContext',
    );
    return fresh.stop();
  });

  test('a checkpoint survives losing every executor that wrote it', async () => {
    sc.setCheckpointDir('cp');
    const rdd = sc.parallelize([1, 2, 3, 4], 2).map((x) => x * 10);
    rdd.checkpoint();
    expect(await rdd.count()).toBe(4);
    expect(rdd.getCheckpointFile()).toMatch(new RegExp(`^cp/[0-9a-f-]{36}/rdd-${rdd.id()}$`));
    for (const id of sc.executorIds) await sc.killExecutor(id);
    expect(await rdd.collect()).toEqual([10, 20, 30, 40]);
    expect(rdd.dependencies.map((d) => d.rdd.typeName)).toEqual(['ReliableCheckpointRDD']);
  });

  test("checkpoint() after the RDD's first job is never carried out, as in Spark", async () => {
    sc.setCheckpointDir('late');
    const rdd = sc.parallelize([1, 2], 2);
    await rdd.count();
    rdd.checkpoint();
    await rdd.count();
    expect(rdd.isCheckpointed()).toBe(false);
  });

  test('wholeTextFiles reads each file whole', async () => {
    const files = sc.wholeTextFiles('in/*.txt', 1);
    expect(files.getNumPartitions()).toBe(1);
    expect(await files.collect()).toEqual([
      ['in/a.txt', 'one\ntwo\n'],
      ['in/b.txt', 'three\n'],
    ]);
  });

  test('zip of RDDs whose partitions differ fails on the driver, and of unequal partitions in the task', async () => {
    expect(() => sc.parallelize([1, 2], 2).zip(sc.parallelize([1, 2], 1))).toThrow(
      "Can't zip RDDs with unequal numbers of partitions: List(2, 1)",
    );
    await expect(
      sc
        .parallelize([1, 2, 3], 1)
        .zip(sc.parallelize([1], 1))
        .collect(),
    ).rejects.toThrow('Can only zip RDDs with same number of elements in each partition');
  });

  test('arguments are checked as Spark checks them', async () => {
    const rdd = sc.parallelize([1, 2, 3], 1);
    expect(() => rdd.randomSplit([-1, 2])).toThrow(
      'requirement failed: Weights must be nonnegative, but got [-1.0,2.0]',
    );
    expect(() => rdd.sample(false, 1.5)).toThrow('Sampling fraction (1.5) must be on interval [0, 1]');
    await expect(rdd.takeSample(false, -1)).rejects.toThrow(
      'requirement failed: Negative number of elements requested',
    );
    await expect(
      rdd.treeAggregate(
        0,
        (a, b) => a + b,
        (a, b) => a + b,
        0,
      ),
    ).rejects.toThrow('requirement failed: Depth must be greater than or equal to 1 but got 0.');
    expect(() => sc.setLogLevel('LOUD')).toThrow(
      'requirement failed: Supplied level LOUD did not match one of: ALL,DEBUG,ERROR,FATAL,INFO,OFF,TRACE,WARN',
    );
    await expect(sc.parallelize([1, 2], 2).sampleByKey(false, { a: 1 }).collect()).rejects.toThrow(
      /sampleByKey needs an RDD of \[key, value\] pairs/,
    );
  });

  test('statusTracker follows jobs and groups; cancelJobGroup cancels only that group', async () => {
    sc.setJobGroup('slow', 'waits');
    const slowRdd = sc.parallelize([1, 2], 2);
    // A straggler that waits (a fault injected on purpose), so the job is still running when cancelled;
    // partition 1, which the one-partition job of no group does not have.
    sc.faults.inject({ kind: 'slowPartition', partition: 1, delayMs: 5000 });
    const slow = slowRdd.count();
    sc.clearJobGroup();
    const other = sc.parallelize([1], 1).count();
    await new Promise((r) => setTimeout(r, 50));
    sc.cancelJobGroup('slow');
    await expect(slow).rejects.toThrow(/cancelled part of cancelled job group slow/);
    expect(await other).toBe(1);
    const tracker = sc.statusTracker();
    const [jobId] = tracker.getJobIdsForGroup('slow');
    expect(tracker.getJobInfo(jobId)?.status).toBe('FAILED');
    expect(tracker.getActiveJobsIds()).toEqual([]);
  });
});
