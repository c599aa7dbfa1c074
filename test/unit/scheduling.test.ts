/**
 * Stage cutting, task counts, skipped stages and extra jobs for every
 * operator, as Apache Spark lays them out (2 executors × 2 cores).
 * Layout strings list each job's stages by id: task count, "s" if skipped.
 */
import { describe, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { HashPartitioner } from '../../engine/rdd/partitioner';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import { buildAppModel } from '../../engine/events/app-model';
import type { SparkEvent } from '../../engine/events/types';
import type { RDD } from '../../engine/rdd/rdd';

async function layout(
  program: (sc: SparkContext) => Promise<unknown>,
  conf: Record<string, string> = {},
): Promise<{ jobs: string[]; result: unknown }> {
  const events: SparkEvent[] = [];
  const sc = new SparkContext({
    executors: 'in-process',
    conf,
    onEvent: (e) => events.push(e),
    fileSystem: new MemoryFileSystem({ 'data/a.txt': 'one two\nthree\n', 'data/b.txt': 'four\n' }),
  });
  await sc.ready;
  const result = await program(sc);
  await sc.stop();
  const model = buildAppModel(events);
  const jobs = [...model.jobs.values()]
    .sort((a, b) => a.jobId - b.jobId)
    .map((j) =>
      [...j.stages]
        .sort((a, b) => a.stageId - b.stageId)
        .map((s) => `${s.numTasks}${s.skipped ? 's' : ''}`)
        .join(','),
    );
  return { jobs, result };
}

const nums = (sc: SparkContext, n = 3) => sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9], n);
const pairs = (sc: SparkContext, n = 3) =>
  sc.parallelize(
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['c', 4],
      ['b', 5],
    ] as [string, number][],
    n,
  );
const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

describe('narrow transformations stay in one stage, one task per partition', () => {
  const cases: [string, (sc: SparkContext) => Promise<unknown>, string[], unknown][] = [
    [
      'map',
      (sc) =>
        nums(sc)
          .map((x) => x * 2)
          .collect(),
      ['3'],
      [2, 4, 6, 8, 10, 12, 14, 16, 18],
    ],
    [
      'filter',
      (sc) =>
        nums(sc)
          .filter((x) => x % 2 === 0)
          .collect(),
      ['3'],
      [2, 4, 6, 8],
    ],
    [
      'flatMap',
      (sc) =>
        sc
          .parallelize(['a b', 'c'], 2)
          .flatMap((l) => l.split(' '))
          .collect(),
      ['2'],
      ['a', 'b', 'c'],
    ],
    [
      'mapPartitions',
      (sc) =>
        nums(sc)
          .mapPartitions((it) => [[...it].length])
          .collect(),
      ['3'],
      [3, 3, 3],
    ],
    [
      'mapPartitionsWithIndex',
      (sc) =>
        nums(sc)
          .mapPartitionsWithIndex((i, it) => [`${i}:${[...it].join('')}`])
          .collect(),
      ['3'],
      ['0:123', '1:456', '2:789'],
    ],
    [
      'glom',
      (sc) => nums(sc).glom().collect(),
      ['3'],
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
    ],
    [
      'keyBy',
      (sc) =>
        sc
          .parallelize(['aa', 'b'], 2)
          .keyBy((s) => s.length)
          .collect(),
      ['2'],
      [
        [2, 'aa'],
        [1, 'b'],
      ],
    ],
    [
      'mapValues',
      (sc) =>
        pairs(sc)
          .mapValues((v) => v * 10)
          .values()
          .collect(),
      ['3'],
      [10, 20, 30, 40, 50],
    ],
    [
      'flatMapValues',
      (sc) =>
        sc
          .parallelize([['k', [1, 2]]] as [string, number[]][], 1)
          .flatMapValues((v) => v)
          .collect(),
      ['1'],
      [
        ['k', 1],
        ['k', 2],
      ],
    ],
    ['keys', (sc) => pairs(sc).keys().collect(), ['3'], ['a', 'b', 'a', 'c', 'b']],
    [
      'union',
      (sc) =>
        nums(sc, 2)
          .union(sc.parallelize([10, 11], 3))
          .count(),
      ['5'],
      11,
    ],
    ['sc.union', (sc) => sc.union([nums(sc, 2), nums(sc, 2), nums(sc, 1)]).count(), ['5'], 27],
    [
      'cartesian',
      (sc) =>
        sc
          .parallelize([1, 2], 2)
          .cartesian(sc.parallelize(['x', 'y', 'z'], 3))
          .count(),
      ['6'],
      6,
    ],
    // 9 items in 5 slices: [1] [2,3] [4,5] [6,7] [8,9]; coalesce(2) groups parents 0–1 and 2–4 by position.
    [
      'coalesce',
      (sc) => nums(sc, 5).coalesce(2).glom().collect(),
      ['2'],
      [
        [1, 2, 3],
        [4, 5, 6, 7, 8, 9],
      ],
    ],
    ['coalesce never grows without a shuffle', (sc) => nums(sc, 2).coalesce(5).count(), ['2'], 9],
    ['sample', (sc) => nums(sc).sample(false, 1.0, 7).count(), ['3'], 9],
    // 19 bytes, minPartitions 2 → goal 9: a.txt (14 B) splits 9 + 5, b.txt (5 B) stays whole.
    ['textFile: Hadoop splits', (sc) => sc.textFile('data/*.txt').collect(), ['3'], ['one two', 'three', 'four']],
  ];
  for (const [name, program, jobs, answer] of cases)
    test(name, async () => {
      const r = await layout(program);
      expect(r.jobs).toEqual(jobs);
      expect(r.result).toEqual(answer);
    });
});

