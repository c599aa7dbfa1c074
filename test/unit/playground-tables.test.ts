/**
 * The jobs, stages and tasks tables and the per-stage summary quantiles, over
 * event streams from real runs of the engine.
 */
import { describe, expect, test } from 'vitest';
import { buildAppModel, stageKey } from '../../engine/events/app-model';
import { jobRows, jobSummary, quantiles, stageRows, stageSummary, taskRows } from '../../playground/model/tables';
import { runProgramInNode } from './playground-run-program';

async function modelOf(source: string, conf: Record<string, string> = {}) {
  const run = await runProgramInNode(source, conf);
  if (run.error) throw run.error;
  return buildAppModel(run.events);
}

describe('summary quantiles', () => {
  test('pick the value at floor(q·n), capped at the last, as Spark does', () => {
    expect(quantiles([5, 1, 3, 2, 4])).toEqual([1, 2, 3, 4, 5]);
    expect(quantiles([10, 20])).toEqual([10, 10, 20, 20, 20]);
    expect(quantiles([7])).toEqual([7, 7, 7, 7, 7]);
    expect(quantiles([])).toEqual([]);
  });
});

describe('tables from a run', () => {
  const program =
    'const sums = sc.parallelize([["a", 1], ["b", 2], ["a", 3], ["c", 4]], 4)\n' +
    '  .map((p) => { const c = TaskContext.get(); if (c.partitionId() === 1 && c.attemptNumber() === 0) throw new Error("flaky"); return p; })\n' +
    '  .reduceByKey((a, b) => a + b, 2);\n' +
    'console.log(await sums.collect());\nconsole.log(await sums.count());\n';

  test('jobs show stages and tasks succeeded of total, with skipped ones and failures', async () => {
    const model = await modelOf(program);
    const [second, first] = jobRows(model, Date.now());
    expect(first).toMatchObject({
      jobId: 0,
      description: 'collect at playground.js:4',
      status: 'succeeded',
      stagesSucceeded: 2,
      stagesTotal: 2,
      tasksSucceeded: 6,
      tasksTotal: 6,
      tasksFailed: 1,
    });
    expect(second).toMatchObject({
      jobId: 1,
      stagesSkipped: 1,
      stagesSucceeded: 1,
      tasksSkipped: 4,
      tasksTotal: 6,
      tasksSucceeded: 2,
    });
    expect(jobSummary(model, model.jobs.get(0)!)).toBe('Job 0 (succeeded): 2 stages, 7 tasks, 1 failed attempt.');
    expect(jobSummary(model, model.jobs.get(1)!)).toBe('Job 1 (succeeded): 2 stages (1 skipped), 2 tasks.');
  });

  test("a job group and description (sc.setJobGroup) reach the jobs table from the job's properties", async () => {
    const model = await modelOf(
      'sc.setJobGroup("reports", "monthly totals");\nawait sc.parallelize([1, 2], 2).count();\nsc.clearJobGroup();\nawait sc.parallelize([3], 1).count();\n',
    );
    const [later, grouped] = jobRows(model, Date.now());
    expect(grouped).toMatchObject({ jobId: 0, group: 'reports', description: 'monthly totals' });
    expect(later).toMatchObject({ jobId: 1, group: null, description: 'count at playground.js:4' });
  });

  test('stages carry shuffle read and write totals; skipped stages are listed', async () => {
    const model = await modelOf(program);
    const rows = stageRows(model, Date.now());
    expect(rows.map((r) => `${r.stageId}:${r.status}`)).toEqual([
      '3:complete',
      '2:skipped',
      '1:complete',
      '0:complete',
    ]);
    const map = rows.find((r) => r.stageId === 0)!;
    const reduce = rows.find((r) => r.stageId === 1)!;
    expect(map.shuffleWriteRecords).toBe(4);
    expect(map.shuffleWriteBytes).toBeGreaterThan(0);
    expect(reduce.shuffleReadRecords).toBe(4);
    expect(reduce.shuffleReadBytes).toBe(map.shuffleWriteBytes);
    expect(map).toMatchObject({ tasksSucceeded: 4, tasksFailed: 1, tasksTotal: 4 });
  });

  test('tasks show attempts, locality and the failure reason', async () => {
    const model = await modelOf(program);
    const rows = taskRows(model, stageKey(0, 0));
    expect(rows).toHaveLength(5);
    const failed = rows.find((r) => r.status === 'failed')!;
    expect(failed).toMatchObject({ index: 1, attempt: 0, partition: 1 });
    expect(failed.error).toBe('Error: flaky');
    const retry = rows.find((r) => r.index === 1 && r.attempt === 1)!;
    expect(retry.status).toBe('success');
    expect(['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY']).toContain(retry.locality);
    expect(
      rows.every((r) => r.status !== 'success' || (r.duration !== undefined && r.schedulerDelay !== undefined)),
    ).toBe(true);
  });

  test("a stage's summary covers its successful tasks only and hides unused metrics", async () => {
    const model = await modelOf(program);
    const map = stageSummary(model, stageKey(0, 0));
    expect(map.completed).toBe(4);
    expect(map.rows.map((r) => r.metric)).toEqual([
      'Duration',
      'Run time without GC',
      'GC Time',
      'Scheduler Delay',
      'Task Deserialization Time',
      'Result Serialization Time',
      'Shuffle Write Size / Records',
    ]);
    expect(map.rows.at(-1)!.values).toHaveLength(5);
    expect(map.rows.at(-1)!.values[4]).toMatch(/ B \/ [12]$/);
    const reduce = stageSummary(model, stageKey(1, 0));
    expect(reduce.rows.map((r) => r.metric)).toContain('Shuffle Read Size / Records');
    expect(stageSummary(model, stageKey(2, 0))).toEqual({ completed: 0, rows: [] });
  });
});
