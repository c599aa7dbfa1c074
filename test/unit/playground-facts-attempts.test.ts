/**
 * "What happened" tells a learner's own run: where its tasks ran (locality)
 * and which attempts failed, were retried, copied by speculation or killed,
 * read from the run's events. Streams come from real programs run through the
 * engine in-process, and from a real Spark log (its speculative copy).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseEventLog } from '../../engine/events/event-log';
import { deriveFacts } from '../../playground/model/facts';
import { runProgramInNode } from './playground-run-program';

async function factsOf(source: string, conf: Record<string, string> = {}) {
  const run = await runProgramInNode(source, conf);
  return { facts: deriveFacts(run.events, { fileName: 'playground.js', source }), run };
}

describe('locality, from the attempts’ TaskInfos', () => {
  test('a parallelized collection has no preferred place; its cached copy is read where it is cached', async () => {
    const { facts } = await factsOf(
      'const numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4).cache();\n' +
        'console.log(await numbers.count());\nconsole.log(await numbers.sum());\n',
    );
    const [first, second] = facts.jobs.map((job) => job.ranStages[0]);
    // TaskSetManager.dequeueTaskHelper launches a task without preferred locations as PROCESS_LOCAL.
    expect(first.locality).toEqual({ PROCESS_LOCAL: 4 });
    expect(first.whyLocality).toBe(
      "Where stage 0's 4 task attempts ran: 4 PROCESS_LOCAL (its data had no preferred place, so it took the first " +
        'free core: Spark reports that as PROCESS_LOCAL).',
    );
    // The executor holding a cached block is the task's preferred place: every task of the second job ran there.
    expect(second.locality).toEqual({ PROCESS_LOCAL: 4 });
    expect(second.whyLocality).toContain('4 PROCESS_LOCAL (its partition was cached in that executor’s memory)');
  });

  test("a text file's blocks are on their hosts: its tasks run NODE_LOCAL, and the sentence says why", async () => {
    const { facts } = await factsOf('console.log(await sc.textFile("data/books/*.txt").count());\n', {
      'kindling.dfs.replication': '1',
    });
    const [stage] = facts.jobs[0].ranStages;
    expect(stage.locality.NODE_LOCAL).toBeGreaterThan(0);
    expect(stage.whyLocality).toContain(
      `${stage.locality.NODE_LOCAL} NODE_LOCAL (its data was on that executor’s host: a file block, or a block another executor there cached)`,
    );
  });

  test('a stage that did not run has no locality to tell', async () => {
    const { facts } = await factsOf(
      'const sums = sc.parallelize([["a", 1], ["b", 2]], 2).reduceByKey((a, b) => a + b);\n' +
        'console.log(await sums.count());\nconsole.log(await sums.count());\n',
    );
    const skipped = facts.jobs[1].stages.find((stage) => stage.skipped)!;
    expect(skipped.whyLocality).toBeUndefined();
    expect(skipped.whyRetries).toEqual([]);
  });
});

describe('failed, retried and killed attempts', () => {
  test('a task that fails once is retried, and the retry is told with its reason and the limit', async () => {
    const { facts, run } = await factsOf(
      "sc.faults.inject({ kind: 'failTask', stageId: 0, partition: 1, attempt: 0 });\n" +
        'console.log(await sc.parallelize([1, 2, 3, 4], 2).map((x) => x * 2).sum());\n',
    );
    expect(run.stdout).toEqual(['20']);
    const [stage] = facts.jobs[0].ranStages;
    expect(stage.whyRetries).toHaveLength(1);
    expect(stage.whyRetries[0]).toMatch(
      /^Partition 1: attempt 0 failed \(`.+`\)\. Spark retried it, and attempt 1 succeeded/,
    );
    expect(stage.whyRetries[0]).toContain('`spark.task.maxFailures` = 4');
    // Three attempts ended: partition 0's, partition 1's failed first attempt and its retry.
    expect(Object.values(stage.locality).reduce((a, b) => a + b, 0)).toBe(3);
  });

  test('a task failing spark.task.maxFailures times is why the job aborted', async () => {
    const { facts } = await factsOf(
      'const rdd = sc.parallelize([1, 2, 3], 3).map((x) => { if (x === 2) throw new Error("boom"); return x; });\n' +
        'try { await rdd.collect(); } catch (e) { console.log("failed"); }\n',
      { 'spark.task.maxFailures': '3' },
    );
    const [stage] = facts.jobs[0].ranStages;
    const sentence = stage.whyRetries.find((s) => s.startsWith('Partition 1:'));
    expect(sentence).toBe(
      'Partition 1: attempts 0, 1 and 2 failed (`Error: boom`). That is `spark.task.maxFailures` = 3 failures, so Spark aborted the job.',
    );
    expect(stage.whyRetries.filter((s) => s.startsWith('Partition 0:') || s.startsWith('Partition 2:'))).toEqual([]);
  });

  test("a real Spark log's speculative copy: the original finished first and the copy was killed", () => {
    const name = 'spark-events__application_1628109047826_1317105';
    const events = parseEventLog(readFileSync(`/work/shared/spark-events/corpus/${name}`, 'utf8'), name);
    const facts = deriveFacts(events);
    const stage = facts.stages.get(0)!;
    expect(stage.whyRetries).toEqual([
      "Partition 3 ran much longer than the stage's other tasks, so speculation launched a copy (attempt 1, on executor 7): " +
        'attempt 0 finished first, and the copy was killed (another attempt succeeded).',
    ]);
    expect(stage.locality).toEqual({ PROCESS_LOCAL: 5 });
  });
});
