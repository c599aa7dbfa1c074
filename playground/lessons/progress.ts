/**
 * The learner's progress through the lessons: which were passed, their edits
 * and predictions per lesson, and how many honest tries each challenge had.
 * Plain data with pure updates; `loadProgress`/`saveProgress` keep it in
 * localStorage under one key, read defensively so a stale or hand-edited
 * value never breaks the page.
 */
import type { PredictionAnswer } from '../../engine/lessons';

/** What is kept for one lesson (by its folder name). */
export interface LessonProgress {
  /** When every check of the challenge first passed (ISO time). */
  passedAt?: string;
  /** The learner's program, when it differs from the starter. */
  source?: string;
  /** The learner's predictions, by question id. */
  answers?: Record<string, PredictionAnswer>;
  /** Runs of an edited program that failed a check: after one, the solution may be shown. */
  failedTries?: number;
  /**
   * Programs a shared one took the place of (see {@link adoptShared}), newest first, so
   * taking up a program from a share link never loses the learner's own.
   */
  setAside?: string[];
}

export interface Progress {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

export const PROGRESS_KEY = 'kindling.lessons.v1';

/**
 * Where a course's progress is kept in localStorage: Kindling's own lessons under
 * {@link PROGRESS_KEY}, a teacher's course under its id, so courses never mix.
 *
 * @example
 * progressKeyOf(undefined); // 'kindling.lessons.v1'
 * progressKeyOf('joins'); // 'kindling.course.joins.v1'
 */
export function progressKeyOf(courseId: string | undefined): string {
  return courseId === undefined ? PROGRESS_KEY : `kindling.course.${courseId}.v1`;
}

/** No progress at all. */
export function emptyProgress(): Progress {
  return { version: 1, lessons: {} };
}

/**
 * Reads saved progress; anything unreadable is dropped (per field, not all of it).
 *
 * @example
 * readProgress('{"version":1,"lessons":{"01-x":{"passedAt":"2026-01-01T00:00:00.000Z"}}}').lessons['01-x'].passedAt;
 */
export function readProgress(text: string | null): Progress {
  if (text === null) return emptyProgress();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyProgress();
  }
  const progress = emptyProgress();
  if (!isObject(raw) || !isObject(raw.lessons)) return progress;
  for (const [id, value] of Object.entries(raw.lessons)) {
    if (!isObject(value)) continue;
    const lesson: LessonProgress = {};
    if (typeof value.passedAt === 'string') lesson.passedAt = value.passedAt;
    if (typeof value.source === 'string') lesson.source = value.source;
    if (typeof value.failedTries === 'number' && Number.isInteger(value.failedTries) && value.failedTries > 0)
      lesson.failedTries = value.failedTries;
    if (Array.isArray(value.setAside)) {
      const kept = value.setAside.filter((source): source is string => typeof source === 'string');
      if (kept.length > 0) lesson.setAside = kept;
    }
    if (isObject(value.answers)) {
      const answers: Record<string, PredictionAnswer> = {};
      for (const [question, answer] of Object.entries(value.answers)) {
        if (isAnswer(answer)) answers[question] = answer;
      }
      if (Object.keys(answers).length > 0) lesson.answers = answers;
    }
    progress.lessons[id] = lesson;
  }
  return progress;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAnswer(value: unknown): value is PredictionAnswer {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isFinite(n)))
  );
}

function update(progress: Progress, id: string, change: (lesson: LessonProgress) => LessonProgress): Progress {
  return { ...progress, lessons: { ...progress.lessons, [id]: change({ ...progress.lessons[id] }) } };
}

/** Marks a lesson passed; the first time is kept. */
export function markPassed(progress: Progress, id: string, at: Date = new Date()): Progress {
  return update(progress, id, (lesson) => ({ ...lesson, passedAt: lesson.passedAt ?? at.toISOString() }));
}

/** Keeps the learner's program; the starter itself is not kept, so a changed starter reaches the learner. */
export function withSource(progress: Progress, id: string, source: string, starter: string): Progress {
  return update(progress, id, (lesson) => {
    const next = { ...lesson };
    if (source === starter) delete next.source;
    else next.source = source;
    return next;
  });
}

