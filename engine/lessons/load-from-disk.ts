/**
 * Reads lesson folders from disk (Node only; the playground bundles the same
 * files with Vite and parses them with `lessonsFromFiles`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { LessonFormatError, lessonsFromFiles, parseLesson } from './parse';
import { LESSON_FILE_NAMES, REQUIRED_LESSON_FILES, type Lesson, type LessonFiles } from './types';

/**
 * Reads and validates one lesson folder (`solution.js` may be left out).
 *
 * @throws LessonFormatError when a file is missing or wrong (every problem listed)
 * @example
 * const lesson = await loadLessonDir('lessons/01-driver-executors-tasks');
 */
export async function loadLessonDir(dir: string): Promise<Lesson> {
  const folder = resolve(dir);
  const id = basename(folder);
  const files: Record<string, string> = {};
  for (const name of LESSON_FILE_NAMES) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    if (text !== undefined) files[name] = text;
  }
  const missing = REQUIRED_LESSON_FILES.filter((name) => files[name] === undefined);
  if (missing.length > 0)
    throw new LessonFormatError(
      id,
      missing.map((name) => `${name}: missing in ${folder}`),
    );
  return parseLesson(id, files as unknown as LessonFiles);
}

/**
 * Reads every lesson folder under `root` (default `lessons/`), sorted by order.
 *
 * @example
 * const { lessons, broken } = await loadLessons('lessons');
 */
export async function loadLessons(root: string): Promise<{ lessons: Lesson[]; broken: LessonFormatError[] }> {
  const files: Record<string, string> = {};
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    for (const name of LESSON_FILE_NAMES) {
      const text = await readFile(join(root, entry.name, name), 'utf8').catch(() => undefined);
      if (text !== undefined) files[`${entry.name}/${name}`] = text;
    }
  }
  return lessonsFromFiles(files);
}
