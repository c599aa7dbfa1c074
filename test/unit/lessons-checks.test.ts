/**
 * Lesson checks evaluated on the events of real runs (the in-process engine,
 * so no browser is needed): each kind passes on what the run did and fails
 * with a detail saying what it saw.
 */
import { describe, expect, test } from 'vitest';
import { withEnv } from '../../engine/closure/closure';
import { SparkContext } from '../../engine/context';
import type { SparkEvent } from '../../engine/events/types';
import { evaluateChecks } from '../../engine/lessons/checks';
import { maxConcurrent, shuffleLines, measureRun } from '../../engine/lessons/measure';
import type { Check, CheckResult, LessonRun } from '../../engine/lessons/types';
import type { TaskModel } from '../../engine/events/app-model';

/** Runs `body` on a fresh in-process context and returns what a lesson check reads. */
async function record(
  body: (sc: SparkContext, print: (line: string) => void) => Promise<void>,
  conf: Record<string, string> = {},
): Promise<LessonRun> {
  const events: SparkEvent[] = [];
  const driverOutput: string[] = [];
  const sc = new SparkContext({ executors: 'in-process', conf, onEvent: (e) => events.push(e) });
  await sc.ready;
  let error: LessonRun['error'];
  try {
    await body(sc, (line) => driverOutput.push(line));
  } catch (e) {
    error = { name: (e as Error).name, message: (e as Error).message };
  } finally {
    await sc.stop();
  }
  return { events, driverOutput, executorOutput: [], ...(error ? { error } : {}) };
}

/** A check with the text fields filled in, so tests only say what matters. */
function check(spec: Record<string, unknown>, id = 'c'): Check {
  return { id, description: `check ${id}`, hint: `hint for ${id}`, ...spec } as Check;
}

function only(run: LessonRun, spec: Record<string, unknown>): CheckResult {
  return evaluateChecks([check(spec)], run)[0];
}

const words = ['a', 'b', 'a', 'c', 'b', 'a', 'd', 'a'];

/** Two jobs over one shuffle: job 1 skips the map stage; with `cache`, it reads memory PROCESS_LOCAL. */
async function wordCount(cache: boolean): Promise<LessonRun> {
  return record(async (sc, print) => {
    const counts = sc
      .parallelize(words, 4)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 2);
    if (cache) counts.cache();
    print(`distinct: ${await counts.count()}`);
    print(`sum: ${(await counts.values().collect()).reduce((x, y) => x + y, 0)}`);
  });
}

describe('checks on jobs, stages and tasks', () => {
  test('job, stage, skipped-stage and task counts pass on the run’s numbers and fail with what was seen', async () => {
    const run = await wordCount(false);
    const results = evaluateChecks(
      [
        check({ kind: 'jobs', equals: 2 }, 'jobs'),
        check({ kind: 'stages', job: 0, equals: 2 }, 'stages0'),
        check({ kind: 'stages', job: 'last', equals: 1 }, 'stages-last'),
        check({ kind: 'skippedStages', job: 1 }, 'skipped1'),
        check({ kind: 'skippedStages', job: 0 }, 'skipped0'),
        check({ kind: 'tasks', stage: 0, equals: 4 }, 'map-tasks'),
        check({ kind: 'tasks', job: 1, stage: 'result', equals: 2 }, 'result-tasks'),
        check({ kind: 'jobs', atLeast: 3 }, 'too-many'),
        check({ kind: 'stages', job: 5, equals: 1 }, 'no-such-job'),
        check({ kind: 'tasks', stage: 9, equals: 1 }, 'no-such-stage'),
      ],
      run,
    );
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    for (const id of ['jobs', 'stages0', 'stages-last', 'skipped1', 'map-tasks', 'result-tasks'])
      expect(byId[id], id).toMatchObject({ passed: true });
    expect(byId['stages0'].hint).toBeUndefined();
    expect(byId['skipped0']).toMatchObject({ passed: false, detail: 'job 0 skipped 0 stages; expected at least 1' });
    expect(byId['skipped0'].hint).toBe('hint for skipped0');
    expect(byId['too-many']).toMatchObject({ passed: false, detail: 'the program ran 2 jobs; expected at least 3' });
    expect(byId['no-such-job']).toMatchObject({ passed: false, detail: 'there is no job 5 (the program ran 2 jobs)' });
    expect(byId['no-such-stage'].passed).toBe(false);
    expect(byId['no-such-stage'].detail).toMatch(/^there is no stage 9/);
    expect(byId['result-tasks'].detail).toBe('stage 3 (the result stage of job 1) has 2 tasks');
  });

  test('locality: re-reading a shuffle is NODE_LOCAL, a cached RDD is PROCESS_LOCAL', async () => {
    const spec = { kind: 'locality', job: 1, every: 'PROCESS_LOCAL' };
    const plain = only(await wordCount(false), spec);
    expect(plain.passed).toBe(false);
    expect(plain.detail).toBe('task attempts of job 1: 2 NODE_LOCAL');
    const cached = await wordCount(true);
    expect(only(cached, spec)).toMatchObject({ passed: true, detail: 'task attempts of job 1: 2 PROCESS_LOCAL' });
    expect(only(cached, { kind: 'locality', some: 'NODE_LOCAL' }).passed).toBe(true);
    expect(only(cached, { kind: 'locality', job: 1, none: 'NODE_LOCAL' }).passed).toBe(true);
    expect(only(cached, { kind: 'locality', none: 'NODE_LOCAL' }).passed).toBe(false);
  });

  test('metrics: totals, per stage and per task, over a job or the run', async () => {
    const run = await wordCount(true);
    // 4 map tasks of 2 different words each ([a,b] [a,c] [b,a] [d,a]): 8 records after combining.
    expect(only(run, { kind: 'metric', metric: 'shuffleWriteRecords', equals: 8 })).toMatchObject({
      passed: true,
      detail: 'shuffleWriteRecords of the run: 8',
    });
    expect(only(run, { kind: 'metric', metric: 'shuffleWriteRecords', atMost: 7 }).detail).toBe(
      'shuffleWriteRecords of the run: 8; expected at most 7',
    );
    const perStage = only(run, { kind: 'metric', metric: 'shuffleWriteRecords', per: 'stage', atMost: 0 });
    expect(perStage.passed).toBe(false);
    expect(perStage.detail).toBe('shuffleWriteRecords per stage of the run: stage 0: 8; expected at most 0');
    expect(only(run, { kind: 'metric', metric: 'shuffleReadBytes', job: 1, equals: 0 }).passed).toBe(true);
    const perTask = only(run, {
      kind: 'metric',
      metric: 'shuffleReadRecords',
      per: 'task',
      job: 0,
      stage: 'result',
      atLeast: 1,
    });
    expect(perTask.passed).toBe(true);
    expect(perTask.detail).toMatch(/^shuffleReadRecords per task of stage 1 \(the result stage of job 0\): task \d+/);
  });
});

