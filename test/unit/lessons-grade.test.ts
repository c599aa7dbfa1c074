/**
 * Every lesson, run for real (headless Chromium, Web Worker executors,
 * IndexedDB) and graded by its own checks as `kindling grade` grades it:
 * - its solution.js passes every check;
 * - its starter.js runs to its end, fails at least one check (or the challenge
 *   asks for nothing), and measures exactly the answers its questions state;
 * - its solution.js without the lesson's key part (test/support/lesson-key-parts.ts)
 *   still runs and fails the check about that part, so each check is about something.
 * Their Python programs are graded in lessons-grade-python.test.ts, which runs
 * beside this file. All of this file's programs run one after another in one
 * runner page (test/support/lesson-grading.ts). A fresh browser context per
 * program (the path `kindling grade` takes for submissions, which may be
 * anyone's) is tested in lessons-cli.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { failingChecks } from '../support/lesson-answers';
import { KEY_PARTS, withoutKeyPart } from '../support/lesson-key-parts';
import { broken, expectStarterGraded, gradingPage, lessons, retriesFor } from '../support/lesson-grading';

const grade = gradingPage();

test('the course has at least 12 lessons, none is broken, and each has its key part named', () => {
  expect(broken.map((error) => error.message)).toEqual([]);
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  expect(lessons.map((lesson) => lesson.id).sort()).toEqual(Object.keys(KEY_PARTS).sort());
});

const everyLesson = lessons.map((lesson) => [lesson.id, lesson] as const);

describe.each(everyLesson)('lesson %s', (_id, lesson) => {
  test('its solution passes every check', { timeout: 120_000, retry: retriesFor(lesson.id) }, async () => {
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
      expectStarterGraded(await grade(lesson, { source: lesson.starter, fileName: 'starter.js' }));
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
