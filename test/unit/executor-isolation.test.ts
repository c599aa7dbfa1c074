/** What each task gets of its own: closure state, and a stage binary even while another task fetches broadcasts. */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { withEnv } from '../../engine/closure/closure';
import type { EventJson } from '../support/event-json';

async function run<T>(body: (sc: SparkContext) => Promise<T>, conf: Record<string, string>) {
  const events: EventJson[] = [];
  const sc = new SparkContext({ executors: 'in-process', conf, onEvent: (e) => events.push(e as EventJson) });
  await sc.ready;
  const result = await body(sc);
  await sc.stop();
  return {
    result,
    failures: events.filter((e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason !== 'Success'),
  };
}

test('a captured variable mutated by a task does not carry over to the next task on the same executor', async () => {
  const total = 0;
  const runningTotal = withEnv(
    (x: number) => {
      // @ts-expect-error: assigns the task's own copy of the captured `total`
      total += x;
      return total;
    },
    { total },
  );
  const { result } = await run((sc) => sc.parallelize([1, 2, 3, 4], 2).map(runningTotal).collect(), {
    'spark.executor.instances': '1',
    'spark.executor.cores': '1',
  });
  // Each task starts from the captured value, 0, as in Spark: [1, 3] and [3, 7], not [1, 3] and [6, 10].
  expect(result).toEqual([1, 3, 3, 7]);
});

test('two tasks of a stage that reads a broadcast start together on one executor without failing', async () => {
  const { result, failures } = await run(
    async (sc) => {
      const prices = sc.broadcast({ apple: 3, pear: 5 });
      const price = withEnv((item: string) => prices.value[item as 'apple' | 'pear'], { prices });
      return sc.parallelize(['apple', 'pear', 'apple', 'pear'], 4).map(price).collect();
    },
    { 'spark.executor.instances': '1', 'spark.executor.cores': '4' },
  );
  expect(result).toEqual([3, 5, 3, 5]);
  expect(failures).toHaveLength(0);
});
