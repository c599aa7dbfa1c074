/**
 * A course of a teacher's own: a folder of lesson folders (the lesson format,
 * lessons/README.md) with a small `course.json` that names the course and
 * lists its lessons in order. A course is published as files, so a deployed
 * site opens it by its address or from a zip without being rebuilt; the list
 * in `course.json` is what a browser cannot do itself (list a folder on a web
 * server), and it is the course's order.
 *
 * Browser-safe: works on text, as `lessonsFromFiles` does.
 */
import { courseFilePathProblem, lessonImageProblems } from './course-files';
import { jsonErrorPlace, LessonFormatError, readLessonFiles } from './parse';
import { LESSON_FILE_NAMES, type Lesson } from './types';

/** The course file's name, at the top of the course folder. */
export const COURSE_FILE_NAME = 'course.json';

/** What `course.json` says. */
export interface CourseFile {
  /** Lower-case letters, digits and dashes; the learner's progress is kept under it. */
  id: string;
  title: string;
  /** One or two sentences for the course list. */
  summary?: string;
  /** The lesson folders, in course order. */
  lessons: string[];
  /**
   * The data and image files the course ships (course-files.ts), as paths inside the course folder; programs
   * read them by these paths. Empty when the course ships none.
   */
  files: string[];
}

/** A course read in full: its file, its lessons in the file's order, and the lessons that could not be read. */
export interface Course {
  file: CourseFile;
  lessons: Lesson[];
  broken: LessonFormatError[];
}

/** A course file that cannot be used, with everything wrong in it. */
export class CourseFormatError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `${COURSE_FILE_NAME} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'CourseFormatError';
  }
}

const ID = /^[a-z0-9][a-z0-9-]*$/;
/** A lesson folder's name: one path segment, no dot first (hidden), nothing a URL or a zip would read as a path. */
const FOLDER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Reads and validates `course.json`.
 *
 * @throws CourseFormatError listing every problem (a JSON error at its line:column)
 * @example
 * parseCourseFile('{"id":"joins","title":"Joins in depth","lessons":["01-shuffled","02-broadcast"]}').lessons;
 * // ['01-shuffled', '02-broadcast']
 */
export function parseCourseFile(text: string): CourseFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new CourseFormatError([
      `${COURSE_FILE_NAME}:${jsonErrorPlace(text, message)}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`,
    ]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CourseFormatError(['must be a JSON object with "id", "title" and "lessons"']);
  const data = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(data)) {
    if (!['id', 'title', 'summary', 'lessons', 'files'].includes(key))
      problems.push(`unknown field "${key}" (known: id, title, summary, lessons, files)`);
  }
  if (typeof data.id !== 'string' || !ID.test(data.id))
    problems.push('needs an "id" of lower-case letters, digits and dashes (progress is kept under it)');
  if (typeof data.title !== 'string' || data.title.trim() === '') problems.push('needs a "title"');
  if (data.summary !== undefined && (typeof data.summary !== 'string' || data.summary.trim() === ''))
    problems.push('"summary" must be text');
  const lessons = data.lessons;
  if (!Array.isArray(lessons) || lessons.length === 0) {
    problems.push('needs "lessons": the lesson folders in course order, e.g. ["01-first-job", "02-shuffles"]');
  } else {
    const seen = new Set<string>();
    lessons.forEach((folder: unknown, index) => {
      if (typeof folder !== 'string' || !FOLDER.test(folder) || folder.includes('..'))
        problems.push(`lessons[${index}]: ${JSON.stringify(folder)} is not a folder name (one name, no slashes)`);
      else if (seen.has(folder)) problems.push(`lessons[${index}]: "${folder}" is listed twice`);
      else seen.add(folder);
    });
  }
  const files = data.files ?? [];
  if (!Array.isArray(files)) {
    problems.push('"files" must be a list of the data and image files the course ships, e.g. ["data/orders.csv"]');
  } else {
    const seen = new Set<string>();
    const lessonFiles = new Set(
      Array.isArray(lessons) ? lessons.flatMap((folder) => LESSON_FILE_NAMES.map((name) => `${folder}/${name}`)) : [],
    );
    files.forEach((path: unknown, index) => {
      const problem =
        typeof path !== 'string'
          ? 'is not a path'
          : path === COURSE_FILE_NAME || lessonFiles.has(path)
            ? `${path} is a course or lesson file, not data or an image`
            : seen.has(path)
              ? `${path} is listed twice`
              : courseFilePathProblem(path);
      if (problem) problems.push(`files[${index}]: ${problem}`);
      if (typeof path === 'string') seen.add(path);
    });
  }
  if (problems.length > 0) throw new CourseFormatError(problems);
  return {
    id: data.id as string,
    title: (data.title as string).trim(),
    ...(typeof data.summary === 'string' ? { summary: data.summary.trim() } : {}),
    lessons: lessons as string[],
    files: files as string[],
  };
}

/**
 * Reads a course from its files, keyed by their path inside the course folder
 * (`course.json`, `01-first-job/lesson.md`, …). The lessons come in the
 * course file's order (a lesson's `order` is for a site built with the folder,
 * `npm run build -- --lessons`); a listed lesson that is missing or broken is
 * reported, not thrown, so one broken folder does not take the course down.
 * Folders the course file does not list are left out. A lesson whose text
 * names an image the course does not list is reported the same way; the
 * data and image files themselves are not text, so they come apart (see
 * `courseFileProblems`).
 *
 * @throws CourseFormatError when `course.json` is missing or wrong
 * @example
 * const { file, lessons, broken } = courseFromFiles({ 'course.json': '…', '01-first-job/lesson.md': '…', … });
 */
export function courseFromFiles(files: Readonly<Record<string, string>>): Course {
  const text = files[COURSE_FILE_NAME];
  if (text === undefined) throw new CourseFormatError([`${COURSE_FILE_NAME} is missing`]);
  const file = parseCourseFile(text);
  const lessons: Lesson[] = [];
  const broken: LessonFormatError[] = [];
  for (const folder of file.lessons) {
    const found: Partial<Record<string, string>> = {};
    for (const name of LESSON_FILE_NAMES) {
      const content = files[`${folder}/${name}`];
      if (content !== undefined) found[name] = content;
    }
    const read = readLessonFiles(folder, found);
    if (read instanceof LessonFormatError) {
      broken.push(read);
      continue;
    }
    // An image the text names that the course does not ship would show as a broken picture: said instead.
    const imageProblems = lessonImageProblems(folder, read.markdown, file.files);
    if (imageProblems.length > 0) broken.push(new LessonFormatError(folder, imageProblems));
    else lessons.push(read);
  }
  return { file, lessons, broken };
}
