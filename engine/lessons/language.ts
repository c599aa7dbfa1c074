/**
 * A lesson in two languages. The checks and questions are written once; where
 * PySpark's layout or printed form differs from the JavaScript program's (a
 * pair printed `('a', 2)`, not `[ 'a', 2 ]`; a shuffle PySpark writes as
 * batches of pickled pairs; starter.py's lines), a check or question carries a
 * `python` object with the fields that differ, and the lesson's Python
 * programs are graded with those fields in place.
 */
import type { Check, Lesson, Question } from './types';

/** The language of a lesson's program. */
export type LessonLanguage = 'javascript' | 'python';

/**
 * The language a program file is written in, by its name.
 *
 * @example
 * languageOfFile('solution.py'); // 'python'
 */
export function languageOfFile(fileName: string | undefined): LessonLanguage {
  return fileName !== undefined && /\.py$/i.test(fileName) ? 'python' : 'javascript';
}

/**
 * One check or question as it applies to programs in `language`: its `python`
 * fields in place for Python (a field set to `null` there is removed), and the
 * `python` object itself left out either way.
 *
 * @example
 * inLanguage({ id: 'out', kind: 'output', equals: "[ 'a', 1 ]", python: { equals: "('a', 1)" }, … }, 'python');
 * // { id: 'out', kind: 'output', equals: "('a', 1)", … }
 */
export function inLanguage<T extends Check | Question>(item: T, language: LessonLanguage): T {
  const { python, ...common } = item as T & { python?: Record<string, unknown> };
  if (language !== 'python' || python === undefined) return common as T;
  const merged: Record<string, unknown> = { ...common };
  for (const [field, value] of Object.entries(python)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged as T;
}

/**
 * The lesson's checks for a program in `language`.
 *
 * @example
 * evaluateChecks(checksFor(lesson, languageOfFile('solution.py')), run);
 */
export function checksFor(lesson: Pick<Lesson, 'checks'>, language: LessonLanguage): Check[] {
  return lesson.checks.filter((check) => appliesTo(check, language)).map((check) => inLanguage(check, language));
}

/**
 * The lesson's questions about its starter in `language` (answers about starter.py for Python).
 *
 * @example
 * gradePredictions(questionsFor(lesson, 'python'), answers, run);
 */
export function questionsFor(lesson: Pick<Lesson, 'questions'>, language: LessonLanguage): Question[] {
  return lesson.questions
    .filter((question) => appliesTo(question, language))
    .map((question) => inLanguage(question, language));
}

/** A check or question the Python programs skip (`python: { "skip": "why" }`) applies to JavaScript only. */
function appliesTo(item: Check | Question, language: LessonLanguage): boolean {
  return language !== 'python' || typeof item.python?.skip !== 'string';
}
