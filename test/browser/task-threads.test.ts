/**
 * Each executor core is a task thread of its own (a Web Worker per slot), as
 * Spark's executor thread pool: tasks of one executor compute at the same
 * time, and a task that never yields can still be stopped — its thread goes,
 * the executor stays.
 */
import { afterEach, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { TaskContext } from '../../engine/executor/task-context';
import type { EventJson } from '../support/event-json';

let sc: SparkContext | null = null;
afterEach(async () => {
  await sc?.stop();
  sc = null;
});

function start(conf: Record<string, string>) {
  const events: EventJson[] = [];
  sc = new SparkContext({ executors: 'workers', conf, onEvent: (e) => events.push(e as EventJson) });
  return { sc, events };
}

const taskEnds = (events: EventJson[]) => events.filter((e) => e.Event === 'SparkListenerTaskEnd');

test('the cores of one executor run CPU-bound tasks at the same time', async () => {
  const { sc, events } = start({ 'spark.executor.instances': '1', 'spark.executor.cores': '4' });
  await sc.ready;
  // The threads past the first start once the executor is up; a first job of four tasks uses all
  // four, so the job measured below starts with every thread loaded (cold start is not its point).
  await sc.parallelize([1, 2, 3, 4], 4).count();
  events.length = 0;
  // Each task notes on its own thread when it began and ended its work (a busy loop that never
  // yields), by the wall clock every thread shares.
  const spin = (x: number) => {
    const began = Date.now();
    const until = began + 1200;
    while (Date.now() < until);
    return [x, began, Date.now()];
  };
  const spans = (await sc.parallelize([1, 2, 3, 4], 4).map(spin).collect()) as [number, number, number][];
  expect(spans.map(([x]) => x)).toEqual([1, 2, 3, 4]);
  // All four were inside their busy loops at one moment: the last to begin began before the first to
  // end ended. Cores that took turns could not do that however fast or slow the machine is (each
  // task would begin at or after the end of the one before); four threads do it at any load where
  // no thread waits longer than a whole busy loop for a core.
  const lastBegan = Math.max(...spans.map(([, began]) => began));
  const firstEnded = Math.min(...spans.map(([, , ended]) => ended));
  expect(lastBegan).toBeLessThan(firstEnded);
  // The driver saw them overlap too: each was launched before any had finished.
  const ends = taskEnds(events);
  expect(ends).toHaveLength(4);
  const firstFinish = Math.min(...ends.map((e) => e['Task Info']['Finish Time']));
  for (const e of ends) expect(e['Task Info']['Launch Time']).toBeLessThan(firstFinish);
  // Each task's run time was measured on its own thread: about its own busy loop, not counting the
  // time before a thread took it up (with cores taking turns, that would make it 2–4 × its own).
  for (const e of ends) {
    const [, began, ended] = spans[e['Task Info'].Index];
    expect(e['Task Metrics']['Executor Run Time']).toBeLessThan(1.8 * (ended - began));
  }
});

test('a CPU-bound straggler is speculated onto another executor; the job ends long before the straggler would', async () => {
  const { sc, events } = start({
    'spark.executor.instances': '2',
    'spark.executor.cores': '2',
    'spark.speculation': 'true',
  });
  await sc.ready;
  const started = performance.now();
  const sum = await sc
    .parallelize([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 10)
    .map((x) => {
      // Partition 3's first attempt is a machine gone slow: a busy loop of 20 s that never yields.
      if (x === 3 && TaskContext.get()?.attemptNumber() === 0) {
        const until = Date.now() + 20_000;
        while (Date.now() < until);
      }
      return x * x;
    })
    .sum();
  const elapsed = performance.now() - started;
  expect(sum).toBe(285);
  expect(elapsed).toBeLessThan(8_000);
  // The original is killed when the copy wins: its thread is stopped, so its end arrives at once.
  const deadline = Date.now() + 5_000;
  while (taskEnds(events).length < 11 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const ofThree = taskEnds(events).filter((e) => e['Task Info'].Index === 3);
  expect(ofThree).toHaveLength(2);
  const original = ofThree.find((e) => e['Task Info'].Attempt === 0)!;
  const copy = ofThree.find((e) => e['Task Info'].Attempt === 1)!;
  expect(copy['Task Info'].Speculative).toBe(true);
  expect(copy['Task End Reason'].Reason).toBe('Success');
  expect(copy['Task Info']['Executor ID']).not.toBe(original['Task Info']['Executor ID']);
  expect(original['Task End Reason']).toMatchObject({
    Reason: 'TaskKilled',
    'Kill Reason': 'another attempt succeeded',
  });
  expect(events.filter((e) => e.Event === 'SparkListenerExecutorRemoved')).toHaveLength(0);
});

test('cancelAllJobs stops a running task that never yields, with Spark’s reason; the executor runs the next job', async () => {
  const { sc, events } = start({ 'spark.executor.instances': '1', 'spark.executor.cores': '2' });
  await sc.ready;
  const job = sc
    .parallelize([1, 2], 2)
    .map((x) => {
      for (;;);
      return x;
    })
    .count()
    .then(
      () => 'finished',
      (e: Error) => e.message,
    );
  while (events.filter((e) => e.Event === 'SparkListenerTaskStart').length < 2)
    await new Promise((r) => setTimeout(r, 20));
  sc.cancelAllJobs();
  expect(await job).toBe('Job 0 cancelled as part of cancellation of all jobs');
  const deadline = Date.now() + 5_000;
  while (taskEnds(events).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const e of taskEnds(events))
    expect(e['Task End Reason']).toMatchObject({
      Reason: 'TaskKilled',
      'Kill Reason': 'Stage cancelled: Job 0 cancelled as part of cancellation of all jobs',
    });
  expect(await sc.parallelize([1, 2, 3], 2).count()).toBe(3);
  expect(events.filter((e) => e.Event === 'SparkListenerExecutorRemoved')).toHaveLength(0);
});

test('a task that runs past kindling.task.timeout but yields is no runaway: it succeeds at its first attempt', async () => {
  const { sc, events } = start({
    'spark.executor.instances': '1',
    'spark.executor.cores': '1',
    'kindling.task.timeout': '800ms',
  });
  await sc.ready;
  // A straggler's delay waits on timers (the thread is free between them) for 2.5 timeouts.
  sc.faults.inject({ kind: 'slowPartition', stageId: 0, partition: 0, delayMs: 2000 });
  expect(await sc.parallelize([1, 2], 1).count()).toBe(2);
  const ends = taskEnds(events);
  expect(ends.map((e) => e['Task End Reason'].Reason)).toEqual(['Success']);
  expect(ends[0]['Task Info']['Finish Time'] - ends[0]['Task Info']['Launch Time']).toBeGreaterThanOrEqual(2000);
});