describe('wide transformations cut a stage at the shuffle', () => {
  test('reduceByKey: map side then reduce side with the largest upstream partition count', async () => {
    const r = await layout(async (sc) =>
      sorted(
        await pairs(sc)
          .reduceByKey((a, b) => a + b)
          .collect(),
      ),
    );
    expect(r.jobs).toEqual(['3,3']);
    expect(r.result).toEqual([
      ['a', 4],
      ['b', 7],
      ['c', 4],
    ]);
  });

  test.each([
    ['groupByKey', (rdd: RDD<[string, number]>) => rdd.groupByKey().mapValues((vs) => vs.reduce((a, b) => a + b, 0))],
    [
      'aggregateByKey',
      (rdd: RDD<[string, number]>) =>
        rdd.aggregateByKey(
          0,
          (acc, v) => acc + v,
          (a, b) => a + b,
        ),
    ],
    ['foldByKey', (rdd: RDD<[string, number]>) => rdd.foldByKey(0, (a, b) => a + b)],
    [
      'combineByKey',
      (rdd: RDD<[string, number]>) =>
        rdd.combineByKey(
          (v) => v,
          (c, v) => c + v,
          (a, b) => a + b,
        ),
    ],
  ])('%s: two stages, same answer as reduceByKey', async (_name, op) => {
    const r = await layout(async (sc) => sorted(await op(pairs(sc)).collect()));
    expect(r.jobs).toEqual(['3,3']);
    expect(r.result).toEqual([
      ['a', 4],
      ['b', 7],
      ['c', 4],
    ]);
  });

  test('numPartitions or a Partitioner sets the reduce side', async () => {
    const r = await layout(async (sc) => {
      await pairs(sc)
        .reduceByKey((a, b) => a + b, 5)
        .count();
      await pairs(sc)
        .reduceByKey((a, b) => a + b, new HashPartitioner(2))
        .count();
    });
    expect(r.jobs).toEqual(['3,5', '3,2']);
  });

  test('spark.default.parallelism sets the default partitioner', async () => {
    const r = await layout((sc) => pairs(sc).groupByKey().count(), { 'spark.default.parallelism': '7' });
    expect(r.jobs).toEqual(['3,7']);
  });

  test('groupBy and distinct shuffle', async () => {
    const r = await layout(async (sc) => [
      sorted(
        await nums(sc)
          .groupBy((x) => x % 2)
          .mapValues((xs) => xs.length)
          .collect(),
      ),
      (await sc.parallelize([3, 1, 2, 3, 1], 2).distinct().collect()).sort(),
    ]);
    expect(r.jobs).toEqual(['3,3', '2,2']);
    expect(r.result).toEqual([
      [
        [0, 4],
        [1, 5],
      ],
      [1, 2, 3],
    ]);
  });

  test('repartition always shuffles', async () => {
    const r = await layout((sc) => nums(sc, 5).repartition(3).count());
    expect(r.jobs).toEqual(['5,3']);
    expect(r.result).toBe(9);
  });

  test('intersection shuffles both sides into the larger count', async () => {
    const r = await layout(async (sc) =>
      (
        await sc
          .parallelize([1, 2, 3, 4], 2)
          .intersection(sc.parallelize([3, 4, 5], 3))
          .collect()
      ).sort(),
    );
    expect(r.jobs).toEqual(['2,3,3']);
    expect(r.result).toEqual([3, 4]);
  });

  test('joins of unpartitioned RDDs shuffle both sides', async () => {
    const r = await layout(async (sc) => {
      const left = sc.parallelize(
        [
          [1, 'a'],
          [2, 'b'],
        ] as [number, string][],
        2,
      );
      const right = sc.parallelize(
        [
          [2, 'x'],
          [3, 'y'],
        ] as [number, string][],
        3,
      );
      return [
        sorted(await left.join(right).collect()),
        sorted(await left.leftOuterJoin(right).collect()),
        sorted(await left.rightOuterJoin(right).collect()),
        sorted(await left.fullOuterJoin(right).collect()),
        sorted(await left.cogroup(right).collect()),
        sorted(await left.subtractByKey(right).collect()),
      ];
    });
    expect(r.jobs).toEqual(['2,3,3', '2,3,3', '2,3,3', '2,3,3', '2,3,3', '2,3,2']);
    expect(r.result).toEqual([
      [[2, ['b', 'x']]],
      [
        [1, ['a', null]],
        [2, ['b', 'x']],
      ],
      [
        [2, ['b', 'x']],
        [3, [null, 'y']],
      ],
      [
        [1, ['a', null]],
        [2, ['b', 'x']],
        [3, [null, 'y']],
      ],
      [
        [1, [['a'], []]],
        [2, [['b'], ['x']]],
        [3, [[], ['y']]],
      ],
      [[1, 'a']],
    ]);
  });

  test('co-partitioned join: no shuffle at the join itself', async () => {
    const r = await layout(async (sc) => {
      const p = new HashPartitioner(2);
      const left = sc
        .parallelize(
          [
            [1, 'a'],
            [2, 'b'],
          ] as [number, string][],
          2,
        )
        .partitionBy(p);
      const right = sc
        .parallelize(
          [
            [2, 'x'],
            [3, 'y'],
          ] as [number, string][],
          3,
        )
        .partitionBy(p);
      return sorted(await left.join(right).collect());
    });
    expect(r.jobs).toEqual(['2,3,2']);
    expect(r.result).toEqual([[2, ['b', 'x']]]);
  });

  test('partitioner reuse: mapValues keeps it, map drops it', async () => {
    const r = await layout(async (sc) => {
      const byKey = sc
        .parallelize(
          [
            [1, 10],
            [2, 20],
            [3, 30],
            [1, 40],
            [2, 50],
          ] as [number, number][],
          2,
        )
        .partitionBy(new HashPartitioner(3));
      await byKey
        .mapValues((v) => v + 1)
        .reduceByKey((a, b) => a + b)
        .collect();
      await byKey
        .map((x) => x)
        .reduceByKey((a, b) => a + b)
        .collect();
    });
    expect(r.jobs).toEqual(['2,3', '2s,3,3']);
  });

  test('distinct on an RDD already partitioned with the same count needs no shuffle', async () => {
    const r = await layout(async (sc) => {
      const p = sc
        .parallelize(
          [
            [1, 1],
            [1, 1],
            [2, 2],
          ] as [number, number][],
          2,
        )
        .partitionBy(new HashPartitioner(2));
      return (await p.distinct().collect()).length;
    });
    expect(r.jobs).toEqual(['2,2']);
    expect(r.result).toBe(2);
  });
});

