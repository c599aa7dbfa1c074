/**
 * The partition view's model (playground/model/partition-data.ts): which task
 * attempt's rows a partition shows, the page's own bound, and the words for
 * counts, cuts and cached blocks. The rows themselves come from real tasks in
 * test/unit/partition-data.test.ts; here the captures are written by hand.
 */
import { expect, test } from 'vitest';
import { buildAppModel } from '../../engine/events/app-model';
import type { SparkEvent } from '../../engine/events/types';
import type { PartitionDataWire, TaskPartitionData } from '../../engine/rdd/wire';
import { SparkContext } from '../../engine/context';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import {
  PartitionDataStore,
  blockText,
  countText,
  findRdd,
  shownText,
  shuffleSide,
} from '../../playground/model/partition-data';

function capture(
  task: Partial<TaskPartitionData> & { taskId: number },
  partitions: Partial<PartitionDataWire>[],
): TaskPartitionData {
  return {
    stageId: 0,
    stageAttemptId: 0,
    partitionId: 0,
    attemptNumber: 0,
    executorId: '0',
    successful: true,
    ...task,
    partitions: partitions.map((p) => ({ rddId: 1, partition: 0, rows: ['1'], count: 1, complete: true, ...p })),
  };
}

test('a partition shows its last successful attempt in the stage asked for, else its last attempt', () => {
  const store = new PartitionDataStore();
  store.add(capture({ taskId: 0, successful: false }, [{ rows: ['a'], complete: false }]));
  store.add(capture({ taskId: 1, attemptNumber: 1 }, [{ rows: ['b'] }]));
  store.add(capture({ taskId: 2, attemptNumber: 2, successful: false }, [{ rows: ['c'], complete: false }]));
  store.add(
    capture({ taskId: 3, partitionId: 1, successful: false }, [{ partition: 1, rows: ['x'], complete: false }]),
  );
  store.add(
    capture({ taskId: 4, stageId: 2 }, [
      { rows: ['later stage'], block: { blockId: 'rdd_1_0', status: 'read', memory: true } },
    ]),
  );

  const [p0, p1, p2] = store.partitions(1, 0, 3);
  expect(p0?.rows).toEqual(['b']);
  expect(p0?.task.taskId).toBe(1);
  expect(p1?.rows).toEqual(['x']);
  expect(p1?.task.successful).toBe(false);
  expect(p2).toBeNull();
  expect(store.partitions(1, 2, 1)[0]?.rows).toEqual(['later stage']);
  expect(store.stagesOf(1)).toEqual([0, 2]);
  expect(store.stagesOf(99)).toEqual([]);
  expect(store.task(3)?.map((p) => p.rows)).toEqual([['x']]);
  expect(store.task(42)).toBeUndefined();
  expect(store.taskCount).toBe(5);
});

test('past the page bound, rows are dropped and counts kept, and the view says why', () => {
  const store = new PartitionDataStore(10);
  store.add(capture({ taskId: 0 }, [{ rows: ['12345678'], count: 5 }]));
  store.add(capture({ taskId: 1, partitionId: 1 }, [{ partition: 1, rows: ['abcdef'], count: 7 }]));
  const [, second] = store.partitions(1, 0, 2);
  expect(second).toMatchObject({ rows: [], count: 7, cut: 'page' });
  expect(shownText(second!)).toBe('rows not kept: the page keeps 16 MB of rows at most');
});

test('words: counts, how far a task read, what was left out, and cached blocks', () => {
  const ok = { successful: true };
  expect(countText({ count: 1, complete: true, task: ok })).toBe('1 row');
  expect(countText({ count: 12345, complete: true, task: ok })).toBe('12,345 rows');
  expect(countText({ count: 3, complete: false, task: ok })).toBe(
    '3 rows read: the action stopped once it had what it needed',
  );
  expect(countText({ count: 2, complete: false, task: { successful: false } })).toBe(
    '2 rows read before the task failed',
  );
  expect(shownText({ rows: ['a'], count: 1 })).toBeNull();
  expect(shownText({ rows: ['a', 'b'], count: 40, cut: 'rows' })).toBe('first 2 shown');
  expect(shownText({ rows: ['a'], count: 40, cut: 'chars' })).toMatch(/^first 1 shown: the text kept per partition/);
  expect(shownText({ rows: [], count: 40, cut: 'task' })).toMatch(/^rows not kept: this task/);
  expect(blockText({ blockId: 'rdd_3_0', status: 'read', memory: true })).toBe(
    'read from the cached block rdd_3_0 (in memory), not computed again',
  );
  expect(blockText({ blockId: 'rdd_3_1', status: 'stored', memory: false })).toBe(
    'computed, then cached as rdd_3_1 (on disk)',
  );
  expect(blockText({ blockId: 'rdd_3_2', status: 'not-stored', memory: false })).toMatch(/did not fit/);
});

test('before and after the shuffle, read from a real run’s stages', async () => {
  const events: SparkEvent[] = [];
  const sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.executor.instances': '1', 'spark.executor.cores': '1' },
    fileSystem: new MemoryFileSystem({}),
    onEvent: (e) => events.push(e),
  });
  await sc.ready;
  const pairs = sc.parallelize(['a', 'b', 'a'], 2).map((w) => [w, 1] as [string, number]);
  const counts = pairs.reduceByKey((a, b) => a + b);
  const after = counts.mapValues((n) => n * 10);
  await after.collect();
  await sc.stop();
  const model = buildAppModel(events);
  const mapStage = [...model.stages.values()].find((s) => s.stageId === 0)!;
  const resultStage = [...model.stages.values()].find((s) => s.stageId === 1)!;
  expect(shuffleSide(model, mapStage, pairs.id())).toBe('before');
  expect(shuffleSide(model, mapStage, pairs.id() - 1)).toBeNull();
  expect(shuffleSide(model, resultStage, counts.id())).toBe('after');
  expect(shuffleSide(model, resultStage, after.id())).toBeNull();
  expect(shuffleSide(model, resultStage, pairs.id())).toBeNull();
  expect(findRdd(model, counts.id())?.name).toBe('ShuffledRDD');
  expect(findRdd(model, 999)).toBeNull();
});
