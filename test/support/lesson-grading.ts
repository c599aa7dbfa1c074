/**
 * What test/unit/lessons-grade.test.ts (the JavaScript programs) and lessons-grade-python.test.ts (the Python ones)
 * share: the course's lessons, one runner page per file, and grading a program in it as `kindling grade` grades it.
 * The two files run side by side on two Vitest workers, each page with its own Chromium.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import { startBatchPage, type BatchPage } from '../../engine/runner/batch';
import { gradeProgram, type GradeReport, type LessonProgram } from '../../engine/runner/grade';
import type { Lesson } from '../../engine/lessons/types';
import { answerMismatches, failingChecks } from './lesson-answers';

const root = resolve(import.meta.dirname, '../..');

/** Every lesson of the course, and the problems of those that could not be read. */
export const { lessons, broken } = await loadLessons(resolve(root, 'lessons'));

/**
 * Starts the file's runner page before its tests and closes it after them; returns how to grade a program in it.
 * All the file's programs run one after another in that page, as `kindling batch` runs programs
 * (engine/runner/batch.ts): Chromium, the page and Python start once, and each program still gets a driver,
 * executors and IndexedDB of its own.
 */
export function gradingPage(): (
  lesson: Lesson,
  program: LessonProgram,
  timeoutSeconds?: number,
) => Promise<GradeReport> {
  let batch: BatchPage;
  beforeAll(async () => {
    // Building the runner page (when the engine changed) and starting Chromium, once for the file's programs.
    // Graded programs read the lesson data and write nothing.
    batch = await startBatchPage({ readOnly: true });
  }, 180_000);
  afterAll(async () => {
    await batch?.close();
  });
  return (lesson, program, timeoutSeconds = 90) => gradeProgram(lesson, program, { batch, timeoutSeconds });
}

/** A starter runs to its end, fails at least one check, and measures exactly the answers the questions state. */
export function expectStarterGraded(report: GradeReport): void {
  expect(report.outcome).toEqual({ kind: 'succeeded' });
  expect(failingChecks(report.results).length).toBeGreaterThan(0);
  expect(answerMismatches(report.lesson, report.run)).toEqual([]);
}

/**
 * Lessons whose outcome is a race Spark itself runs, so that a loaded machine can decide it the other way:
 * lesson 12's original attempt beats its speculative copy only if its thread begins computing before the copy's
 * does (TaskSetManager.checkSpeculatableTasks launches the copy 100 ms or more after the original; a thread that a
 * busy machine starts later than that loses the race, as a straggling JVM thread would). Their gradings are
 * retried (a wrong program fails every try: its outcome does not depend on the race).
 */
const RACES = new Set(['12-stragglers-speculation']);

/** Vitest's retry count for a lesson's grading. */
export function retriesFor(lessonId: string): number {
  return RACES.has(lessonId) ? 2 : 0;
}