describe('checks on failures, recovery and speculation', () => {
  test('a failed attempt that is retried counts as a failed task and a retried task', async () => {
    const run = await record(async (sc, print) => {
      sc.faults.inject({ kind: 'failTask', stageId: 0, partition: 1, attempt: 0, message: 'disk read error' });
      print(String(await sc.parallelize([1, 2, 3, 4], 4).count()));
    });
    expect(only(run, { kind: 'retriedTasks' })).toMatchObject({
      passed: true,
      detail: '1 task of the run failed and then succeeded on a later attempt',
    });
    expect(only(run, { kind: 'failedTasks', reason: 'ExceptionFailure', equals: 1 }).passed).toBe(true);
    expect(only(run, { kind: 'failedTasks', reason: 'FetchFailed', atLeast: 1 }).passed).toBe(false);
    expect(only(run, { kind: 'executorsLost' })).toMatchObject({
      passed: false,
      detail: '0 executors lost; expected at least 1',
    });
    expect(only(run, { kind: 'succeeded' }).passed).toBe(true);
    expect(only(run, { kind: 'failed' })).toMatchObject({
      passed: false,
      detail: 'the program ran to its end without an error',
    });
  });

  test('a job that fails 4 times aborts, and `failed` matches Spark’s message', async () => {
    const run = await record(async (sc) => {
      for (let attempt = 0; attempt < 4; attempt++) sc.faults.inject({ kind: 'failTask', partition: 0, attempt });
      await sc.parallelize([1, 2], 2).count();
    });
    expect(only(run, { kind: 'failed', matches: 'Task 0 in stage 0\\.0 failed 4 times' }).passed).toBe(true);
    expect(only(run, { kind: 'failed', matches: 'Task not serializable' }).passed).toBe(false);
    expect(only(run, { kind: 'succeeded' }).detail).toMatch(/^the program failed: SparkException: Job aborted/);
    expect(only(run, { kind: 'retriedTasks' }).passed).toBe(false);
  });

  test('losing an executor after the map stage: executor lost, the map stage re-runs', async () => {
    const run = await record(async (sc, print) => {
      sc.faults.inject({ kind: 'killExecutor', executorId: '1', afterStage: 0 });
      const counts = sc
        .parallelize(words, 4)
        .map((w) => [w, 1] as [string, number])
        .reduceByKey((x, y) => x + y, 2);
      print(JSON.stringify((await counts.collect()).sort()));
    });
    expect(run.error).toBeUndefined();
    expect(only(run, { kind: 'executorsLost', equals: 1 }).passed).toBe(true);
    expect(only(run, { kind: 'mapStageReruns' })).toMatchObject({
      passed: true,
      detail: '1 shuffle map stage ran again',
    });
    const plain = await wordCount(false);
    // Job 1 lists the map stage again but skips it: not a re-run.
    expect(only(plain, { kind: 'mapStageReruns' }).passed).toBe(false);
  });

  test('speculation: copies launched, and which of them won', async () => {
    const run = await record(
      async (sc, print) => {
        sc.faults.inject({ kind: 'slowPartition', partition: 0, attempt: 0, delayMs: 3000 });
        print(String(await sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 8).count()));
      },
      { 'spark.speculation': 'true' },
    );
    expect(only(run, { kind: 'speculativeTasks' }).passed).toBe(true);
    expect(only(run, { kind: 'speculativeTasks', status: 'success', equals: 1 }).passed).toBe(true);
    expect(only(run, { kind: 'speculativeTasks', status: 'killed', atLeast: 1 })).toMatchObject({
      passed: false,
      detail: '0 speculative task attempts ending with status killed in the run; expected at least 1',
    });
  });
});

