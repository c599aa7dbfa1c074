/**
 * Each built-in lesson's key part: what its checks are about. Take it out of
 * the solution the way a learner could (drop the line that injects the fault,
 * the partition count, the cache, the broadcast…) and the named check must
 * fail while the program itself still runs, so the failure is the lesson's
 * point, not a broken program. test/unit/lessons-grade.test.ts runs each case.
 */

export interface KeyPart {
  /** What is taken out, in words. */
  part: string;
  /** Replaced in solution.js (each must occur). */
  replace: [string | RegExp, string][];
  /** The check about that part: it must fail. */
  fails: string;
  /** The change makes the program throw (the lesson is about that error). */
  programFails?: boolean;
}

export const KEY_PARTS: Record<string, KeyPart> = {
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

/**
 * The lesson's solution.js with its key part taken out; throws when a replaced text is not in it (the solution
 * changed and this table did not).
 *
 * @example
 * const source = withoutKeyPart(lesson.solution, KEY_PARTS['09-caching-skipped-stages']);
 */
export function withoutKeyPart(solution: string, key: KeyPart): string {
  let source = solution;
  for (const [from, to] of key.replace) {
    const changed = source.replace(from, to);
    if (changed === source) throw new Error(`${String(from)} is not in solution.js (taking out ${key.part})`);
    source = changed;
  }
  return source;
}
