/**
 * What a teacher hands `kindling grade`: a class's submissions, each read
 * into one program to run. A submission is
 *
 * - a program file (`alice.js`, or `alice.py` for a PySpark program);
 * - a share link, given on the command line or saved in a file (one line
 *   holding `…#share=1.…`), as students naturally hand in work;
 * - a progress file a student exported from the lessons page ("Export
 *   progress" for a whole course, "Export this lesson" for one): the program
 *   and predictions they kept for this lesson. A file from another course or
 *   for another lesson is refused, with the reason, so a mix-up shows;
 * - a folder of any of these, one submission per file (sorted by name; names
 *   starting with a dot are skipped).
 *
 * Each is named after its file (without the extension), or `link N` for a
 * link typed on the command line. A submission that cannot be read is kept
 * with its problem, so the report still has one line per student.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { COURSE_FILE_NAME, parseCourseFile } from '../lessons/course';
import type { PredictionAnswer } from '../lessons/types';
// The link and progress-file formats belong to the playground that writes them; both read in Node as well.
import { decodeShare } from '../../playground/share/link';
import { readProgressFileScoped } from '../../playground/lessons/progress';

export type SubmissionKind = 'file' | 'link' | 'progress';

export interface Submission {
  /** The student, as the report names them: the file's name without extension, or `link N`. */
  name: string;
  kind: SubmissionKind;
  /** Where it came from: a path, or the link. */
  from: string;
  /** The program to grade; absent when `problem` says why there is none. */
  source?: string;
  /** The program's language: Python for a `.py` file or a link that says so; JavaScript otherwise. */
  language?: 'python';
  /** A progress file's predictions for this lesson, by question id. */
  answers?: Record<string, PredictionAnswer>;
  problem?: string;
}

const SHARE_LINK = /#(?:.*&)?share=\d+\./;

/**
 * Reads every submission named on the command line, in order.
 *
 * @example
 * const submissions = await readSubmissions(['alice.js', 'class/', 'https://…#share=1.…'], '05-shuffle');
 *
 * @param courseId the course the lesson belongs to (see {@link courseIdOf}); undefined outside a course
 */
export async function readSubmissions(
  args: readonly string[],
  lessonId: string,
  courseId?: string,
): Promise<Submission[]> {
  const submissions: Submission[] = [];
  let links = 0;
  for (const arg of args) {
    if (SHARE_LINK.test(arg) && !(await isPath(arg))) {
      links += 1;
      submissions.push(await fromLink(`link ${links}`, arg, arg));
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(arg)).filter((name) => !name.startsWith('.')).sort();
      for (const name of names) {
        const path = join(arg, name);
        if ((await stat(path)).isFile()) submissions.push(await fromFile(path, lessonId, courseId));
      }
    } else submissions.push(await fromFile(arg, lessonId, courseId));
  }
  return submissions;
}

async function isPath(arg: string): Promise<boolean> {
  return (await stat(arg).catch(() => undefined)) !== undefined;
}

/**
 * The id of the course a lesson folder belongs to: the `course.json` beside
 * it (in its parent folder) that lists it; undefined for a lesson outside a course.
 */
export async function courseIdOf(lessonDir: string): Promise<string | undefined> {
  const folder = resolve(lessonDir);
  const text = await readFile(join(dirname(folder), COURSE_FILE_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const course = parseCourseFile(text);
    return course.lessons.includes(basename(folder)) ? course.id : undefined;
  } catch {
    // A broken course file says nothing about the lesson; check-lesson and the site report it.
    return undefined;
  }
}

async function fromFile(path: string, lessonId: string, courseId: string | undefined): Promise<Submission> {
  const name = basename(path, extname(path));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { name, kind: 'file', from: path, problem: `cannot read ${path}: ${(error as Error).message}` };
  }
  const trimmed = text.trim();
  if (!trimmed.includes('\n') && SHARE_LINK.test(trimmed)) return fromLink(name, path, trimmed);
  if (trimmed.startsWith('{') && trimmed.includes('"kindling-lessons-progress"')) {
    try {
      const { progress, scope } = readProgressFileScoped(text);
      const mixUp = progressMixUp(scope, lessonId, courseId);
      if (mixUp) return { name, kind: 'progress', from: path, problem: mixUp };
      const lesson = progress.lessons[lessonId];
      if (!lesson?.source)
        return {
          name,
          kind: 'progress',
          from: path,
          problem: `the progress file has no program of its own for lesson ${lessonId}`,
          ...(lesson?.answers ? { answers: lesson.answers } : {}),
        };
      return {
        name,
        kind: 'progress',
        from: path,
        source: lesson.source,
        ...(lesson.answers ? { answers: lesson.answers } : {}),
      };
    } catch (error) {
      return { name, kind: 'progress', from: path, problem: (error as Error).message };
    }
  }
  return { name, kind: 'file', from: path, source: text, ...(extname(path) === '.py' ? { language: 'python' } : {}) };
}

/** Why a progress file is not this lesson's, or undefined when it may be. */
function progressMixUp(
  scope: { course?: { id: string; title: string }; lesson?: string },
  lessonId: string,
  courseId: string | undefined,
): string | undefined {
  if (scope.lesson !== undefined && scope.lesson !== lessonId)
    return `the progress file holds lesson ${scope.lesson}, not ${lessonId}`;
  if (courseId !== undefined && scope.course?.id !== courseId)
    return scope.course
      ? `the progress file is from the course "${scope.course.id}", not "${courseId}"`
      : `the progress file is from Kindling's own lessons, not the course "${courseId}"`;
  return undefined;
}

/** Only the program is taken from a link: the lesson's own cluster settings apply whatever the link carries. */
async function fromLink(name: string, from: string, link: string): Promise<Submission> {
  try {
    const shared = await decodeShare(link);
    if (!shared) return { name, kind: 'link', from, problem: 'not a share link' };
    return {
      name,
      kind: 'link',
      from,
      source: shared.source,
      ...(shared.language === 'python' ? { language: 'python' } : {}),
    };
  } catch (error) {
    return { name, kind: 'link', from, problem: (error as Error).message };
  }
}