/**
 * Takes up a shared program (from a share link) as the lesson's program. The
 * learner's own program, if they had one, is set aside rather than replaced,
 * unless it is the same program.
 *
 * @example
 * const next = adoptShared(progress, '01-x', sharedSource, lesson.starter);
 * next.lessons['01-x'].source; // sharedSource
 * next.lessons['01-x'].setAside; // [the learner's program before], when there was one
 */
export function adoptShared(progress: Progress, id: string, source: string, starter: string): Progress {
  const mine = progress.lessons[id]?.source;
  const next = withSource(progress, id, source, starter);
  if (mine === undefined || mine === source || mine === starter) return next;
  return update(next, id, (lesson) => ({ ...lesson, setAside: setAsideWith(lesson.setAside, mine) }));
}

/**
 * Swaps the program in the editor (`current`) with the newest set-aside one,
 * which becomes the lesson's program; `current` goes to the end of the set-aside
 * list, so pressing again steps through every program and none is lost. The
 * starter is never set aside (it is always one click away).
 *
 * @example
 * const { progress: next, source } = swapSetAside(progress, '01-x', editorSource, lesson.starter);
 * editor.replaceSource(source);
 */
export function swapSetAside(
  progress: Progress,
  id: string,
  current: string,
  starter: string,
): { progress: Progress; source: string } | undefined {
  const [newest, ...rest] = progress.lessons[id]?.setAside ?? [];
  if (newest === undefined) return undefined;
  let others = rest;
  // The saved program too, should the editor show another (a shared one not taken up).
  for (const keep of [current, progress.lessons[id]?.source]) {
    if (keep !== undefined && keep !== starter && keep !== newest) others = setAsideWith(others, keep, 'last');
  }
  const swapped = update(withSource(progress, id, newest, starter), id, (lesson) => {
    const next = { ...lesson };
    if (others.length > 0) next.setAside = others;
    else delete next.setAside;
    return next;
  });
  return { progress: swapped, source: newest };
}

function setAsideWith(list: readonly string[] | undefined, source: string, at: 'first' | 'last' = 'first'): string[] {
  const others = (list ?? []).filter((kept) => kept !== source);
  return at === 'first' ? [source, ...others] : [...others, source];
}

/** Keeps the learner's predictions (unanswered questions left out). */
export function withAnswers(
  progress: Progress,
  id: string,
  answers: Readonly<Record<string, PredictionAnswer | undefined>>,
): Progress {
  const kept: Record<string, PredictionAnswer> = {};
  for (const [question, answer] of Object.entries(answers)) if (answer !== undefined) kept[question] = answer;
  return update(progress, id, (lesson) => {
    const next = { ...lesson };
    if (Object.keys(kept).length > 0) next.answers = kept;
    else delete next.answers;
    return next;
  });
}

/** Counts a run of an edited program that failed a check. */
export function withFailedTry(progress: Progress, id: string): Progress {
  return update(progress, id, (lesson) => ({ ...lesson, failedTries: (lesson.failedTries ?? 0) + 1 }));
}

/** Forgets everything about one lesson: passed, edits, predictions, tries, set-aside programs. */
export function resetLesson(progress: Progress, id: string): Progress {
  const lessons = { ...progress.lessons };
  delete lessons[id];
  return { ...progress, lessons };
}

/** Whether the lesson's challenge was passed. */
export function isPassed(progress: Progress, id: string): boolean {
  return progress.lessons[id]?.passedAt !== undefined;
}

/** Where progress is kept: localStorage or a stand-in with the same two methods. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Progress saved in `storage` under `key`, or none when storage is unavailable (private windows, file://). */
export function loadProgress(storage: ProgressStorage | undefined, key: string = PROGRESS_KEY): Progress {
  try {
    return readProgress(storage?.getItem(key) ?? null);
  } catch {
    return emptyProgress();
  }
}

