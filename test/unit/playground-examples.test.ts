/**
 * Every example in the playground's menu runs to the end through the real
 * engine, and shows what it says it shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildAppModel } from '../../engine/events/app-model';
import { EXAMPLES } from '../../playground/examples';
import { deriveFacts, type DataFile } from '../../playground/model/facts';
import { runProgramInNode, type ProgramResult } from './playground-run-program';

const files = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/index.json'), 'utf8')) as DataFile[];
const results = new Map<string, Promise<ProgramResult>>();
function run(id: string): Promise<ProgramResult> {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) throw new Error(`no example ${id}`);
  if (!results.has(id)) results.set(id, runProgramInNode(example.source));
  return results.get(id)!;
}
const factsOf = async (id: string) => deriveFacts((await run(id)).events, { fileName: 'playground.js', files });

describe('every example runs to the end', () => {
  for (const example of EXAMPLES) {
    test(`${example.title} (${example.id})`, async () => {
      const result = await run(example.id);
      expect(result.error).toBeUndefined();
      expect(result.stdout.length).toBeGreaterThan(0);
      expect(result.events.some((e) => e.Event === 'SparkListenerJobStart')).toBe(true);
    });
  }
  test('ids are unique', () => {
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
  });
});

describe('each example shows what it says', () => {
  test('word count: the second job skips its map stage', async () => {
    const facts = await factsOf('word-count');
    expect(facts.jobs.map((j) => j.stages.length)).toEqual([2, 2]);
    expect(facts.jobs[1].ranStages).toHaveLength(1);
  });

  test('joins: the co-partitioned join reuses both partitioners', async () => {
    const facts = await factsOf('joins');
    const joins = facts.operators.filter((op) => op.operator === 'join');
    expect(joins.map((j) => j.shuffled)).toEqual([true, false]);
    expect(joins[1].reusedPartitionerOf?.map((s) => `${s.operator}@${s.line}`)).toEqual([
      'partitionBy@22',
      'partitionBy@23',
    ]);
  });

  test('partitioner reuse: reduceByKey reuses twice, then shuffles after map', async () => {
    const facts = await factsOf('partitioner-reuse');
    const reduces = facts.operators.filter((op) => op.operator === 'reduceByKey');
    expect(reduces.map((op) => op.shuffled)).toEqual([false, false, true]);
  });

  test('skew: one task of the groupByKey stage reads most of the shuffle', async () => {
    const model = buildAppModel((await run('skew')).events);
    const reduceStage = [...model.stages.values()].find((s) => s.stageId === 1)!;
    const records = reduceStage.taskIds.map((id) => model.tasks.get(id)!.metrics!.shuffleReadRecords);
    const total = records.reduce((a, b) => a + b, 0);
    expect(Math.max(...records) / total).toBeGreaterThan(0.5);
  });

  test('failing task: one retried attempt, then a job aborted after 4 attempts', async () => {
    const result = await run('failing-task');
    const facts = deriveFacts(result.events);
    expect(facts.jobs.map((j) => j.status)).toEqual(['succeeded', 'failed']);
    expect(facts.failedTaskAttempts).toBe(5);
    expect(result.stdout.at(-1)).toMatch(/^Job aborted due to stage failure: Task 2 in stage 1\.0 failed 4 times/);
  });

  test('foreach output goes to the executor logs, not the driver', async () => {
    const result = await run('executor-logs');
    expect(result.executorLogs.filter((l) => l.text.startsWith('saw'))).toHaveLength(6);
    expect(result.stdout.some((l) => l.startsWith('saw'))).toBe(false);
  });

  test('not serializable: the message names sc, then the fix works', async () => {
    const result = await run('not-serializable');
    expect(result.stdout[0]).toMatch(/Task not serializable/);
    expect(result.stdout[0]).toContain('sc');
    expect(result.stdout[1]).toBe('4,8,12,16');
  });

  test('extra jobs: sampling, incremental take and zipWithIndex jobs', async () => {
    const facts = await factsOf('extra-jobs');
    expect(facts.jobs.map((j) => j.origin)).toContain('sampling');
    expect(facts.jobs.map((j) => j.origin)).toContain('incremental');
    expect(facts.jobs.map((j) => j.origin)).toContain('index-counting');
  });

  test('text splits: 4 partitions by default, more when asked', async () => {
    const result = await run('text-splits');
    // 3574 bytes ÷ 8 = 446-byte splits: each ~900-byte file gives 2 or 3.
    expect(result.stdout.slice(0, 2)).toEqual(['default: 4 partitions', 'minPartitions 8: 9 partitions']);
  });

  test('lost executor: the second count re-runs only some map tasks', async () => {
    const model = buildAppModel((await run('lost-executor')).events);
    const mapRetry = [...model.stages.values()].find((s) => s.stageId === 2)!;
    expect(mapRetry.taskIds.length).toBeGreaterThan(0);
    expect(mapRetry.taskIds.length).toBeLessThan(4);
  });
});
