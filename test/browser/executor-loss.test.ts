/** Losing executors the three ways Spark loses them, in real workers: killed, crashed, stuck. */
import { afterEach, describe, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import type { EventJson } from '../support/event-json';
import { TaskContext } from '../../engine/executor/task-context';

let sc: SparkContext | null = null;
afterEach(async () => {
  await sc?.stop();
  sc = null;
});

function start(conf: Record<string, string> = {}) {
  const events: EventJson[] = [];
  sc = new SparkContext({ executors: 'workers', conf, onEvent: (e) => events.push(e as EventJson) });
  return { sc, events };
}

/** Waits for a condition on the event stream, up to a generous bound. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

const taskEnds = (events: EventJson[]) => events.filter((e) => e.Event === 'SparkListenerTaskEnd');
const reasonsOf = (events: EventJson[]) => taskEnds(events).map((e) => e['Task End Reason'].Reason as string);

describe('executor loss', () => {
  test('a runaway loop loses its task thread only: the attempt fails and is retried, the executor and its cache live on', async () => {
    const { sc, events } = start({ 'kindling.task.timeout': '800ms', 'spark.task.maxFailures': '2' });
    await sc.ready;
    const cached = sc
      .parallelize([1, 2, 3, 4], 4)
      .map((x) => x * 2)
      .cache();
    expect(await cached.count()).toBe(4);
    const holder = new Map(taskEnds(events).map((e) => [e['Task Info'].Index, e['Task Info']['Executor ID']]));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const message = await cached
      .map((x) => {
        if (x === 4) for (;;);
        return x;
      })
      .count()
      .then(
        () => 'no error',
        (e: Error) => e.message.split('\n')[0],
      );
    clearInterval(timer);
    // TaskSetManager's abort message, with the timeout as the attempt's exception.
    expect(message).toMatch(
      /^Job aborted due to stage failure: Task 1 in stage 1\.0 failed 2 times, most recent failure: Lost task 1\.1 in stage 1\.0 \(TID \d+\) \(host-\d executor \d\): TaskTimeoutException: Task 1\.1 in stage 1\.0 \(TID \d+\) held its thread longer than kindling\.task\.timeout \(0\.8 s\) without a free moment; its task thread was stopped$/,
    );
    expect(ticks).toBeGreaterThan(30);
    // Both attempts failed by the timeout, on threads of a live executor: no executor was lost.
    const timedOut = taskEnds(events).filter(
      (e) =>
        e['Task End Reason'].Reason === 'ExceptionFailure' &&
        e['Task End Reason']['Class Name'] === 'TaskTimeoutException',
    );
    expect(timedOut.map((e) => e['Task Info'].Attempt)).toEqual([0, 1]);
    expect(events.filter((e) => e.Event === 'SparkListenerExecutorRemoved')).toHaveLength(0);
    // The executors kept their cached blocks: every partition is read PROCESS_LOCAL where it was cached.
    const before = taskEnds(events).length;
    expect(await cached.map((x) => x + 1).collect()).toEqual([3, 5, 7, 9]);
    const after = taskEnds(events).slice(before);
    expect(after).toHaveLength(4);
    for (const e of after) {
      expect(e['Task Info'].Locality).toBe('PROCESS_LOCAL');
      expect(e['Task Info']['Executor ID']).toBe(holder.get(e['Task Info'].Index));
    }
  });

  test('a crashing worker is lost and replaced; its tasks run again elsewhere', async () => {
    const { sc, events } = start({ 'spark.executor.instances': '2', 'spark.executor.cores': '1' });
    await sc.ready;
    const result = await sc
      .parallelize([1, 2, 3, 4], 4)
      .map((x) => {
        // Only the first attempt crashes its worker (after returning), so the retry can succeed.
        if (x === 1 && TaskContext.get()?.attemptNumber() === 0)
          setTimeout(() => {
            throw new Error('the executor process died');
          }, 0);
        return x * 2;
      })
      .collect();
    expect(result).toEqual([2, 4, 6, 8]);
    // The crash is noticed after the task returned; a replacement worker then starts (slower on a busy machine).
    await until(() => events.filter((e) => e.Event === 'SparkListenerExecutorAdded').length === 3);
    const removed = events.find((e) => e.Event === 'SparkListenerExecutorRemoved');
    expect(removed?.['Removed Reason']).toContain('Executor process crashed');
    expect(events.filter((e) => e.Event === 'SparkListenerExecutorAdded')).toHaveLength(3);
  });

  test('a reducer that cannot fetch reports FetchFailed; only the lost map output is recomputed', async () => {
    const { sc, events } = start({ 'spark.executor.instances': '2', 'spark.executor.cores': '1' });
    await sc.ready;
    // Map task 1 runs on executor 1; it is killed once the first reduce task succeeds,
    // while reduce partition 0 (slowed) has not fetched yet.
    sc.faults.inject({ kind: 'slowPartition', stageId: 1, partition: 0, delayMs: 400 });
    sc.faults.inject({ kind: 'killExecutor', executorId: '1', stageId: 1, afterTasks: 1 });
    const counts = await sc
      .parallelize(['a', 'b', 'c', 'd', 'a', 'b'], 2)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 4)
      .collect();
    expect(counts.sort()).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 1],
      ['d', 1],
    ]);
    expect(reasonsOf(events)).toContain('FetchFailed');
    const submitted = events.filter((e) => e.Event === 'SparkListenerStageSubmitted').map((e) => e['Stage Info']);
    const mapAttempts = submitted.filter((s) => s['Stage ID'] === 0);
    expect(mapAttempts.map((s) => s['Stage Attempt ID'])).toEqual([0, 1]);
    expect(mapAttempts[1]['Number of Tasks']).toBe(1);
    const reduceAttempts = submitted.filter((s) => s['Stage ID'] === 1);
    expect(reduceAttempts.length).toBe(2);
    const failedStage = events.find(
      (e) =>
        e.Event === 'SparkListenerStageCompleted' &&
        e['Stage Info']['Stage ID'] === 1 &&
        e['Stage Info']['Failure Reason'],
    );
    expect(failedStage?.['Stage Info']['Failure Reason']).toMatch(/^FetchFailed\(/);
  });

  test('spark.stage.maxConsecutiveAttempts bounds stage retries, with Spark’s message', async () => {
    const { sc } = start({
      'spark.executor.instances': '2',
      'spark.executor.cores': '1',
      'spark.stage.maxConsecutiveAttempts': '1',
    });
    await sc.ready;
    sc.faults.inject({ kind: 'slowPartition', stageId: 1, partition: 0, delayMs: 400 });
    sc.faults.inject({ kind: 'killExecutor', executorId: '1', stageId: 1, afterTasks: 1 });
    const message = await sc
      .parallelize(['a', 'b', 'c', 'd', 'a', 'b'], 2)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 4)
      .collect()
      .then(
        () => 'no error',
        (e: Error) => e.message,
      );
    expect(message).toMatch(
      /^Job aborted due to stage failure: ResultStage 1 \(collect at executor-loss\.test\.ts:\d+\) has failed the maximum allowable number of times: 1\. Most recent failure reason:\nFetchFailed\(/,
    );
  });
});
