/**
 * What the lesson tests share: the checks a run failed, and the questions whose stated answer a run of the starter
 * does not show.
 */
import { measureRun } from '../../engine/lessons/measure';
import { measureQuestion } from '../../engine/lessons/predictions';
import { languageOfFile, questionsFor } from '../../engine/lessons/language';
import type { CheckResult, Lesson, LessonRun } from '../../engine/lessons/types';

/** "id: detail" for each check that did not pass. */
export function failingChecks(results: readonly CheckResult[]): string[] {
  return results.filter((result) => !result.passed).map((result) => `${result.id}: ${result.detail}`);
}

/**
 * Each measurable question whose answer differs from what `run` measured, in words; empty when all agree.
 *
 * @example
 * expect(answerMismatches(lesson, report.run)).toEqual([]);
 */
export function answerMismatches(lesson: Lesson, run: LessonRun): string[] {
  const measures = measureRun(run);
  return questionsFor(lesson, languageOfFile(run.fileName)).flatMap((question) => {
    const measured = measureQuestion(question, measures);
    return measured === undefined || JSON.stringify(measured) === JSON.stringify(question.answer)
      ? []
      : [
          `${question.id}: the lesson says ${JSON.stringify(question.answer)}, the run shows ${JSON.stringify(measured)}`,
        ];
  });
}
