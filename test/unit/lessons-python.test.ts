/**
 * Every lesson that has a Python version (starter.py, solution.py: PySpark
 * programs that run unchanged under spark-submit) is graded by the lesson's
 * own checks, as `kindling grade` grades a .py file: the solution passes
 * every check; the starter (KINDLING_PY_STARTERS=1) runs, fails at least
 * one, and measures the answers the questions state, with PySpark's
 * layouts. One page for all.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import { startBatchPage, type BatchPage } from '../../engine/runner/batch';
import { gradeProgram } from '../../engine/runner/grade';
import { answerMismatches, failingChecks } from '../support/lesson-answers';

const root = resolve(import.meta.dirname, '../..');
const { lessons } = await loadLessons(resolve(root, 'lessons'));
const inPython = lessons.filter((lesson) => lesson.python);

// One runner page for every program, as `kindling batch` runs them: Python starts once, then each program's
// driver and executors start from the snapshot the first one made.
let batch: BatchPage;
beforeAll(async () => {
  batch = await startBatchPage();
}, 180_000);
afterAll(async () => {
  await batch?.close();
});

test('lessons come in Python too', () => {
  expect(inPython.map((lesson) => lesson.id)).toEqual([
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

describe.each(inPython.map((lesson) => [lesson.id, lesson] as const))('lesson %s in Python', (_id, lesson) => {
  const python = lesson.python!;
  test('its solution.py passes every check', { timeout: 120_000 }, async () => {
    expect(python.solution, 'solution.py').toBeDefined();
    const report = await gradeProgram(lesson, { source: python.solution ?? '', fileName: 'solution.py' }, { batch });
    expect(report.outcome).toEqual({ kind: 'succeeded' });
    expect(failingChecks(report.results)).toEqual([]);
  });

  // A Python program costs several seconds even warm (each run starts executors with Python on every task thread),
  // so the suite grades the solutions; KINDLING_PY_STARTERS=1 also runs the starters (when writing a lesson).
  test.runIf(process.env.KINDLING_PY_STARTERS === '1')(
    'its starter.py runs, fails at least one check, and measures the answers its questions state',
    { timeout: 120_000 },
    async () => {
      const report = await gradeProgram(lesson, { source: python.starter, fileName: 'starter.py' }, { batch });
      expect(report.outcome).toEqual({ kind: 'succeeded' });
      expect(failingChecks(report.results).length).toBeGreaterThan(0);
      expect(answerMismatches(lesson, report.run)).toEqual([]);
    },
  );
});
