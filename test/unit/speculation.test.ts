/** Speculative execution with Spark 4's defaults: a straggler's copy wins; the loser is killed. */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import type { EventJson } from '../support/event-json';

async function run(conf: Record<string, string>) {
  const events: EventJson[] = [];
  const sc = new SparkContext({ executors: 'in-process', conf, onEvent: (e) => events.push(e as EventJson) });
  await sc.ready;
  // Attempt 0 of partition 0 is a straggler (a slow machine): 4 s.
  sc.faults.inject({ kind: 'slowPartition', partition: 0, attempt: 0, delayMs: 4000 });
  const started = Date.now();
  const result = await sc
    .parallelize([1, 2, 3, 4, 5, 6, 7, 8], 8)
    .map((x) => x * 3)
    .collect();
  const elapsed = Date.now() - started;
  await sc.stop();
  return { result, elapsed, ends: events.filter((e) => e.Event === 'SparkListenerTaskEnd') };
}

test('with spark.speculation, a straggler gets a copy on another host and the job finishes long before the straggler would', async () => {
  const { result, elapsed, ends } = await run({ 'spark.speculation': 'true' });
  expect(result).toEqual([3, 6, 9, 12, 15, 18, 21, 24]);
  expect(elapsed).toBeLessThan(2500);
  const p0 = ends.filter((e) => e['Task Info'].Index === 0);
  const copy = p0.find((e) => e['Task Info'].Speculative);
  const original = p0.find((e) => !e['Task Info'].Speculative);
  expect(copy?.['Task End Reason'].Reason).toBe('Success');
  expect(copy?.['Task Info'].Attempt).toBe(1);
  expect(original?.['Task End Reason']).toEqual({
    Reason: 'TaskKilled',
    'Kill Reason': 'another attempt succeeded',
    'Accumulator Updates': [],
  });
  expect(copy?.['Task Info'].Host).not.toBe(original?.['Task Info'].Host);
});

test('without speculation (the default) the job waits for the straggler', async () => {
  const { elapsed, ends } = await run({});
  expect(elapsed).toBeGreaterThanOrEqual(3900);
  expect(ends.some((e) => e['Task Info'].Speculative)).toBe(false);
});

test("a slow partition's delay is time on the task's own thread: a thread that begins the task late still reports all of it as Executor Run Time", async () => {
  const events: EventJson[] = [];
  let stalled = false;
  const sc = new SparkContext({
    executors: 'in-process',
    onEvent: (e) => {
      events.push(e as EventJson);
      const ev = e as EventJson;
      // The thread is busy for 1 s just after partition 3's launch, as a loaded machine's would be.
      if (ev.Event === 'SparkListenerTaskStart' && ev['Task Info'].Index === 3 && !stalled) {
        stalled = true;
        const until = Date.now() + 1000;
        while (Date.now() < until);
      }
    },
  });
  await sc.ready;
  // Lesson 04 pretends every partition holds more data: each task's Executor Run Time grows by the delay.
  sc.faults.inject({ kind: 'slowPartition', partition: 3, delayMs: 1500 });
  expect(await sc.parallelize([1, 2, 3, 4, 5, 6], 6).count()).toBe(6);
  await sc.stop();
  const end = events.find((e) => e.Event === 'SparkListenerTaskEnd' && e['Task Info'].Index === 3)!;
  expect(stalled).toBe(true);
  expect(end['Task Metrics']['Executor Run Time']).toBeGreaterThanOrEqual(1500);
});
