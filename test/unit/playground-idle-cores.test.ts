/** The summary's sentence about idle cores, read from real runs of the in-process engine. */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { buildAppModel, type SparkEvent } from '../../engine/events';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import { idleCoreNotes } from '../../playground/model/idle-cores';

const files = {
  'some_data1.txt': 'a b c\nd e f\n',
  'some_data2.txt': 'g h i\nj k l\n',
  'some_data3.txt': 'm n o\np q r\n',
};

async function run(conf: Record<string, string>, body: (sc: SparkContext) => Promise<unknown>) {
  const events: SparkEvent[] = [];
  const sc = new SparkContext({
    executors: 'in-process',
    fileSystem: new MemoryFileSystem(files),
    conf: { 'spark.executor.instances': '3', 'spark.executor.cores': '1', ...conf },
    onEvent: (e) => events.push(e),
  });
  await sc.ready;
  await body(sc);
  await sc.stop();
  return idleCoreNotes(buildAppModel(events));
}

test('three files on 3 × 1 core with the default replication: no core waits, so nothing is said', async () => {
  const notes = await run({}, (sc) => sc.textFile('some_data*').count());
  expect(notes).toEqual([]);
});

test('one replica per block and a slow task: the idle executor, for how long and why (locality level, wait setting)', async () => {
  const notes = await run({ 'kindling.dfs.replication': '1', 'spark.locality.wait': '800ms' }, async (sc) => {
    // Every partition of a cached RDD is PROCESS_LOCAL on its executor; a slow one keeps that executor busy
    // while its next task waits for it rather than run on an idle core.
    const cached = sc.parallelize([1, 2, 3, 4, 5, 6], 6).cache();
    await cached.count();
    sc.faults.inject({ kind: 'slowPartition', stageId: 1, partition: 0, delayMs: 1500 });
    await cached.count();
  });
  const note = notes.find((n) => n.stageId === 1);
  expect(note, JSON.stringify(notes)).toBeDefined();
  expect(note!.idleMs).toBeGreaterThanOrEqual(250);
  expect(note!.text).toMatch(/^Executor \d had a free core for .+ in stage 1 while \d tasks? waited: /);
  expect(note!.text).toContain('PROCESS_LOCAL');
  expect(note!.text).toContain('spark.locality.wait = 800ms');
});
