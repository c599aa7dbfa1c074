/**
 * Chaos: a two-shuffle job, run many times with executors killed (and tasks failed) at
 * seeded random points. Every run must give exactly the right answer or abort with Spark's
 * message after the configured limits — never a wrong answer, never a hang.
 */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { withEnv } from '../../engine/closure/closure';
import { XORShiftRandom } from '../../engine/util/random/xorshift-random';
import type { FaultSpec } from '../../engine/scheduler/faults';

const RUNS = 24;
const RUN_LIMIT_MS = 25_000;
const WORDS = Array.from({ length: 600 }, (_, i) => `w${(i * 37) % 53}`);

/** The answer computed locally: for each count, the words with that count, sorted. */
function expected(): [number, string[]][] {
  const counts = new Map<string, number>();
  for (const w of WORDS) counts.set(w, (counts.get(w) ?? 0) + 1);
  const byCount = new Map<number, string[]>();
  for (const [w, n] of counts) byCount.set(n, [...(byCount.get(n) ?? []), w]);
  return [...byCount.entries()].map(([n, ws]) => [n, ws.sort()] as [number, string[]]).sort((a, b) => a[0] - b[0]);
}

function faultsFor(seed: number): FaultSpec[] {
  const rnd = new XORShiftRandom(seed);
  const pick = (n: number) => rnd.nextInt(n);
  const faults: FaultSpec[] = [];
  const kills = 1 + pick(3);
  for (let i = 0; i < kills; i++)
    faults.push({ kind: 'killExecutor', executorId: String(pick(4)), stageId: pick(3), afterTasks: 1 + pick(5) });
  if (rnd.nextDouble() < 0.5) faults.push({ kind: 'failTask', stageId: pick(3), partition: pick(4), attempt: pick(2) });
  if (rnd.nextDouble() < 0.5)
    faults.push({ kind: 'slowPartition', stageId: pick(3), partition: pick(4), delayMs: 50 + pick(150) });
  return faults;
}

async function oneRun(seed: number) {
  const events: { Event: string; [k: string]: unknown }[] = [];
  const sc = new SparkContext({
    executors: 'workers',
    onEvent: (e) => events.push(e as { Event: string }),
    conf: { 'spark.executor.instances': '3', 'spark.executor.cores': '2', 'spark.stage.maxConsecutiveAttempts': '4' },
  });
  try {
    await sc.ready;
    for (const f of faultsFor(seed)) sc.faults.inject(f);
    const job = sc
      .parallelize(WORDS, 6)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b, 4)
      .map(([w, n]) => [n, w] as [number, string])
      .groupByKey(3)
      .mapValues(withEnv((ws: string[]) => [...ws].sort(), {}))
      .collect();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`run ${seed} did not finish within ${RUN_LIMIT_MS} ms`)), RUN_LIMIT_MS),
    );
    const outcome = await Promise.race([
      job.then(
        (rows) => ({ rows: rows.sort((a, b) => a[0] - b[0]), error: null as string | null }),
        (e: Error) => ({ rows: null, error: e.message }),
      ),
      timeout,
    ]);
    const lost = events.filter((e) => e.Event === 'SparkListenerExecutorRemoved').length;
    const retriedStages = events.filter(
      (e) =>
        e.Event === 'SparkListenerStageSubmitted' &&
        (e['Stage Info'] as { 'Stage Attempt ID': number })['Stage Attempt ID'] > 0,
    ).length;
    return { ...outcome, lost, retriedStages };
  } finally {
    await sc.stop();
  }
}

test(
  `chaos: ${RUNS} seeded runs with executors killed at random points: right answer or Spark's abort, never a hang`,
  async () => {
    const want = expected();
    const summary: string[] = [];
    let lostExecutors = 0;
    let retriedStages = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const { rows, error, lost, retriedStages: retried } = await oneRun(seed);
      lostExecutors += lost;
      retriedStages += retried;
      if (error !== null) {
        expect(error).toMatch(
          /^Job aborted due to stage failure: (Task \d+ in stage \d+\.\d+ failed 4 times, most recent failure: |(ShuffleMap|Result)Stage \d+ \(.*\) has failed the maximum allowable number of times: 4\.)/,
        );
        summary.push(`${seed}: aborted`);
      } else {
        expect(rows).toEqual(want);
        summary.push(`${seed}: ok`);
      }
    }
    // The chaos was real: executors died and stages were resubmitted…
    expect(lostExecutors).toBeGreaterThanOrEqual(RUNS);
    expect(retriedStages).toBeGreaterThan(0);
    // …and most runs recovered: lineage recomputes what was lost.
    expect(summary.filter((s) => s.endsWith('ok')).length).toBeGreaterThan(RUNS / 2);
    console.log(
      `chaos: ${summary.join(', ')}; ${lostExecutors} executors lost, ${retriedStages} stage attempts retried`,
    );
  },
  RUNS * RUN_LIMIT_MS,
);
