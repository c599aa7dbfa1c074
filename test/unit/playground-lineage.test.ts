/**
 * The playground rebuilds `toDebugString` from the RDD infos of a job's
 * StageInfos; it must print exactly what the engine's own `RDD.toDebugString`
 * prints for the same lineage (which follows Spark's indentation rules).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildAppModel } from '../../engine/events/app-model';
import { parseEventLog } from '../../engine/events/event-log';
import { formatDebugString, type DebugStringNode } from '../../engine/rdd/debug-string';
import { lineageOfJob, storageDescription } from '../../playground/model/lineage';
import { bytesToString, formatDuration, formatTime, sizeAndRecords } from '../../playground/model/format';
import { runProgramInNode } from './playground-run-program';

/** Runs `body`, whose last job is over `rdd`, then prints `rdd.toDebugString()`; returns both versions. */
async function bothLineages(body: string): Promise<{ engine: string; rebuilt: string | undefined }> {
  const run = await runProgramInNode(`${body}\nconsole.log(rdd.toDebugString());\n`);
  if (run.error) throw run.error;
  const model = buildAppModel(run.events);
  const lastJob = Math.max(...model.jobs.keys());
  return { engine: run.stdout[run.stdout.length - 1], rebuilt: lineageOfJob(model, lastJob) };
}

describe('lineage rebuilt from StageInfos', () => {
  const programs: [string, string][] = [
    [
      'a cached word count (shuffle, cached partitions line)',
      `const rdd = sc.textFile("data/books/*.txt").flatMap((l) => l.split(" ")).map((w) => [w, 1])
  .reduceByKey((a, b) => a + b).cache();
await rdd.count();`,
    ],
    [
      'a join of two shuffled inputs (two children, last-child prefixes)',
      `const a = sc.parallelize([["x", 1], ["y", 2]], 2);
const b = sc.parallelize([["x", 3]], 3).map((p) => p);
const rdd = a.join(b);
await rdd.collect();`,
    ],
    [
      'a union of a shuffled and a narrow input, then a second shuffle',
      `const left = sc.parallelize([["k", 1]], 2).reduceByKey((p, q) => p + q);
const right = sc.parallelize([["k", 2]], 12);
const rdd = left.union(right).groupByKey(11).mapValues((vs) => vs.length);
await rdd.count();`,
    ],
    [
      'a single narrow stage',
      'const rdd = sc.parallelize([1, 2, 3], 3).map((x) => x * 2).filter((x) => x > 2);\nawait rdd.collect();',
    ],
    [
      'shuffle parents that are not the last (| runs on), multi-digit partition counts, a cached line a level down',
      `const cached = sc.parallelize([["a", 2]], 5).reduceByKey((p, q) => p + q).cache();
await cached.count();
const rdd = sc.parallelize([["a", 1]], 3).cogroup(cached.union(sc.parallelize([["b", 3]], 1000).partitionBy(7)), 12);
await rdd.count();`,
    ],
    [
      'a partitioner reused (no shuffle where reduceByKey stands)',
      `const rdd = sc.parallelize([["a", 1]], 3).partitionBy(2).persist(StorageLevel.MEMORY_AND_DISK).reduceByKey((p, q) => p + q);
await rdd.collect();`,
    ],
  ];
  for (const [name, body] of programs) {
    test(`prints what RDD.toDebugString prints: ${name}`, async () => {
      const { engine, rebuilt } = await bothLineages(body);
      expect(rebuilt).toBe(engine);
    });
  }

  test('a Spark 4 event log gives its job lineage', () => {
    const events = parseEventLog(readFileSync('/work/shared/spark-events/spark4-sparkpi-events_1', 'utf8'));
    expect(lineageOfJob(buildAppModel(events), 0)).toBe(
      '(2) MapPartitionsRDD[1] at map at SparkPi.scala:34 []\n |  ParallelCollectionRDD[0] at parallelize at SparkPi.scala:34 []',
    );
  });

  test('a Spark 1.4 log without RDD parent ids gives no lineage rather than a wrong one', () => {
    const events = parseEventLog(readFileSync('/work/shared/spark-events/local-1430917381534', 'utf8'));
    expect(lineageOfJob(buildAppModel(events), 0)).toBeUndefined();
  });

  test('storage levels are described as Spark does', () => {
    expect(storageDescription({ 'Use Disk': true, 'Use Memory': true, Deserialized: true, Replication: 1 })).toBe(
      'Disk Memory Deserialized 1x Replicated',
    );
    expect(storageDescription({ 'Use Disk': true, 'Use Memory': false, Deserialized: false, Replication: 2 })).toBe(
      'Disk Serialized 2x Replicated',
    );
  });
});