/** Saves progress; returns false when it could not be saved (storage full or disabled). */
export function saveProgress(
  storage: ProgressStorage | undefined,
  progress: Progress,
  key: string = PROGRESS_KEY,
): boolean {
  try {
    if (!storage) return false;
    storage.setItem(key, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

/** Marks an exported progress file, so importing some other JSON file is refused with a reason. */
const FILE_FORMAT = 'kindling-lessons-progress';

/**
 * What an exported file covers: a teacher's course (by id and title) or
 * Kindling's own lessons (no course); all of its lessons, or one (`lesson`,
 * the file a student hands in for one exercise).
 */
export interface ProgressScope {
  course?: { id: string; title: string };
  lesson?: string;
}

/**
 * Progress as a file to keep, move to another browser, or hand in to a
 * teacher (who grades it with `kindling grade`). With a scope naming one
 * lesson, only that lesson is written.
 *
 * @example
 * const text = progressFile(progress); // '{ "format": "kindling-lessons-progress", "version": 1, … }'
 * readProgressFile(text); // the same progress
 * progressFile(progress, new Date(), { course: { id: 'joins', title: 'Joins' }, lesson: '02-broadcast' });
 */
export function progressFile(progress: Progress, at: Date = new Date(), scope: ProgressScope = {}): string {
  const lessons =
    scope.lesson === undefined
      ? progress.lessons
      : progress.lessons[scope.lesson]
        ? { [scope.lesson]: progress.lessons[scope.lesson] }
        : {};
  return JSON.stringify(
    {
      format: FILE_FORMAT,
      version: 1,
      exportedAt: at.toISOString(),
      ...(scope.course ? { course: scope.course } : {}),
      ...(scope.lesson !== undefined ? { lesson: scope.lesson } : {}),
      lessons,
    },
    null,
    2,
  );
}

/**
 * Reads an exported progress file. Throws, with a reason fit for the learner,
 * when the file is not one; fields it cannot read are dropped as in {@link readProgress}.
 */
export function readProgressFile(text: string): Progress {
  return readProgressFileScoped(text).progress;
}

/** Like {@link readProgressFile}, with what the file covers (a course, one lesson). */
export function readProgressFileScoped(text: string): { progress: Progress; scope: ProgressScope } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('This file is not a Kindling progress file (it is not JSON).');
  }
  if (!isObject(raw) || raw.format !== FILE_FORMAT)
    throw new Error('This file is not a Kindling progress file (use one made by “Export progress”).');
  if (raw.version !== 1)
    throw new Error(
      `This progress file was made by a newer Kindling (format ${String(raw.version)}), and this site has not been updated to it yet.`,
    );
  const scope: ProgressScope = {};
  if (isObject(raw.course) && typeof raw.course.id === 'string')
    scope.course = {
      id: raw.course.id,
      title: typeof raw.course.title === 'string' ? raw.course.title : raw.course.id,
    };
  if (typeof raw.lesson === 'string') scope.lesson = raw.lesson;
  return { progress: readProgress(JSON.stringify({ version: 1, lessons: raw.lessons })), scope };
}

/**
 * Progress after importing a file into a course's list (`courseId`, or
 * undefined for Kindling's own lessons): a whole-course file replaces the
 * progress, a one-lesson file replaces that lesson only. A file from another
 * course is refused, with a reason fit for the learner.
 *
 * @example
 * importProgress(current, readProgressFileScoped(text), 'joins');
 */
export function importProgress(
  current: Progress,
  file: { progress: Progress; scope: ProgressScope },
  courseId: string | undefined,
): Progress {
  const fileCourse = file.scope.course?.id;
  if (fileCourse !== courseId)
    throw new Error(
      fileCourse === undefined
        ? 'This file holds progress in Kindling’s own lessons, not in this course: import it on the Lessons page.'
        : `This file holds progress in the course “${file.scope.course?.title ?? fileCourse}”, not in ${courseId === undefined ? 'Kindling’s own lessons' : 'this course'}: import it on that course’s page.`,
    );
  if (file.scope.lesson === undefined) return file.progress;
  const lesson = file.progress.lessons[file.scope.lesson];
  const lessons = { ...current.lessons };
  if (lesson) lessons[file.scope.lesson] = lesson;
  else delete lessons[file.scope.lesson];
  return { ...current, lessons };
}
