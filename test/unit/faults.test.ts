/** Injected faults behave as Spark would under the real fault: retries, executor loss, resubmission. */
import { describe, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { withEnv } from '../../engine/closure/closure';
import type { TaskContext as TaskContextClass } from '../../engine/executor/task-context';

/** Provided to task functions on executors, as in a learner's program (no import there). */
declare const TaskContext: typeof TaskContextClass;
import type { EventJson } from '../support/event-json';

async function withContext<T>(
  body: (sc: SparkContext, events: EventJson[]) => Promise<T>,
  conf: Record<string, string> = {},
) {
  const events: EventJson[] = [];
  const sc = new SparkContext({ executors: 'in-process', conf, onEvent: (e) => events.push(e as EventJson) });
  await sc.ready;
  try {
    return { result: await body(sc, events), events };
  } finally {
    await sc.stop();
  }
}

const reasons = (events: EventJson[]) =>
  events.filter((e) => e.Event === 'SparkListenerTaskEnd').map((e) => e['Task End Reason'].Reason as string);

describe('fault injection', () => {
  test('failing attempt 0 of a partition: one ExceptionFailure, then the retry succeeds', async () => {
    const { result, events } = await withContext(async (sc) => {
      sc.faults.inject({ kind: 'failTask', partition: 1 });
      return sc
        .parallelize([1, 2, 3, 4], 4)
        .map((x) => x * 10)
        .collect();
    });
    expect(result).toEqual([10, 20, 30, 40]);
    expect(reasons(events).filter((r) => r === 'ExceptionFailure')).toHaveLength(1);
    const failed = events.find(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'ExceptionFailure',
    );
    expect(failed?.['Task Info']['Partition ID']).toBe(1);
    expect(failed?.['Task End Reason'].Description).toBe('injected failure of partition 1, attempt 0');
  });

  test('failing every allowed attempt aborts the job with Spark’s message', async () => {
    const { result } = await withContext(async (sc) => {
      for (let attempt = 0; attempt < 4; attempt++)
        sc.faults.inject({ kind: 'failTask', partition: 0, attempt, message: 'disk on fire' });
      return sc
        .parallelize([1, 2], 2)
        .count()
        .catch((e: Error) => e.message.split('\n')[0]);
    });
    expect(result).toMatch(
      /^Job aborted due to stage failure: Task 0 in stage 0\.0 failed 4 times, most recent failure: Lost task 0\.3 in stage 0\.0 \(TID \d+\) \(host-\d executor \d\): Error: disk on fire$/,
    );
  });

  test('a slowed partition finishes last', async () => {
    const { events } = await withContext(async (sc) => {
      sc.faults.inject({ kind: 'slowPartition', partition: 0, delayMs: 150 });
      return sc.parallelize([1, 2, 3, 4], 4).count();
    });
    const ends = events.filter((e) => e.Event === 'SparkListenerTaskEnd');
    expect(ends[ends.length - 1]['Task Info']['Partition ID']).toBe(0);
    const slow = ends[ends.length - 1]['Task Info'];
    expect(slow['Finish Time'] - slow['Launch Time']).toBeGreaterThanOrEqual(140);
  });

  test('killing an executor after K tasks of the map stage: its outputs are lost and only those map tasks re-run', async () => {
    const { result, events } = await withContext(async (sc) => {
      sc.faults.inject({ kind: 'killExecutor', executorId: '0', stageId: 0, afterTasks: 4 });
      const words = sc.parallelize(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 4).map((w) => [w, 1] as [string, number]);
      const counts = words.reduceByKey((a, b) => a + b, 2);
      const first = await counts.count();
      return [first, await counts.count()];
    });
    expect(result).toEqual([8, 8]);
    expect(events.some((e) => e.Event === 'SparkListenerExecutorRemoved' && e['Executor ID'] === '0')).toBe(true);
    expect(events.some((e) => e.Event === 'SparkListenerExecutorAdded' && e['Executor ID'] === '2')).toBe(true);
  });
});

describe('losing map outputs while their stage still runs', () => {
  test('finished map tasks on the lost executor end Resubmitted and run again; the answer is right', async () => {
    const { result, events } = await withContext(
      async (sc) => {
        for (let p = 0; p < 8; p++) sc.faults.inject({ kind: 'slowPartition', stageId: 0, partition: p, delayMs: 30 });
        sc.faults.inject({ kind: 'killExecutor', executorId: '0', stageId: 0, afterTasks: 3 });
        const counts = sc
          .parallelize(['a', 'b', 'c', 'd', 'a', 'b', 'c', 'a'], 8)
          .map((w) => [w, 1] as [string, number])
          .reduceByKey((a, b) => a + b, 2)
          .collect();
        return (await counts).sort();
      },
      { 'spark.executor.cores': '1' },
    );
    expect(result).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 2],
      ['d', 1],
    ]);
    const resubmitted = events.filter(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'Resubmitted',
    );
    expect(resubmitted.length).toBeGreaterThan(0);
    for (const e of resubmitted) expect(e['Task Info']['Executor ID']).toBe('0');
    const mapSuccesses = events.filter(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Stage ID'] === 0 && e['Task End Reason'].Reason === 'Success',
    );
    expect(mapSuccesses.length).toBe(8 + resubmitted.length);
  });
});

describe('accumulators', () => {
  test('updates from failed attempts are discarded: only successful attempts count', async () => {
    const { result, events } = await withContext(async (sc) => {
      const seen = sc.longAccumulator('records seen');
      // The first attempt of the partition holding 3 adds for 3, then fails: that add must not count.
      const count = withEnv(
        (x: number) => {
          seen.add(1);
          if (x === 3 && TaskContext.get()?.attemptNumber() === 0) throw new Error('late failure');
        },
        { seen },
      );
      await sc.parallelize([1, 2, 3, 4, 5, 6], 3).foreach(count);
      return seen.value;
    });
    expect(result).toBe(6);
    const failed = events.filter(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'ExceptionFailure',
    );
    expect(failed).toHaveLength(1);
    const values = events
      .filter((e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'Success')
      .flatMap((e) => e['Task Info'].Accumulables.map((a: { Value: number }) => a.Value));
    expect(Math.max(...values)).toBe(6);
  });
});