describe('checks on output and shared variables', () => {
  const run: LessonRun = {
    events: [],
    driverOutput: ['count: 100', "[ 'a', 2 ]\n[ 't', 5 ]"],
    executorOutput: [{ executorId: '0', text: 'added apple' }],
  };

  test('output: equals (ignoring outer white space), includes, excludes, matches; driver or executors', () => {
    expect(only(run, { kind: 'output', equals: "  count: 100\n[ 'a', 2 ]\n[ 't', 5 ]\n" }).passed).toBe(true);
    expect(only(run, { kind: 'output', includes: 'count: 100' })).toMatchObject({
      passed: true,
      detail: 'the driver\'s output includes "count: 100"',
    });
    expect(only(run, { kind: 'output', excludes: 'added apple' }).passed).toBe(true);
    expect(only(run, { kind: 'output', stream: 'executors', includes: 'added apple' }).passed).toBe(true);
    expect(only(run, { kind: 'output', matches: "^\\[ 't', 5 \\]$" }).passed).toBe(true);
    const missing = only(run, { kind: 'output', includes: 'count: 99' });
    expect(missing.passed).toBe(false);
    expect(missing.detail).toBe(
      "expected the driver's output to include \"count: 99\"; it was:\ncount: 100\n[ 'a', 2 ]\n[ 't', 5 ]",
    );
    expect(only({ ...run, driverOutput: [] }, { kind: 'output', includes: 'x' }).detail).toBe(
      'expected the driver\'s output to include "x"; it was empty',
    );
  });

  test('accumulator: the driver’s final value, as stage completions report it', async () => {
    const accumulated = await record(async (sc) => {
      const seen = sc.longAccumulator('seen');
      await sc.parallelize([3, 5, 7], 3).foreach(withEnv((n: number) => seen.add(n), { seen }));
    });
    expect(only(accumulated, { kind: 'accumulator', name: 'seen', equals: 15 })).toMatchObject({
      passed: true,
      detail: 'the accumulator "seen" holds 15',
    });
    expect(only(accumulated, { kind: 'accumulator', name: 'seen', atLeast: 16 }).passed).toBe(false);
    expect(only(accumulated, { kind: 'accumulator', name: 'total', equals: 15 })).toMatchObject({
      passed: false,
      detail: 'no task updated an accumulator named "total"',
    });
  });
});

describe('measurements', () => {
  test('shuffle lines are the lines of RDDs that read a shuffle, in the program’s file only', () => {
    const rdd = (id: number, callsite: string, parents: number[]) => ({
      'RDD ID': id,
      Name: 'r',
      Callsite: callsite,
      'Parent IDs': parents,
      'Storage Level': { 'Use Disk': false, 'Use Memory': false, Deserialized: false, Replication: 1 },
      'Number of Partitions': 2,
      'Number of Cached Partitions': 0,
      'Memory Size': 0,
      'Disk Size': 0,
    });
    const stage = (id: number, rdds: ReturnType<typeof rdd>[]) => ({
      Event: 'SparkListenerStageSubmitted',
      'Stage Info': {
        'Stage ID': id,
        'Stage Attempt ID': 0,
        'Stage Name': 's',
        'Number of Tasks': 2,
        'RDD Info': rdds,
      },
    });
    const events = [
      stage(0, [rdd(1, 'map at p.js:3', [0]), rdd(0, 'parallelize at p.js:1', [])]),
      stage(1, [rdd(3, 'filter at p.js:5', [2]), rdd(2, 'reduceByKey at p.js:4', [1])]),
      stage(2, [rdd(4, 'join at lib.js:9', [3])]),
    ] as unknown as SparkEvent[];
    const run: LessonRun = { events, driverOutput: [], executorOutput: [], fileName: 'p.js' };
    expect(shuffleLines(measureRun(run))).toEqual([4]);
    expect(shuffleLines(measureRun({ ...run, fileName: undefined }))).toEqual([4, 9]);
  });

  test('concurrency: a slot freed and taken in the same millisecond is not an overlap', () => {
    const task = (launchTime: number, finishTime?: number) => ({ launchTime, finishTime }) as TaskModel;
    expect(maxConcurrent([task(0, 10), task(0, 10), task(10, 20), task(5, 12)])).toBe(3);
    expect(maxConcurrent([task(0, 10), task(10, 20)])).toBe(1);
    expect(maxConcurrent([task(0), task(100, 200)])).toBe(2);
    expect(maxConcurrent([])).toBe(0);
  });
});