describe('actions', () => {
  test('sortByKey and sortBy run a sampling job first', async () => {
    const r = await layout(async (sc) => [
      (await pairs(sc).sortByKey(false).collect()).map(([k]) => k),
      await nums(sc)
        .sortBy((x) => -x)
        .collect(),
    ]);
    expect(r.jobs).toEqual(['3', '3,3', '3', '3,3']);
    expect(r.result).toEqual([
      ['c', 'b', 'b', 'a', 'a'],
      [9, 8, 7, 6, 5, 4, 3, 2, 1],
    ]);
  });

  test('sortByKey into one partition needs no sampling job', async () => {
    const r = await layout((sc) => pairs(sc).sortByKey(true, 1).keys().collect());
    expect(r.jobs).toEqual(['3,1']);
    expect(r.result).toEqual(['a', 'a', 'b', 'b', 'c']);
  });

  test('zipWithIndex counts the first n−1 partitions in a job of its own', async () => {
    const r = await layout((sc) => nums(sc, 4).zipWithIndex().collect());
    expect(r.jobs).toEqual(['3', '4']);
    expect((r.result as [number, number][]).map(([, i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('take scans one partition, then more', async () => {
    const r = await layout(async (sc) => [
      await nums(sc).take(4),
      await nums(sc).first(),
      await sc.parallelize([], 4).isEmpty(),
    ]);
    expect(r.jobs).toEqual(['1', '1', '1', '1', '3']);
    expect(r.result).toEqual([[1, 2, 3, 4], 1, true]);
  });

  test('take(0) runs no job', async () => {
    const r = await layout((sc) => nums(sc).take(0));
    expect(r.jobs).toEqual([]);
    expect(r.result).toEqual([]);
  });

  test('one-stage actions', async () => {
    const r = await layout(async (sc) => [
      await nums(sc).count(),
      await nums(sc).reduce((a, b) => a + b),
      await nums(sc).fold(0, (a, b) => a + b),
      await nums(sc).aggregate(
        [0, 0],
        (acc: number[], x) => [acc[0] + x, acc[1] + 1],
        (a, b) => [a[0] + b[0], a[1] + b[1]],
      ),
      await nums(sc).sum(),
      await nums(sc).mean(),
      await nums(sc).min(),
      await nums(sc).max(),
      await nums(sc).top(2),
      await nums(sc).takeOrdered(2, (x) => -x),
      [...(await pairs(sc).collectAsMap()).entries()],
    ]);
    expect(r.jobs).toEqual(Array(11).fill('3'));
    expect(r.result).toEqual([
      9,
      45,
      45,
      [45, 9],
      45,
      5,
      1,
      9,
      [9, 8],
      [9, 8],
      [
        ['a', 3],
        ['b', 5],
        ['c', 4],
      ],
    ]);
  });

  test('countByKey and countByValue shuffle, as in Spark', async () => {
    const r = await layout(async (sc) => [
      [...(await pairs(sc).countByKey()).entries()].sort(),
      [...(await sc.parallelize(['x', 'y', 'x'], 2).countByValue()).entries()].sort(),
    ]);
    expect(r.jobs).toEqual(['3,3', '2,2']);
    expect(r.result).toEqual([
      [
        ['a', 2],
        ['b', 2],
        ['c', 1],
      ],
      [
        ['x', 2],
        ['y', 1],
      ],
    ]);
  });

  test('lookup reads only the key’s partition when there is a partitioner', async () => {
    const r = await layout(async (sc) => {
      const p = pairs(sc).partitionBy(new HashPartitioner(4));
      return [await p.lookup('a'), await pairs(sc).lookup('b')];
    });
    expect(r.jobs).toEqual(['3,1', '3']);
    expect(r.result).toEqual([
      [1, 3],
      [2, 5],
    ]);
  });

  test('foreach and foreachPartition are one stage', async () => {
    const r = await layout(async (sc) => {
      await nums(sc).foreach(() => {});
      await nums(sc).foreachPartition(() => {});
    });
    expect(r.jobs).toEqual(['3', '3']);
  });

  test("reduce, first, max and min of an empty RDD fail with Spark's emptyCollectionError", async () => {
    const r = await layout(async (sc) => {
      const empty = sc.parallelize<number>([], 2);
      const messages: string[] = [];
      for (const action of [() => empty.reduce((a) => a), () => empty.first(), () => empty.max(), () => empty.min()])
        messages.push(await action().then(String, (e: Error) => `${e.name}: ${e.message}`));
      return messages;
    });
    // SparkCoreErrors.emptyCollectionError: SparkUnsupportedOperationException, _LEGACY_ERROR_TEMP_3014.
    expect(r.result).toEqual(Array(4).fill('SparkUnsupportedOperationException: empty collection'));
  });
});

describe('skipped stages and caching', () => {
  test('a later job skips map stages whose output exists, with fresh stage ids', async () => {
    const r = await layout(async (sc) => {
      const rdd = sc
        .parallelize([1, 2, 3, 4, 5, 6, 7, 8], 8)
        .map((x) => x)
        .groupBy((x) => x, 8)
        .flatMap(([, xs]) => xs)
        .groupBy((x) => x, 8);
      return [await rdd.count(), await rdd.count()];
    });
    expect(r.jobs).toEqual(['8,8,8', '8s,8s,8']);
    expect(r.result).toEqual([8, 8]);
  });

  test('a cached shuffled RDD: the second job skips its map stage', async () => {
    const r = await layout(async (sc) => {
      const counts = pairs(sc)
        .reduceByKey((a, b) => a + b)
        .cache();
      return [await counts.count(), await counts.count()];
    });
    expect(r.jobs).toEqual(['3,3', '3s,3']);
  });

  test('unpersist drops the cached blocks', async () => {
    const r = await layout(async (sc) => {
      const c = nums(sc)
        .map((x) => x)
        .cache();
      await c.count();
      const before = c.toDebugString().split('\n');
      c.unpersist();
      return [before, c.toDebugString()];
    });
    const [before, after] = r.result as [string[], string];
    expect(before[0]).toMatch(
      /^\(3\) MapPartitionsRDD\[\d+\] at map at scheduling\.test\.ts:\d+ \[Memory Deserialized 1x Replicated\]$/,
    );
    expect(before[1]).toMatch(/^ \| {7}CachedPartitions: 3; MemorySize: \d+\.\d (B|KiB); DiskSize: 0\.0 B$/);
    expect(after).not.toContain('CachedPartitions');
  });
});
