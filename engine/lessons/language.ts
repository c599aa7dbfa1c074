/**
 * A lesson in two languages. The checks and questions are written once; where
 * PySpark's layout or printed form differs from the JavaScript program's (a
 * pair printed `('a', 2)`, not `[ 'a', 2 ]`; a shuffle PySpark writes as
 * batches of pickled pairs; starter.py's lines), a check or question carries a
 * `python` object with the fields that differ, and the lesson's Python
 * programs are graded with those fields in place.
 */
import type { Check, Lesson, LessonText, Question } from './types';

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

/** `{js}…{/js}` and `{py}…{/py}`: lesson text for one language only (inline or across lines). */
const LANGUAGE_TEXT = /\{(js|py)\}([\s\S]*?)\{\/\1\}/g;
const MARKER = /\{\/?(js|py)\}/g;

/**
 * Lesson Markdown as a learner of `language` reads it: what `{js}…{/js}` holds
 * is kept for JavaScript only, what `{py}…{/py}` holds for Python only, so
 * the text quotes the program in the language the learner chose.
 *
 * @example
 * markdownIn('print it with {js}`console.log(x)`{/js}{py}`print(x)`{/py}', 'python');
 * // 'print it with `print(x)`'
 */
export function markdownIn(markdown: string, language: LessonLanguage): string {
  const kept = language === 'python' ? 'py' : 'js';
  return markdown.replace(LANGUAGE_TEXT, (_, lang: string, body: string) => (lang === kept ? body : ''));
}

/** A lesson's text in `language` (see {@link markdownIn}). */
export function textIn(text: LessonText, language: LessonLanguage): LessonText {
  return {
    intro: markdownIn(text.intro, language),
    predict: markdownIn(text.predict, language),
    explain: markdownIn(text.explain, language),
    challenge: markdownIn(text.challenge, language),
    more: text.more.map((part) => ({ heading: part.heading, markdown: markdownIn(part.markdown, language) })),
  };
}

/**
 * What is wrong with the language markers of lesson Markdown: one that is not
 * closed, closed without being opened, or nested in another; null when none.
 */
export function languageMarkerProblem(markdown: string): string | null {
  let open: { lang: string; line: number } | null = null;
  for (const match of markdown.matchAll(MARKER)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    const closing = match[0].startsWith('{/');
    if (!closing && open)
      return `{${match[1]}} on line ${line} is inside the {${open.lang}} opened on line ${open.line}`;
    if (!closing) open = { lang: match[1], line };
    else if (open?.lang !== match[1]) return `{/${match[1]}} on line ${line} closes nothing opened`;
    else open = null;
  }
  return open ? `{${open.lang}} on line ${open.line} is never closed with {/${open.lang}}` : null;
}
