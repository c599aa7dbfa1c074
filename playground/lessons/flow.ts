/**
 * The rules of a lesson's flow, apart from the page: reading the prediction
 * form, turning a finished run into what the checks read, which runs count as
 * an honest try at the challenge, and where to go next.
 */
import type { Lesson, LessonRun, PredictionAnswer, Question } from '../../engine/lessons';
import type { SparkEvent } from '../../engine/events/types';

/** The program's name in call sites (`reduceByKey at lesson.js:4`), so shuffle lines can be found. */
export const LESSON_FILE_NAME = 'lesson.js';

/**
 * What the learner typed for one question: text for numbers and line lists,
 * the index of the picked option (or null) for a choice.
 */
export type AnswerDraft = string | number | null;

/**
 * A learner's draft as an answer; `undefined` when the question is left blank
 * or the text is not an answer (which the form says next to the field).
 *
 * @example
 * readAnswer({ kind: 'shuffleLines', … }, '4, 6'); // [4, 6]
 * readAnswer({ kind: 'shuffleLines', … }, 'none'); // []
 * readAnswer({ kind: 'jobs', … }, ' 2 '); // 2
 */
export function readAnswer(question: Question, draft: AnswerDraft | undefined): PredictionAnswer | undefined {
  if (draft === undefined || draft === null) return undefined;
  if (question.kind === 'choice') {
    return typeof draft === 'number' && Number.isInteger(draft) && draft >= 0 && draft < question.options.length
      ? draft
      : undefined;
  }
  const text = String(draft).trim();
  if (text === '') return undefined;
  if (question.kind === 'exchangeOperators') {
    // The form's checkboxes keep the picked options' indices as text ("0, 2"; "none" when none is picked).
    if (/^none$/i.test(text)) return [];
    const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
    if (!parts.every((part) => /^\d+$/.test(part) && Number(part) < question.options.length)) return undefined;
    return [...new Set(parts.map(Number))].sort((a, b) => a - b);
  }
  if (question.kind === 'shuffleLines') {
    if (/^(none|no|-|0)$/i.test(text)) return [];
    const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
    if (!parts.every((part) => /^\d+$/.test(part))) return undefined;
    const lines = parts.map(Number).filter((line) => line >= 1);
    return lines.length === parts.length ? [...new Set(lines)].sort((a, b) => a - b) : undefined;
  }
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Why a draft is not an answer, to show beside the field; `undefined` when it is fine or blank. */
export function draftProblem(question: Question, draft: AnswerDraft | undefined): string | undefined {
  if (draft === undefined || draft === null || String(draft).trim() === '') return undefined;
  if (readAnswer(question, draft) !== undefined) return undefined;
  return question.kind === 'shuffleLines'
    ? 'Line numbers separated by commas, or “none”.'
    : question.kind === 'exchangeOperators'
      ? 'Tick the operators, or “none of them”.'
      : question.kind === 'choice'
        ? 'Pick one of the options.'
        : 'A whole number.';
}

/** Every draft read as an answer (blank and unreadable ones left out). */
export function readAnswers(
  questions: readonly Question[],
  drafts: Readonly<Record<string, AnswerDraft | undefined>>,
): Record<string, PredictionAnswer> {
  const answers: Record<string, PredictionAnswer> = {};
  for (const question of questions) {
    const answer = readAnswer(question, drafts[question.id]);
    if (answer !== undefined) answers[question.id] = answer;
  }
  return answers;
}

/** A saved answer back in the form. */
export function draftOf(question: Question, answer: PredictionAnswer | undefined): AnswerDraft {
  if (answer === undefined) return question.kind === 'choice' ? null : '';
  if (question.kind === 'choice') return typeof answer === 'number' ? answer : null;
  if (Array.isArray(answer)) return answer.length === 0 ? 'none' : answer.join(', ');
  return String(answer);
}

/**
 * The question the editor's ⇄ gutter answers: the lesson's first
 * shuffle-lines question. Without one the lesson shows no gutter.
 */
export function markedQuestionOf(questions: readonly Question[]): Question | undefined {
  return questions.find((question) => question.kind === 'shuffleLines');
}

/**
 * The lines a shuffle-lines draft names, to mark in the gutter: none for a
 * blank, "none" or unreadable draft (the field says what is wrong with it).
 *
 * @example
 * marksOfDraft(question, '6, 4'); // [4, 6]
 * marksOfDraft(question, '4, x'); // []
 */
export function marksOfDraft(question: Question, draft: AnswerDraft | undefined): number[] {
  const answer = readAnswer(question, draft);
  return Array.isArray(answer) ? answer : [];
}

/**
 * The draft after the learner marked or unmarked lines in the gutter. A draft
 * that already names exactly these lines is kept as typed (so "6, 4" is not
 * rewritten under the learner's cursor, and "none" stays "none"); otherwise
 * the lines in order, or blank when no line is marked.
 *
 * @example
 * draftOfMarks(question, '4', [4, 6]); // '4, 6'
 * draftOfMarks(question, '6 4', [4, 6]); // '6 4'
 * draftOfMarks(question, '4', []); // ''
 */
export function draftOfMarks(
  question: Question,
  draft: AnswerDraft | undefined,
  marks: readonly number[],
): AnswerDraft {
  const lines = [...new Set(marks)].sort((a, b) => a - b);
  const current = readAnswer(question, draft);
  if (draft !== undefined && Array.isArray(current) && current.join() === lines.join()) return draft;
  return lines.join(', ');
}

/**
 * The marks to show when the whole program is replaced (back to the starter,
 * the solution, a set-aside program): each marked line moves to the same code
 * in the new program, the occurrence nearest its old place, so a mark on
 * `reduceByKey` stays on `reduceByKey`. A line whose code the new program
 * lacks (or a blank one) keeps its number: it is still the learner's answer.
 *
 * @example
 * carryMarks('const a = 1;\nx.reduceByKey(f);', 'x.reduceByKey(f);', [2]); // [1]
 */
export function carryMarks(before: string, after: string, marks: readonly number[]): number[] {
  const oldLines = before.split(/\r\n?|\n/).map((line) => line.trim());
  const newLines = after.split(/\r\n?|\n/).map((line) => line.trim());
  const carried = marks.map((line) => {
    const text = oldLines[line - 1];
    if (!text) return line;
    let best: number | undefined;
    newLines.forEach((candidate, index) => {
      if (candidate === text && (best === undefined || Math.abs(index + 1 - line) < Math.abs(best - line)))
        best = index + 1;
    });
    return best ?? line;
  });
  return [...new Set(carried)].sort((a, b) => a - b);
}

/**
 * What to tell a screen reader when the gutter's marks change: one line
 * marked or unmarked (Alt+M, a click, a deleted line). Marks that moved with
 * an edit are not announced: the field shows them, and typing would be
 * drowned in announcements.
 *
 * @example
 * markChangeText([4], [4, 6]); // 'Line 6 marked as shuffling. Your answer: 4, 6.'
 * markChangeText([4], [5]); // undefined
 */
export function markChangeText(before: readonly number[], after: readonly number[]): string | undefined {
  const added = after.filter((line) => !before.includes(line));
  const removed = before.filter((line) => !after.includes(line));
  const answer = after.length === 0 ? 'No line is marked.' : `Your answer: ${after.join(', ')}.`;
  if (added.length === 1 && removed.length === 0) return `Line ${added[0]} marked as shuffling. ${answer}`;
  if (removed.length === 1 && added.length === 0) return `Line ${removed[0]} unmarked. ${answer}`;
  return undefined;
}

/** The parts of a finished run the checks read, as the playground's session holds them. */
export interface FinishedRun {
  events: readonly SparkEvent[];
  driverOutput: readonly { stream: 'stdout' | 'stderr'; text: string }[];
  executorLogs: Readonly<Record<string, readonly { stream: 'stdout' | 'stderr'; text: string }[]>>;
  failure: { name: string; message: string } | null;
}

/**
 * The run as the lesson checks read it. The driver's output is what
 * `console.log` printed (stdout), as the headless grader collects it; the
 * executors' output is every line their tasks printed.
 *
 * @example
 * evaluateChecks(lesson.checks, lessonRunOf({ events, driverOutput, executorLogs, failure: null }));
 */
export function lessonRunOf(run: FinishedRun): LessonRun {
  return {
    events: run.events,
    driverOutput: run.driverOutput.filter((line) => line.stream === 'stdout').map((line) => line.text),
    executorOutput: Object.entries(run.executorLogs).flatMap(([executorId, lines]) =>
      lines.map((line) => ({ executorId, text: line.text })),
    ),
    ...(run.failure ? { error: { name: run.failure.name, message: run.failure.message } } : {}),
    fileName: LESSON_FILE_NAME,
  };
}

/** Same program, ignoring white space at the ends of lines and of the file. */
export function sameProgram(a: string, b: string): boolean {
  const normal = (source: string) =>
    source
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .trim();
  return normal(a) === normal(b);
}

/**
 * What a finished run means for the challenge: `passed` when every check
 * passed; `tried` when an edited program failed a check (an honest try, which
 * unlocks the solution); `starter` when the unchanged starter ran (the
 * prediction run, which is no try at the challenge); `stopped` when the
 * learner stopped it (nothing to judge).
 */
export type RunVerdict = 'passed' | 'tried' | 'starter' | 'stopped';

export function runVerdict(options: {
  source: string;
  starter: string;
  stopped: boolean;
  allChecksPassed: boolean;
}): RunVerdict {
  if (options.stopped) return 'stopped';
  if (options.allChecksPassed) return 'passed';
  return sameProgram(options.source, options.starter) ? 'starter' : 'tried';
}

/** Whether "Show solution" is offered: after an honest try, or once the lesson is passed. */
export function solutionUnlocked(lesson: { failedTries?: number; passedAt?: string } | undefined): boolean {
  return (lesson?.failedTries ?? 0) > 0 || lesson?.passedAt !== undefined;
}

/**
 * Whether predictions are graded against this run: only a run of the
 * starter itself measures what the questions ask about; otherwise they are
 * graded against the answers the lesson states.
 */
export function gradesAgainstRun(source: string, starter: string, stopped: boolean): boolean {
  return !stopped && sameProgram(source, starter);
}

/** The lesson after `id` in course order, if any. */
export function nextLesson(lessons: readonly Lesson[], id: string): Lesson | undefined {
  const index = lessons.findIndex((lesson) => lesson.id === id);
  return index === -1 ? undefined : lessons[index + 1];
}

/**
 * The page a hash names: a course's list or one of its lessons (`course` is a
 * teacher's course id; without it, Kindling's own lessons), or the list of
 * teachers' courses.
 */
export type LessonRoute =
  { page: 'list'; course?: string } | { page: 'lesson'; id: string; course?: string } | { page: 'courses' };

/**
 * The page of a hash: `#/lessons`, `#/lessons/<id>`, `#/courses`,
 * `#/courses/<course>`, `#/courses/<course>/<id>`.
 *
 * @example
 * routeOf('#/courses/joins/02-broadcast'); // { page: 'lesson', course: 'joins', id: '02-broadcast' }
 */
export function routeOf(hash: string): LessonRoute | undefined {
  const own = /^#\/lessons(?:\/([^/?#]+))?\/?$/.exec(hash);
  if (own) return own[1] ? { page: 'lesson', id: decodeURIComponent(own[1]) } : { page: 'list' };
  const course = /^#\/courses(?:\/([^/?#]+)(?:\/([^/?#]+))?)?\/?$/.exec(hash);
  if (!course) return undefined;
  if (!course[1]) return { page: 'courses' };
  const id = decodeURIComponent(course[1]);
  return course[2] ? { page: 'lesson', course: id, id: decodeURIComponent(course[2]) } : { page: 'list', course: id };
}

/**
 * Which app a hash belongs to: the lessons (`#/lessons…`, `#/courses…`), the playground
 * (no hash, or another `#/` path), or neither (an in-page anchor such as
 * `#results`, which keeps whichever app is showing).
 *
 * @example
 * appOfHash('#/lessons/01-x'); // 'lessons'
 * appOfHash(''); // 'playground'
 * appOfHash('#results'); // undefined
 */
export function appOfHash(hash: string): 'lessons' | 'playground' | undefined {
  if (routeOf(hash)) return 'lessons';
  // A share link (`#share=…`) opens its program in the playground.
  if (hash === '' || hash === '#' || hash.startsWith('#/') || hash.startsWith('#share=')) return 'playground';
  return undefined;
}

/**
 * Which app opens a share link, once its payload is read: the lessons when it
 * names a lesson this build has, else the playground (which says why, for a
 * lesson it does not know). `shared` is null for a link that could not be read:
 * the playground shows the reason, as it does for any damaged link.
 *
 * @example
 * appOfShare({ lessonId: '01-driver-executors-tasks' }, ['01-driver-executors-tasks']); // 'lessons'
 * appOfShare({ lessonId: '99-gone' }, ['01-driver-executors-tasks']); // 'playground'
 * appOfShare({}, ['01-driver-executors-tasks']); // 'playground'
 */
export function appOfShare(
  shared: { lessonId?: string } | null,
  lessonIds: readonly string[],
): 'lessons' | 'playground' {
  return shared?.lessonId !== undefined && lessonIds.includes(shared.lessonId) ? 'lessons' : 'playground';
}

/** Whether a hash is a share link (`#share=…`), whose app is known only once its payload is read. */
export function isShareHash(hash: string): boolean {
  return hash.startsWith('#share=');
}

export function hashOf(route: LessonRoute): string {
  if (route.page === 'courses') return '#/courses';
  const list = route.course === undefined ? '#/lessons' : `#/courses/${encodeURIComponent(route.course)}`;
  return route.page === 'list' ? list : `${list}/${encodeURIComponent(route.id)}`;
}
