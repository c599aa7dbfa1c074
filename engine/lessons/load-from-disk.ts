/**
 * Reads lesson folders from disk (Node only; the playground bundles the same
 * files with Vite and parses them with `lessonsFromFiles`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { COURSE_FILE_NAME, CourseFormatError, parseCourseFile, type CourseFile } from './course';
import { courseFileProblems, lessonImageProblems } from './course-files';
import { LessonFormatError, lessonsFromFiles, parseLesson } from './parse';
import { LESSON_FILE_NAMES, REQUIRED_LESSON_FILES, type Lesson, type LessonFiles } from './types';

/**
 * Reads and validates one lesson folder (`solution.js` may be left out). In
 * a course (a `course.json` beside it lists it), each image its text names
 * must be one of the course's files.
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
  const lesson = parseLesson(id, files as unknown as LessonFiles);
  const course = await courseOfLesson(folder);
  if (course) {
    const problems = lessonImageProblems(id, lesson.markdown, course.file.files);
    if (problems.length > 0) throw new LessonFormatError(id, problems);
  }
  return lesson;
}

/** The course a lesson folder belongs to: the readable `course.json` in its parent folder that lists it. */
export async function courseOfLesson(lessonFolder: string): Promise<{ root: string; file: CourseFile } | undefined> {
  const root = dirname(lessonFolder);
  const text = await readFile(join(root, COURSE_FILE_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let file: CourseFile;
  try {
    file = parseCourseFile(text);
  } catch {
    // A broken course file says nothing about the lesson (as `courseIdOf` reads it); the site reports it.
    return undefined;
  }
  return file.lessons.includes(basename(lessonFolder)) ? { root, file } : undefined;
}

/**
 * The files a lesson's programs read besides the playground's: its course's
 * data and images (`files` in course.json), as a folder and the paths inside
 * it; undefined for a lesson outside a course, or a course that ships none.
 *
 * @throws CourseFormatError when a listed file is missing or too large
 * @example
 * const data = await loadCourseData('my-course/01-orders'); // { root: '/…/my-course', paths: ['data/orders.csv'] }
 */
export async function loadCourseData(lessonDir: string): Promise<{ root: string; paths: string[] } | undefined> {
  const course = await courseOfLesson(resolve(lessonDir));
  if (!course || course.file.files.length === 0) return undefined;
  const found = new Map<string, number>();
  for (const path of course.file.files) {
    const target = resolve(course.root, path);
    if (!target.startsWith(course.root + sep)) continue;
    const info = await stat(target).catch(() => undefined);
    if (info?.isFile()) found.set(path, info.size);
  }
  const problems = courseFileProblems(course.file.files, found);
  if (problems.length > 0) throw new CourseFormatError(problems.map((problem) => `${problem} (in ${course.root})`));
  return { root: course.root, paths: course.file.files };
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
