/**
 * The teachers' courses this browser holds: each course's files as it was
 * last opened (from its address) or imported (from a zip), in IndexedDB, so
 * a course opens again without its server and offline. The learner's progress
 * in a course is kept apart from the course itself (progress-db.ts, under the
 * course's id), so removing a course or importing a newer zip loses none of it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CourseFiles } from './course-source';

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

/** Forgets a course's files; progress in it stays (progress-db.ts). */
export async function removeCourse(id: string): Promise<void> {
  await (await open()).delete('courses', id);
}
