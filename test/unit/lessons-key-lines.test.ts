/**
 * Every lesson's checks are about something: take that part out of the
 * solution and the check about it must fail. Each case below changes the
 * solution the way a learner could (drops the line that injects the fault,
 * the partition count, the cache, the broadcast…), runs it in the headless
 * runner with the lesson's settings, and expects that check to fail while
 * the program itself still runs — so the failure is the lesson's point, not
 * a broken program. One Chromium for all of them.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import type { Lesson } from '../../engine/lessons/types';
import { launchBrowser } from '../../engine/runner/cli';
import { gradeProgram } from '../../engine/runner/grade';

const root = resolve(import.meta.dirname, '../../lessons');

interface KeyPart {
  /** What is taken out, in words. */
  part: string;
  /** Replaced in solution.js (each must occur). */
  replace: [string | RegExp, string][];
  /** The check about that part: it must fail. */
  fails: string;
  /** The change makes the program throw (the lesson is about that error). */
  programFails?: boolean;
}

const KEY_PARTS: Record<string, KeyPart> = {
  '01-driver-executors-tasks': {
    part: 'the number of partitions',
    replace: [[/\n {2}5,\n/, '\n']],
    fails: 'five-tasks-count',
  },
  '02-narrow-wide-stages': {
    part: 'the second reduceByKey (per letter)',
    replace: [
      ['.map(([word, n]) => [word[0], n]).reduceByKey((a, b) => a + b);', '.map(([word, n]) => [word[0], n]);'],
    ],
    fails: 'three-stages',
  },
  '03-tasks-and-partitions': {
    part: "reduceByKey's number of partitions",
    replace: [['reduceByKey((a, b) => a + b, 3)', 'reduceByKey((a, b) => a + b)']],
    fails: 'reduce-three',
  },
  '04-more-partitions-than-cores': {
    part: 'the slowPartition lines',
    replace: [[/for \(let partition = 0;[\s\S]*?\n\}\n/, '']],
    fails: 'slow-tasks',
  },
  '05-shuffle-map-and-reduce': {
    part: 'the filter before the shuffle',
    replace: [
      [
        'const wanted = wantedSales.reduceByKey((a, b) => a + b, 3);',
        'const all = sales.reduceByKey((a, b) => a + b, 3);',
      ],
      [
        '(await wanted.collect())',
        "(await all.filter(([store]) => store === 'store-3' || store === 'store-7').collect())",
      ],
    ],
    fails: 'few-records',
  },
  '06-reducebykey-vs-groupbykey': {
    part: 'combining on the map side',
    replace: [
      [
        'sales.mapValues((sale) => sale.amount).reduceByKey((a, b) => a + b)',
        'sales.groupByKey().mapValues((list) => list.reduce((n, sale) => n + sale.amount, 0))',
      ],
    ],
    fails: 'combined',
  },
  '07-partitioners': {
    part: 'mapValues (which keeps the partitioner)',
    replace: [['byPage.mapValues((n) => n * 2)', 'byPage.map(([page, n]) => [page, n * 2])']],
    fails: 'two-stages',
  },
  '08-joins': {
    part: 'the broadcast',
    replace: [
      [/const tierOf = .*\n/, ''],
      [
        'orders.map(([id, amount]) => [tierOf.value.get(id), amount])',
        'orders.join(customers).map(([, [amount, tier]]) => [tier, amount])',
      ],
    ],
    fails: 'two-stages',
  },
  '09-caching-skipped-stages': {
    part: 'the cache',
    replace: [[/\n\s*\.cache\(\);/, ';']],
    fails: 'process-local',
  },
  '10-locality-delay-scheduling': {
    part: 'the slow task of the second job',
    replace: [[/sc\.faults\.inject\(\{ kind: 'slowPartition'.*\n/, '']],
    fails: 'gave-up',
  },
  '11-failures-retries-lineage': {
    part: 'the executor kill',
    replace: [[/sc\.faults\.inject\(\{ kind: 'killExecutor'.*\n/, '']],
    fails: 'executor-lost',
  },
  '12-stragglers-speculation': {
    // Slowing only the first attempt, as the starter does: the copy, not slowed, wins and the original is killed,
    // so no speculative copy is killed. The facts decide, not a race: attempt 0 is slowed by a minute, far past any
    // delay a loaded machine adds to launching and running the copy, and the kill ends it at once. (Taking the
    // straggler out altogether is not a reliable failure of "copy-launched" on a loaded machine, where some other
    // task may run slow enough.)
    part: 'the slowness of every attempt',
    replace: [
      [
        "{ kind: 'slowPartition', partition: 3, delayMs: 1500 }",
        "{ kind: 'slowPartition', partition: 3, attempt: 0, delayMs: 60000 }",
      ],
    ],
    fails: 'copy-killed',
  },
  '13-skew-repartition-coalesce': {
    part: 'the shuffle of repartition',
    replace: [['errors.repartition(2)', 'errors.coalesce(2)']],
    fails: 'balanced',
  },
  '14-closures-shared-variables': {
    part: 'reading sc on the driver',
    replace: [['`${fruit} x${parallelism}`', '`${fruit} x${sc.defaultParallelism}`']],
    fails: 'map-works',
    programFails: true,
  },
  '15-sql-dataframes-and-jobs': {
    part: 'the count in the same aggregation',
    replace: [[", F.count('*').alias('count')", '']],
    fails: 'one-table',
  },
  '16-sql-exchange-shuffle-partitions': {
    part: 'the shuffle partitions setting',
    replace: [["spark.conf.set('spark.sql.shuffle.partitions', 8);\n", '']],
    fails: 'eight-tasks',
  },
  '17-sql-broadcast-join': {
    part: 'the broadcast of the products',
    replace: [['F.broadcast(products)', 'products']],
    fails: 'orders-not-shuffled',
  },
  '18-sql-adaptive-execution': {
    part: 'turning off the broadcast at run time',
    replace: [["spark.conf.set('spark.sql.adaptive.autoBroadcastJoinThreshold', '-1');\n", '']],
    fails: 'skew-split',
  },
  '19-sql-predict-the-stages': {
    part: 'the smaller file pieces',
    replace: [["'64k'", "'128k'"]],
    fails: 'six-tasks',
  },
  '20-sql-caching': {
    part: 'the cache',
    replace: [['units.cache();\n', '']],
    fails: 'reads-cache',
  },
};

let lessons: Lesson[] = [];
let browser: Browser;

beforeAll(async () => {
  ({ lessons } = await loadLessons(root));
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

test('every built-in lesson has its key part named here', () => {
  expect(lessons.map((l) => l.id).sort()).toEqual(Object.keys(KEY_PARTS).sort());
});

for (const [id, key] of Object.entries(KEY_PARTS)) {
  test(`${id}: without ${key.part}, the check "${key.fails}" fails`, { timeout: 120_000 }, async () => {
    const lesson = lessons.find((l) => l.id === id);
    expect(lesson, `lesson ${id}`).toBeDefined();
    // Built-in lessons all keep their solution.js (only a course's may leave it out).
    if (lesson!.solution === undefined) throw new Error(`${id} has no solution.js`);
    let source = lesson!.solution;
    for (const [from, to] of key.replace) {
      const changed = source.replace(from, to);
      expect(changed, `${String(from)} is in ${id}/solution.js`).not.toBe(source);
      source = changed;
    }
    const report = await gradeProgram(lesson!, { source, fileName: 'solution.js' }, { browser, timeoutSeconds: 60 });
    const result = report.results.find((r) => r.id === key.fails);
    expect(result, `check ${key.fails}`).toBeDefined();
    expect(result!.passed, `${key.fails}: ${result!.detail}`).toBe(false);
    expect(report.outcome.kind).toBe(key.programFails ? 'program-failed' : 'succeeded');
  });
}
