/**
 * Every lesson's solution.py (a PySpark program that runs unchanged under
 * spark-submit), run for real and graded by the lesson's own checks, with
 * PySpark's layouts, as `kindling grade` grades it; KINDLING_PY_STARTERS=1 also
 * runs each starter.py as lessons-grade.test.ts runs starter.js. A file of its
 * own so that a second Vitest worker grades the Python programs while the first
 * grades the JavaScript ones: a Python program spends most of its time starting
 * interpreters (the driver's and one per executor task thread), some 8 CPU
 * seconds in 10 s on a quiet 2-core machine, so a core is left over. All of
 * this file's programs run one after another in one runner page
 * (test/support/lesson-grading.ts).
 */
import { describe, expect, test } from 'vitest';
import { failingChecks } from '../support/lesson-answers';
import { expectStarterGraded, gradingPage, lessons, retriesFor } from '../support/lesson-grading';

const grade = gradingPage();

test('lessons come in Python too', () => {
  expect(lessons.filter((lesson) => lesson.python).map((lesson) => lesson.id)).toEqual([
    '01-driver-executors-tasks',
    '02-narrow-wide-stages',
    '03-tasks-and-partitions',
    '04-more-partitions-than-cores',
    '05-shuffle-map-and-reduce',
    '06-reducebykey-vs-groupbykey',
    '07-partitioners',
    '08-joins',
    '09-caching-skipped-stages',
    '10-locality-delay-scheduling',
    '11-failures-retries-lineage',
    '12-stragglers-speculation',
    '13-skew-repartition-coalesce',
    '14-closures-shared-variables',
    '15-sql-dataframes-and-jobs',
    '16-sql-exchange-shuffle-partitions',
    '17-sql-broadcast-join',
    '18-sql-adaptive-execution',
    '19-sql-predict-the-stages',
  ]);
});

describe.each(lessons.filter((lesson) => lesson.python).map((lesson) => [lesson.id, lesson] as const))(
  'lesson %s in Python',
  (_id, lesson) => {
    const python = lesson.python!;
    test('its solution.py passes every check', { timeout: 120_000, retry: retriesFor(lesson.id) }, async () => {
      expect(python.solution, 'solution.py').toBeDefined();
      const report = await grade(lesson, { source: python.solution ?? '', fileName: 'solution.py' });
      expect(report.outcome).toEqual({ kind: 'succeeded' });
      expect(failingChecks(report.results)).toEqual([]);
    });

    // A Python program costs several seconds even warm (each run starts executors with Python on every task
    // thread), so the suite grades the solutions; KINDLING_PY_STARTERS=1 also runs the starters (when writing a
    // lesson).
    test.runIf(process.env.KINDLING_PY_STARTERS === '1')(
      'its starter.py runs, fails at least one check, and measures the answers its questions state',
      { timeout: 120_000 },
      async () => {
        expectStarterGraded(await grade(lesson, { source: python.starter, fileName: 'starter.py' }));
      },
    );
  },
);
