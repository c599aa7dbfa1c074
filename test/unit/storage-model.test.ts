import { afterAll, describe, expect, it } from 'vitest';
import { SparkContext } from '../../engine/context';
import { SparkSession } from '../../engine/sql';
import { buildAppModel } from '../../engine/events/app-model';
import { storageLevelDescription, storageSummaries } from '../../engine/events/storage-model';
import type { SparkEvent } from '../../engine/events/types';
import { StorageLevel } from '../../engine/rdd/storage-level';

const events: SparkEvent[] = [];
const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e) });
const spark = new SparkSession(sc, { print: () => {} });
afterAll(() => sc.stop());

const storage = () => storageSummaries(buildAppModel(events).storage);

describe('the Storage tab from the events', () => {
  it("names levels as Spark's StorageLevel.description does", () => {
    const level = (useDisk: boolean, useMemory: boolean, deserialized: boolean, replication = 1) => ({
      'Use Disk': useDisk,
      'Use Memory': useMemory,
      Deserialized: deserialized,
      Replication: replication,
    });
    expect(storageLevelDescription(level(true, true, true))).toBe('Disk Memory Deserialized 1x Replicated');
    expect(storageLevelDescription(level(false, true, false, 2))).toBe('Memory Serialized 2x Replicated');
    expect(storageLevelDescription(level(true, false, false))).toBe('Disk Serialized 1x Replicated');
  });

  it('lists a cached RDD once its partitions are stored, by executor, and forgets it when unpersisted', async () => {
    const doubled = sc
      .parallelize(
        Array.from({ length: 100 }, (_, i) => i),
        4,
      )
      .map((x) => x * 2)
      .setName('doubled')
      .persist(StorageLevel.MEMORY_AND_DISK);
    expect(storage()).toEqual([]); // persist is lazy: nothing stored yet
    await doubled.count();
    const [row] = storage();
    expect(row).toMatchObject({
      rddId: doubled.id(),
      name: 'doubled',
      level: 'Disk Memory Deserialized 1x Replicated',
      cachedPartitions: 4,
      numPartitions: 4,
      fractionCached: 1,
    });
    expect(row.memorySize).toBeGreaterThan(0);
    expect(row.executors.reduce((n, share) => n + share.blocks, 0)).toBe(4);
    expect(row.executors.reduce((n, share) => n + share.memorySize, 0)).toBe(row.memorySize);
    doubled.unpersist();
    expect(storage()).toEqual([]);
  });

  it("lists a cached DataFrame under its InMemoryRelation's name, part cached after a limit", async () => {
    const df = spark.range(0, 40, 1, 4).cache();
    await df.limit(1).collect(); // executeTake: the first job computes (and caches) only partition 0
    const [first] = storage();
    expect(first.cachedPartitions).toBe(1);
    expect(first.fractionCached).toBe(0.25);
    expect(first.name).toContain('Range (0, 40, step=1, splits=4)');
    await df.count();
    expect(storage()[0]).toMatchObject({ rddId: first.rddId, cachedPartitions: 4, fractionCached: 1 });
    df.unpersist();
    expect(storage()).toEqual([]);
  });
});
