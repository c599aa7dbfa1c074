/**
 * Every lesson, run for real (headless Chromium, Web Worker executors,
 * IndexedDB) through the same path as `kindling grade`: its solution passes
 * every check; its starter runs to its end, fails at least one check (or the
 * challenge asks for nothing), and measures exactly the answers its
 * questions state. One browser serves all programs, one after another.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import { measureRun } from '../../engine/lessons/measure';
import { measureQuestion } from '../../engine/lessons/predictions';
import type { CheckResult } from '../../engine/lessons/types';
import { ensureBuilt } from '../../engine/runner/build';
import { launchBrowser } from '../../engine/runner/cli';
import { gradeProgram } from '../../engine/runner/grade';

const root = resolve(import.meta.dirname, '../..');
const { lessons, broken } = await loadLessons(resolve(root, 'lessons'));

let browser: Browser;
beforeAll(async () => {
  // Building the runner page (when the engine changed) and starting Chromium, once for all lessons.
  await ensureBuilt(root);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

const failing = (results: CheckResult[]) =>
  results.filter((result) => !result.passed).map((result) => `${result.id}: ${result.detail}`);

test('the course has at least 12 lessons and none is broken', () => {
  expect(broken.map((error) => error.message)).toEqual([]);
  expect(lessons.length).toBeGreaterThanOrEqual(12);
});

describe.each(lessons.map((lesson) => [lesson.id, lesson] as const))('lesson %s', (_id, lesson) => {
  test('its solution passes every check', { timeout: 90_000 }, async () => {
    // Kindling's own lessons all ship their solution (a teacher's course may keep it back).
    expect(lesson.solution, 'solution.js').toBeDefined();
    const report = await gradeProgram(lesson, { source: lesson.solution ?? '', fileName: 'solution.js' }, { browser });
    expect(report.outcome.kind === 'runner-failed' ? report.outcome.message : 'ran').toBe('ran');
    expect(failing(report.results)).toEqual([]);
  });

  test(
    'its starter runs, fails at least one check, and measures the answers its questions state',
    { timeout: 90_000 },
    async () => {
      const report = await gradeProgram(lesson, { source: lesson.starter, fileName: 'starter.js' }, { browser });
      expect(report.outcome).toEqual({ kind: 'succeeded' });
      expect(failing(report.results).length).toBeGreaterThan(0);
      const measures = measureRun(report.run);
      const mismatches = lesson.questions.flatMap((question) => {
        const measured = measureQuestion(question, measures);
        return measured === undefined || JSON.stringify(measured) === JSON.stringify(question.answer)
          ? []
          : [
              `${question.id}: the lesson says ${JSON.stringify(question.answer)}, the run shows ${JSON.stringify(measured)}`,
            ];
      });
      expect(mismatches).toEqual([]);
    },
  );
});
