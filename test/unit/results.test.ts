/** Large task results: indirect through the block store past maxDirectResultSize; an abort past maxResultSize. */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import type { EventJson } from '../support/event-json';

async function run(conf: Record<string, string>) {
  const events: EventJson[] = [];
  const sc = new SparkContext({ executors: 'in-process', conf, onEvent: (e) => events.push(e as EventJson) });
  await sc.ready;
  const outcome = await sc
    .range(0, 40_000, 1, 4)
    .collect()
    .then(
      (rows) => ({ rows, error: null }),
      (e: Error) => ({ rows: null, error: e.message }),
    );
  await sc.stop();
  return { ...outcome, events };
}

test('results above spark.task.maxDirectResultSize are fetched from the block store, with TaskGettingResult', async () => {
  const { rows, events } = await run({ 'spark.task.maxDirectResultSize': '4k' });
  expect(rows).toHaveLength(40_000);
  expect(rows?.[39_999]).toBe(39_999);
  const getting = events.filter((e) => e.Event === 'SparkListenerTaskGettingResult');
  expect(getting).toHaveLength(4);
  for (const e of events.filter((x) => x.Event === 'SparkListenerTaskEnd')) {
    expect(e['Task Info']['Getting Result Time']).toBeGreaterThan(0);
    expect(e['Task Metrics']['Result Size']).toBeGreaterThan(4096);
  }
});

test('small results come back directly', async () => {
  const { events } = await run({});
  expect(events.filter((e) => e.Event === 'SparkListenerTaskGettingResult')).toHaveLength(0);
});

test('results beyond spark.driver.maxResultSize abort the job with Spark’s message', async () => {
  // Each partition's 10,000 numbers encode to about 48 KiB: the second result passes 80 KiB.
  const { error, events } = await run({
    'spark.driver.maxResultSize': '80k',
    'spark.executor.instances': '1',
    'spark.executor.cores': '1',
  });
  expect(error).toMatch(
    /^Job aborted due to stage failure: Total size of serialized results of 2 tasks \(\d+\.\d KiB\) is bigger than spark\.driver\.maxResultSize \(80\.0 KiB\)/,
  );
  expect(events.find((e) => e.Event === 'SparkListenerJobEnd')?.['Job Result'].Result).toBe('JobFailed');
});
