/**
 * Opening a teacher's course: from its address (fetched afresh at each
 * visit, so the teacher's changes arrive; the copy kept in the browser when
 * the server cannot be reached) or from a zip. Either way the course is
 * checked (its course file must be right; a broken lesson is listed, not
 * fatal) and kept in this browser under its id.
 */
import {
  CourseFormatError,
  courseFromFiles,
  type Course,
  type Lesson,
  type LessonFormatError,
} from '../../engine/lessons';
import { courseAddress, fetchCourse, readCourseZip, type CourseData } from './course-source';
import { getCourse, listCourses, saveCourse, saveCourseData, type SavedCourse } from './course-store';

/** What a course shows: its lessons in order, those that could not be read, and (for a teacher's) its file's id and title. */
export interface CourseContent {
  /** The course file's id; undefined for Kindling's own lessons. */
  id?: string;
  title: string;
  summary?: string;
  lessons: readonly Lesson[];
  broken: readonly LessonFormatError[];
  /**
   * The data and image files a teacher's course ships (course.json's `files`), kept in this browser; for Kindling's
   * own lessons, those of the course folder the site was built with, files of the site.
   */
  files?: readonly string[];
}

/** A course ready to show, with a note when it is not the newest copy. */
export interface OpenedCourse {
  saved: SavedCourse;
  content: CourseContent;
  /** Said above the course: e.g. that the server could not be reached and the kept copy is shown. */
  note?: string;
}

/** What a kept course shows. Throws when its course file is broken (a kept course never is). */
export function contentOf(saved: SavedCourse): CourseContent {
  return contentOfCourse(courseFromFiles(saved.files));
}

function contentOfCourse(course: Course): CourseContent {
  return {
    id: course.file.id,
    title: course.file.title,
    ...(course.file.summary ? { summary: course.file.summary } : {}),
    lessons: course.lessons,
    broken: course.broken,
    ...(course.file.files.length > 0 ? { files: course.file.files } : {}),
  };
}

function readCourse(files: Record<string, string>, from: string): Course {
  try {
    return courseFromFiles(files);
  } catch (error) {
    if (error instanceof CourseFormatError)
      throw new Error(`The course at ${from} cannot be opened: ${error.message}`, { cause: error });
    throw error;
  }
}

async function keep(
  course: Course,
  source: SavedCourse['source'],
  files: Record<string, string>,
  data: CourseData,
): Promise<SavedCourse> {
  const saved: SavedCourse = {
    id: course.file.id,
    title: course.file.title,
    ...(course.file.summary ? { summary: course.file.summary } : {}),
    lessonCount: course.lessons.length,
    source,
    files,
    savedAt: new Date().toISOString(),
  };
  // The data first: its programs cannot run without it, so a browser that cannot store it says so.
  const before = await getCourse(saved.id).catch(() => undefined);
  const listedBefore = before ? courseFromFiles(before.files).file.files : [];
  await saveCourseData(saved.id, data, listedBefore);
  // A browser that cannot store the lessons still shows them, for this visit.
  await saveCourse(saved).catch(() => {});
  return saved;
}

/**
 * Opens the course at `address` (`?course=…`): fetched and kept; when the
 * server cannot be reached, the copy this browser kept from that address.
 *
 * @example
 * const { content } = await openCourseFromAddress('https://teacher.example/joins/', location.href);
 */
export async function openCourseFromAddress(address: string, base: string): Promise<OpenedCourse> {
  let fetched: Awaited<ReturnType<typeof fetchCourse>>;
  try {
    fetched = await fetchCourse(address, base);
  } catch (error) {
    const kept = (await listCourses().catch(() => [])).find(
      (course) => course.source.kind === 'url' && course.source.url === safeFolder(address, base),
    );
    if (!kept) throw error;
    return {
      saved: kept,
      content: contentOf(kept),
      note: `${(error as Error).message} Showing the copy this browser kept on ${new Date(kept.savedAt).toLocaleString()}.`,
    };
  }
  const course = readCourse(fetched.files, fetched.folder);
  const saved = await keep(course, { kind: 'url', url: fetched.folder }, fetched.files, fetched.data);
  return { saved, content: contentOfCourse(course) };
}

function safeFolder(address: string, base: string): string | undefined {
  try {
    return courseAddress(address, base).folder;
  } catch {
    return undefined;
  }
}

/**
 * Imports a course from a zip file the learner picked, and keeps it.
 *
 * @example
 * const { content } = await importCourseZip(input.files[0]);
 */
export async function importCourseZip(file: File): Promise<OpenedCourse> {
  const { files, data } = readCourseZip(new Uint8Array(await file.arrayBuffer()));
  const course = readCourse(files, file.name);
  const saved = await keep(course, { kind: 'zip', name: file.name }, files, data);
  return { saved, content: contentOfCourse(course) };
}

/** The kept course with this id, ready to show; undefined when this browser does not hold it. */
export async function keptCourse(id: string): Promise<OpenedCourse | undefined> {
  const saved = await getCourse(id).catch(() => undefined);
  return saved ? { saved, content: contentOf(saved) } : undefined;
}
