/**
 * What a program run from the command line reads as its files. A program of
 * its own reads its folder (and writes there). A course lesson's program (the
 * folder holding it is listed by a `course.json` beside it) reads what it
 * reads in the playground and under `grade`: the playground's files
 * (`public/`) with the course's own (`files` in course.json) laid over them,
 * and writes nothing. Node only.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseOfLesson, loadCourseData } from '../lessons/load-from-disk';
import type { FsOverlay } from './server';

/** The folder lesson programs read files from: the playground's, so `textFile('data/books/*.txt')` works in both. */
export const LESSON_FS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../public');

export interface ProgramFiles {
  /** Served under `/fs/`. */
  fsRoot: string;
  /** A course's files, over `fsRoot`'s. */
  overlay?: FsOverlay;
  readOnly: boolean;
}

/**
 * The files the program in `file` sees.
 *
 * @throws CourseFormatError when the program is a course lesson's and a file its course.json lists is missing or too large
 * @example
 * await programFiles('wc.js'); // { fsRoot: '/home/me', readOnly: false }
 * await programFiles('my-course/01-orders/solution.js');
 * // { fsRoot: '…/public', overlay: { root: '…/my-course', paths: ['data/orders.csv'] }, readOnly: true }
 */
export async function programFiles(file: string): Promise<ProgramFiles> {
  const folder = dirname(resolve(file));
  if (!(await courseOfLesson(folder))) return { fsRoot: folder, readOnly: false };
  const overlay = await loadCourseData(folder);
  return { fsRoot: LESSON_FS_ROOT, ...(overlay ? { overlay } : {}), readOnly: true };
}
