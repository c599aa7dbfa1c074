/**
 * What a teacher hands `kindling grade`: a class's submissions, each read
 * into one program to run. A submission is
 *
 * - a program file (`alice.js`, or `alice.py` for a PySpark program);
 * - a share link, given on the command line or saved in a file (one line
 *   holding `…#share=1.…`), as students naturally hand in work;
 * - a progress file a student exported from the lessons page ("Export
 *   progress"): the program and predictions they kept for this lesson;
 * - a folder of any of these, one submission per file (sorted by name; names
 *   starting with a dot are skipped).
 *
 * Each is named after its file (without the extension), or `link N` for a
 * link typed on the command line. A submission that cannot be read is kept
 * with its problem, so the report still has one line per student.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { PredictionAnswer } from '../lessons/types';
// The link and progress-file formats belong to the playground that writes them; both read in Node as well.
import { decodeShare } from '../../playground/share/link';
import { readProgressFile } from '../../playground/lessons/progress';

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
 */
export async function readSubmissions(args: readonly string[], lessonId: string): Promise<Submission[]> {
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
        if ((await stat(path)).isFile()) submissions.push(await fromFile(path, lessonId));
      }
    } else submissions.push(await fromFile(arg, lessonId));
  }
  return submissions;
}

async function isPath(arg: string): Promise<boolean> {
  return (await stat(arg).catch(() => undefined)) !== undefined;
}

async function fromFile(path: string, lessonId: string): Promise<Submission> {
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
      const lesson = readProgressFile(text).lessons[lessonId];
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
