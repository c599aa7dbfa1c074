/**
 * The teachers' courses this browser holds: each course's files as it was
 * last opened (from its address) or imported (from a zip), in IndexedDB, so
 * a course opens again without its server and offline. The learner's progress
 * in a course is kept apart from the course itself (progress-db.ts, under the
 * course's id), so removing a course or importing a newer zip loses none of it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { BrowserFileSystem } from '../../engine/fs/browser-files';
import type { CourseData, CourseFiles } from './course-source';

/**
 * The IndexedDB file system holding a course's data and image files: the
 * same kind of store as the learner's own files, so a run's driver and
 * executors read it as they read those (the run's `fsBase` names it, see
 * engine/fs/layered.ts), in every worker and offline.
 */
export function courseFilesDatabase(courseId: string): string {
  return `kindling-course-files:${courseId}`;
}

/**
 * Keeps a course's data and image files: each listed one written anew, and a
 * file an older copy listed that this one does not is removed. Files a
 * lesson's program wrote there (its outputs) stay.
 *
 * @throws StorageFullError when the browser will not store them
 */
export async function saveCourseData(
  courseId: string,
  data: CourseData,
  previouslyListed: readonly string[],
): Promise<void> {
  const files = new BrowserFileSystem(courseFilesDatabase(courseId));
  try {
    for (const path of previouslyListed) if (!(path in data)) await files.remove(path);
    for (const [path, bytes] of Object.entries(data)) await files.write(path, bytes);
  } finally {
    await files.close();
  }
}

/** A course file as a Blob, for showing an image; undefined when this browser does not hold it. */
export async function courseFileBlob(courseId: string, path: string): Promise<Blob | undefined> {
  const files = new BrowserFileSystem(courseFilesDatabase(courseId));
  try {
    return await files.blob(path);
  } catch {
    return undefined;
  } finally {
    await files.close();
  }
}

/** One course as kept: its files and where they came from. */
export interface SavedCourse {
  /** The course file's id. */
  id: string;
  title: string;
  summary?: string;
  lessonCount: number;
  source: { kind: 'url'; url: string } | { kind: 'zip'; name: string };
  files: CourseFiles;
  /** When it was last opened from its address or imported (ISO time). */
  savedAt: string;
}

interface CourseSchema extends DBSchema {
  courses: { key: string; value: SavedCourse };
}

let db: Promise<IDBPDatabase<CourseSchema>> | null = null;

function open(): Promise<IDBPDatabase<CourseSchema>> {
  db ??= openDB<CourseSchema>('kindling-courses', 1, {
    upgrade(d) {
      d.createObjectStore('courses', { keyPath: 'id' });
    },
  });
  return db;
}

/** Every course kept in this browser, by title. */
export async function listCourses(): Promise<SavedCourse[]> {
  const all = await (await open()).getAll('courses');
  return all.sort((a, b) => a.title.localeCompare(b.title));
}

/** One course, or undefined when this browser does not hold it. */
export async function getCourse(id: string): Promise<SavedCourse | undefined> {
  return (await open()).get('courses', id);
}

/** Keeps a course (a newer copy of the same id replaces the older one). */
export async function saveCourse(course: SavedCourse): Promise<void> {
  await (await open()).put('courses', course);
}

/** Forgets a course's files, its data too; progress in it stays (progress-db.ts). */
export async function removeCourse(id: string): Promise<void> {
  await (await open()).delete('courses', id);
  await new Promise<void>((done) => {
    const request = indexedDB.deleteDatabase(courseFilesDatabase(id));
    // Blocked (a run still reading it) or failed: the files stay until the next removal; nothing else depends on it.
    request.onsuccess = request.onerror = request.onblocked = () => done();
  });
}