describe('the toDebugString layout both share', () => {
  const rdd = (id: number, numPartitions: number, parents: [DebugStringNode, boolean][] = []): DebugStringNode => ({
    numPartitions,
    description: `RDD[${id}]`,
    storageLevel: '',
    children: () => parents.map(([node, isShuffle]) => ({ node, isShuffle })),
  });

  test('follows RDD.scala: | under the middle of (n), +- per shuffle, | running on only past a shuffle that is not the last', () => {
    const left = rdd(1, 1000, [[rdd(0, 3), false]]);
    const right = rdd(3, 5, [[rdd(2, 5), true]]);
    const root = rdd(4, 12, [
      [left, true],
      [right, true],
    ]);
    expect(formatDebugString(root)).toBe(`(12) RDD[4] []
 +-(1000) RDD[1] []
 |   |    RDD[0] []
 +-(5) RDD[3] []
    +-(5) RDD[2] []`);
  });

  test("prints the root's storage level on every line, and a cached line inside a shuffle level without the extra space", () => {
    const cached = { numCachedPartitions: 2, memoryBytes: 1024, diskBytes: 0 };
    const parent: DebugStringNode = { ...rdd(1, 2), storageLevel: 'Disk Serialized 1x Replicated', cached };
    const root: DebugStringNode = { ...rdd(2, 3, [[parent, true]]), storageLevel: 'Memory Deserialized 1x Replicated' };
    // RDD.scala's debugSelf reads the outer RDD's storageLevel; shuffleDebugString writes `$nextPrefix$desc`.
    expect(formatDebugString(root)).toBe(`(3) RDD[2] [Memory Deserialized 1x Replicated]
 +-(2) RDD[1] [Memory Deserialized 1x Replicated]
    |      CachedPartitions: 2; MemorySize: 1024.0 B; DiskSize: 0.0 B`);
    const narrowRoot: DebugStringNode = { ...rdd(3, 2, [[{ ...parent, children: () => [] }, false]]) };
    expect(formatDebugString(narrowRoot)).toBe(`(2) RDD[3] []
 |  RDD[1] []
 |      CachedPartitions: 2; MemorySize: 1024.0 B; DiskSize: 0.0 B`);
  });
});

describe('formatting as the Spark UI does', () => {
  test('sizes switch unit at twice the unit', () => {
    expect(bytesToString(204)).toBe('204.0 B');
    expect(bytesToString(2047)).toBe('2047.0 B');
    expect(bytesToString(2048)).toBe('2.0 KiB');
    expect(bytesToString(5 * 2 ** 20)).toBe('5.0 MiB');
    expect(sizeAndRecords(0, 0)).toBe('');
    expect(sizeAndRecords(3000, 12)).toBe('2.9 KiB / 12');
  });

  test('durations read as ms, s, min and h', () => {
    expect(formatDuration(45)).toBe('45 ms');
    expect(formatDuration(450)).toBe('0.5 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2.0 h');
    expect(formatDuration(undefined)).toBe('');
  });

  test('times show milliseconds', () => {
    expect(formatTime(Date.UTC(2024, 0, 1, 12, 30, 5, 42), 'UTC')).toBe('12:30:05.042');
  });
});
