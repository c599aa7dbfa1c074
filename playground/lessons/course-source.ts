/**
 * Where a course of a teacher's own comes from, read into its files (the
 * shape `courseFromFiles` takes): a folder on a web server, opened by its
 * address (`?course=URL`, same origin or served with CORS), or a zip the
 * learner picks. Only the course file and the lesson files are read; every
 * failure is an Error whose message says what to do.
 */
import { strFromU8, unzipSync } from 'fflate';
import { COURSE_FILE_NAME, LESSON_FILE_NAMES, parseCourseFile } from '../../engine/lessons';

/** The files of a course, keyed by their path inside the course folder. */
export type CourseFiles = Record<string, string>;

/** Bigger than any course of text files; stops a wrong pick (a video, a zip bomb) early. */
export const MAX_ZIP_BYTES = 20 * 1024 * 1024;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * The course folder's address and its course file's, from what the learner
 * gave: the folder (with or without a final slash) or the course file itself,
 * relative to the page or absolute.
 *
 * @example
 * courseAddress('courses/joins', 'https://kindling.example/'); // { folder: 'https://kindling.example/courses/joins/', file: '…/courses/joins/course.json' }
 */
export function courseAddress(address: string, base: string): { folder: string; file: string } {
  const url = new URL(address.trim(), base);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`A course's address starts with https:// (or is a path on this site), not ${url.protocol}`);
  url.hash = '';
  if (url.pathname.endsWith(`/${COURSE_FILE_NAME}`)) return { folder: new URL('./', url).href, file: url.href };
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { folder: url.href, file: new URL(COURSE_FILE_NAME, url).href };
}

/**
 * Fetches a course from a web server: its course file, then every listed
 * lesson's files (a missing `solution.js` is fine: the course keeps it).
 * Each request asks the server whether the file changed, so a teacher's
 * update reaches the learner at the next visit.
 *
 * @example
 * const { folder, files } = await fetchCourse('https://teacher.example/spark-course/', location.href);
 */
export async function fetchCourse(
  address: string,
  base: string,
  fetchFile: typeof fetch = fetch,
): Promise<{ folder: string; files: CourseFiles }> {
  const { folder, file } = courseAddress(address, base);
  const read = async (url: string, optional = false): Promise<string | undefined> => {
    let response: Response;
    try {
      response = await fetchFile(url, { cache: 'no-cache', credentials: 'omit' });
    } catch {
      throw new Error(
        `Could not read ${url}: the server did not answer, or the course is on another site that does not let ` +
          'this one read it. A course on another site must be served with the header ' +
          '"Access-Control-Allow-Origin: *" (or this site\'s origin); or download it as a zip and import that.',
      );
    }
    if (response.status === 404 && optional) return undefined;
    if (!response.ok)
      throw new Error(`Could not read ${url}: the server answered ${response.status} ${response.statusText}.`.trim());
    return response.text();
  };
  const files: CourseFiles = {};
  const courseText = await read(file);
  if (courseText === undefined) throw new Error(`There is no ${COURSE_FILE_NAME} at ${file}.`);
  files[COURSE_FILE_NAME] = courseText;
  // A broken course file is reported by the caller; without its list there is nothing else to fetch.
  let lessons: string[];
  try {
    lessons = parseCourseFile(courseText).lessons;
  } catch {
    return { folder, files };
  }
  await Promise.all(
    lessons.flatMap((lesson) =>
      LESSON_FILE_NAMES.map(async (name) => {
        // Any lesson file may be missing; the lesson reader then says which, lesson by lesson.
        const text = await read(new URL(`${encodeURIComponent(lesson)}/${name}`, folder).href, true);
        if (text !== undefined) files[`${lesson}/${name}`] = text;
      }),
    ),
  );
  return { folder, files };
}

/**
 * Reads a course from a zip: the course file wherever it sits (at the top, or
 * in the one folder a zipped course folder makes) and the lesson files beside
 * it. Nothing else in the zip is decompressed.
 *
 * @example
 * const files = readCourseZip(new Uint8Array(await file.arrayBuffer()));
 */
export function readCourseZip(bytes: Uint8Array): CourseFiles {
  if (bytes.byteLength > MAX_ZIP_BYTES)
    throw new Error(
      `This zip is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; a course zip holds text files, at most 20 MB.`,
    );
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        names.push(entry.name);
        return false;
      },
    });
  } catch (error) {
    throw new Error(`This file is not a zip that can be read (${(error as Error).message}).`, { cause: error });
  }
  const courseFiles = names
    .filter(
      (name) => (name === COURSE_FILE_NAME || name.endsWith(`/${COURSE_FILE_NAME}`)) && !name.startsWith('__MACOSX/'),
    )
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (courseFiles.length === 0)
    throw new Error(`This zip has no ${COURSE_FILE_NAME}: zip the course folder, with ${COURSE_FILE_NAME} at its top.`);
  const root = courseFiles[0].slice(0, -COURSE_FILE_NAME.length);
  const wanted = (name: string) => {
    if (!name.startsWith(root)) return false;
    const parts = name.slice(root.length).split('/');
    return (
      (parts.length === 1 && parts[0] === COURSE_FILE_NAME) ||
      (parts.length === 2 && (LESSON_FILE_NAMES as readonly string[]).includes(parts[1]))
    );
  };
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (entry) => {
        if (!wanted(entry.name)) return false;
        if (entry.originalSize > MAX_FILE_BYTES)
          throw new Error(`${entry.name} is ${entry.originalSize} bytes; a lesson file is at most 2 MB`);
        return true;
      },
    });
  } catch (error) {
    throw new Error(`This zip could not be read: ${(error as Error).message}.`, { cause: error });
  }
  const files: CourseFiles = {};
  for (const [name, content] of Object.entries(unzipped)) {
    if (content.byteLength > MAX_FILE_BYTES) throw new Error(`${name} is larger than 2 MB; a lesson file is text.`);
    files[name.slice(root.length)] = strFromU8(content);
  }
  return files;
}
