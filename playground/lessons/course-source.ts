/**
 * Where a course of a teacher's own comes from, read into its files (the
 * shape `courseFromFiles` takes): a folder on a web server, opened by its
 * address (`?course=URL`, same origin or served with CORS), or a zip the
 * learner picks. Only the course file and the lesson files are read; every
 * failure is an Error whose message says what to do.
 */
import { strFromU8, unzipSync } from 'fflate';
import {
  COURSE_FILE_MAX_BYTES,
  COURSE_FILE_NAME,
  COURSE_FILES_MAX_BYTES,
  LESSON_FILE_NAMES,
  courseFileProblems,
  parseCourseFile,
} from '../../engine/lessons';

/** The text files of a course (course.json and the lessons'), keyed by their path inside the course folder. */
export type CourseFiles = Record<string, string>;

/** The data and image files a course ships (`files` in course.json), keyed by their path inside the course folder. */
export type CourseData = Record<string, Uint8Array>;

/** A course's text files and a little more for its data; stops a wrong pick (a video, a zip bomb) early. */
export const MAX_ZIP_BYTES = COURSE_FILES_MAX_BYTES + 10 * 1024 * 1024;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The files course.json lists (none when it cannot be read: the caller reports a broken course file). */
function listedFiles(courseText: string | undefined): string[] {
  if (courseText === undefined) return [];
  try {
    return parseCourseFile(courseText).files;
  } catch {
    return [];
  }
}

/** Throws, in words, when the course's data files are not all there or weigh too much. */
function checkData(listed: readonly string[], sizes: ReadonlyMap<string, number>, from: string): void {
  const problems = courseFileProblems(listed, sizes);
  if (problems.length > 0)
    throw new Error(
      `The course's files are not right (${from}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
}

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
 * lesson's files (a missing `solution.js` is fine: the course keeps it) and
 * every data and image file it lists (each must be there, and not too large).
 * Each request asks the server whether the file changed, so a teacher's
 * update reaches the learner at the next visit.
 *
 * @example
 * const { folder, files, data } = await fetchCourse('https://teacher.example/spark-course/', location.href);
 */
export async function fetchCourse(
  address: string,
  base: string,
  fetchFile: typeof fetch = fetch,
): Promise<{ folder: string; files: CourseFiles; data: CourseData }> {
  const { folder, file } = courseAddress(address, base);
  const get = async (url: string, optional = false): Promise<Response | undefined> => {
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
    return response;
  };
  const read = async (url: string, optional = false): Promise<string | undefined> => (await get(url, optional))?.text();
  const files: CourseFiles = {};
  const data: CourseData = {};
  const courseText = await read(file);
  if (courseText === undefined) throw new Error(`There is no ${COURSE_FILE_NAME} at ${file}.`);
  files[COURSE_FILE_NAME] = courseText;
  // A broken course file is reported by the caller; without its list there is nothing else to fetch.
  let lessons: string[];
  try {
    lessons = parseCourseFile(courseText).lessons;
  } catch {
    return { folder, files, data };
  }
  const listed = listedFiles(courseText);
  const urlOf = (path: string) => new URL(path.split('/').map(encodeURIComponent).join('/'), folder).href;
  const sizes = new Map<string, number>();
  await Promise.all(
    listed.map(async (path) => {
      const response = await get(urlOf(path), true);
      if (response === undefined) return; // said below, with every other problem of the files
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > COURSE_FILE_MAX_BYTES) {
        // Too large: the size is all the check needs, so the rest is not downloaded.
        void response.body?.cancel().catch(() => {});
        sizes.set(path, declared);
        return;
      }
      data[path] = new Uint8Array(await response.arrayBuffer());
      sizes.set(path, data[path].byteLength);
    }),
  );
  checkData(listed, sizes, folder);
  await Promise.all(
    lessons.flatMap((lesson) =>
      LESSON_FILE_NAMES.map(async (name) => {
        // Any lesson file may be missing; the lesson reader then says which, lesson by lesson.
        const text = await read(new URL(`${encodeURIComponent(lesson)}/${name}`, folder).href, true);
        if (text !== undefined) files[`${lesson}/${name}`] = text;
      }),
    ),
  );
  return { folder, files, data };
}

/**
 * Reads a course from a zip: the course file wherever it sits (at the top, or
 * in the one folder a zipped course folder makes), the lesson files beside
 * it, and the data and image files it lists (each must be there, and not too
 * large). Nothing else in the zip is decompressed.
 *
 * @example
 * const { files, data } = readCourseZip(new Uint8Array(await file.arrayBuffer()));
 */
export function readCourseZip(bytes: Uint8Array): { files: CourseFiles; data: CourseData } {
  if (bytes.byteLength > MAX_ZIP_BYTES)
    throw new Error(
      `This zip is ${megabytes(bytes.byteLength)}; a course zip (lessons, data and images) is at most ${megabytes(MAX_ZIP_BYTES)}.`,
    );
  const names: string[] = [];
  unzipOrSay(
    bytes,
    (entry) => {
      names.push(entry.name);
      return false;
    },
    (message) => `This file is not a zip that can be read (${message}).`,
  );
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
  const unzipped = unzipOrSay(bytes, (entry) => {
    if (!wanted(entry.name)) return false;
    if (entry.originalSize > MAX_FILE_BYTES)
      throw new Error(`${entry.name} is ${entry.originalSize} bytes; a lesson file is at most 2 MB`);
    return true;
  });
  const files: CourseFiles = {};
  for (const [name, content] of Object.entries(unzipped)) {
    if (content.byteLength > MAX_FILE_BYTES) throw new Error(`${name} is larger than 2 MB; a lesson file is text.`);
    files[name.slice(root.length)] = strFromU8(content);
  }
  const listed = listedFiles(files[COURSE_FILE_NAME]);
  const sizes = new Map<string, number>();
  const data: CourseData = {};
  if (listed.length > 0) {
    const unzippedData = unzipOrSay(bytes, (entry) => {
      const path = entry.name.slice(root.length);
      if (!entry.name.startsWith(root) || !listed.includes(path)) return false;
      sizes.set(path, entry.originalSize);
      // Too large: its size is all the check needs.
      return entry.originalSize <= COURSE_FILE_MAX_BYTES;
    });
    for (const [name, content] of Object.entries(unzippedData)) {
      data[name.slice(root.length)] = content;
      sizes.set(name.slice(root.length), content.byteLength);
    }
  }
  checkData(listed, sizes, 'in the zip');
  return { files, data };
}

function unzipOrSay(
  bytes: Uint8Array,
  filter: (entry: { name: string; originalSize: number }) => boolean,
  say = (message: string) => `This zip could not be read: ${message}.`,
): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (error) {
    throw new Error(say((error as Error).message), { cause: error });
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
