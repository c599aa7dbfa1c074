/**
 * Every lesson, run for real (headless Chromium, Web Worker executors,
 * IndexedDB) and graded by its own checks as `kindling grade` grades it:
 * - its solution.js passes every check;
 * - its starter.js runs to its end, fails at least one check (or the challenge
 *   asks for nothing), and measures exactly the answers its questions state;
 * - its solution.js without the lesson's key part (test/support/lesson-key-parts.ts)
 *   still runs and fails the check about that part, so each check is about something;
 * - its solution.py (a PySpark program that runs unchanged under spark-submit)
 *   passes every check, with PySpark's layouts; KINDLING_PY_STARTERS=1 also
 *   runs starter.py as starter.js is run above.
 * All of them run one after another in one runner page, as `kindling batch`
 * runs programs (engine/runner/batch.ts): Chromium, the page and Python start
 * once, and each program still gets a driver, executors and IndexedDB of its
 * own. A fresh browser context per program (the path `kindling grade` takes
 * for submissions, which may be anyone's) is tested in lessons-cli.test.ts.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import { startBatchPage, type BatchPage } from '../../engine/runner/batch';
import { gradeProgram, type LessonProgram } from '../../engine/runner/grade';
import type { Lesson } from '../../engine/lessons/types';
import { answerMismatches, failingChecks } from '../support/lesson-answers';
import { KEY_PARTS, withoutKeyPart } from '../support/lesson-key-parts';

const root = resolve(import.meta.dirname, '../..');
const { lessons, broken } = await loadLessons(resolve(root, 'lessons'));

let batch: BatchPage;
beforeAll(async () => {
  // Building the runner page (when the engine changed) and starting Chromium, once for all programs. Graded
  // programs read the lesson data and write nothing.
  batch = await startBatchPage({ readOnly: true });
}, 180_000);
afterAll(async () => {
  await batch?.close();
});

const grade = (lesson: Lesson, program: LessonProgram, timeoutSeconds = 90) =>
  gradeProgram(lesson, program, { batch, timeoutSeconds });

test('the course has at least 12 lessons, none is broken, and each has its key part named', () => {
  expect(broken.map((error) => error.message)).toEqual([]);
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  expect(lessons.map((lesson) => lesson.id).sort()).toEqual(Object.keys(KEY_PARTS).sort());
});

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

const everyLesson = lessons.map((lesson) => [lesson.id, lesson] as const);

/** A starter runs to its end, fails at least one check, and measures exactly the answers the questions state. */
async function expectStarterGraded(lesson: Lesson, starter: LessonProgram): Promise<void> {
  const report = await grade(lesson, starter);
  expect(report.outcome).toEqual({ kind: 'succeeded' });
  expect(failingChecks(report.results).length).toBeGreaterThan(0);
  expect(answerMismatches(lesson, report.run)).toEqual([]);
}

describe.each(everyLesson)('lesson %s', (_id, lesson) => {
  test('its solution passes every check', { timeout: 120_000 }, async () => {
    // Kindling's own lessons all ship their solution (a teacher's course may keep it back).
    expect(lesson.solution, 'solution.js').toBeDefined();
    const report = await grade(lesson, { source: lesson.solution ?? '', fileName: 'solution.js' });
    expect(report.outcome.kind === 'runner-failed' ? report.outcome.message : 'ran').toBe('ran');
    expect(failingChecks(report.results)).toEqual([]);
  });

  test(
    'its starter runs, fails at least one check, and measures the answers its questions state',
    { timeout: 120_000 },
    async () => {
      await expectStarterGraded(lesson, { source: lesson.starter, fileName: 'starter.js' });
    },
  );
});

describe.each(everyLesson)('lesson %s without its key part', (id, lesson) => {
  const key = KEY_PARTS[id];
  test(`without ${key?.part}, the check "${key?.fails}" fails`, { timeout: 120_000 }, async () => {
    const source = withoutKeyPart(lesson.solution ?? '', key);
    const report = await grade(lesson, { source, fileName: 'solution.js' }, 60);
    const result = report.results.find((r) => r.id === key.fails);
    expect(result, `check ${key.fails}`).toBeDefined();
    expect(result!.passed, `${key.fails}: ${result!.detail}`).toBe(false);
    expect(report.outcome.kind).toBe(key.programFails ? 'program-failed' : 'succeeded');
  });
});

// After the JavaScript programs, whose lessons on timing (locality, speculation) then run without Python's start-up
// beside them, as they did in a file of their own.
describe.each(everyLesson.filter(([, lesson]) => lesson.python))('lesson %s in Python', (_id, lesson) => {
  const python = lesson.python!;
  test('its solution.py passes every check', { timeout: 120_000 }, async () => {
    expect(python.solution, 'solution.py').toBeDefined();
    const report = await grade(lesson, { source: python.solution ?? '', fileName: 'solution.py' });
    expect(report.outcome).toEqual({ kind: 'succeeded' });
    expect(failingChecks(report.results)).toEqual([]);
  });

  // A Python program costs several seconds even warm (each run starts executors with Python on every task thread),
  // so the suite grades the solutions; KINDLING_PY_STARTERS=1 also runs the starters (when writing a lesson).
  test.runIf(process.env.KINDLING_PY_STARTERS === '1')(
    'its starter.py runs, fails at least one check, and measures the answers its questions state',
    { timeout: 120_000 },
    async () => {
      await expectStarterGraded(lesson, { source: python.starter, fileName: 'starter.py' });
    },
  );
});
