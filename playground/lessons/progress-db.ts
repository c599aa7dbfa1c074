/**
 * Lesson progress kept in IndexedDB, the store of record: it survives reloads and new
 * versions of the site. localStorage holds a mirror for a synchronous first paint and
 * for other tabs' `storage` events; progress found only there (from before) moves in.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { readProgress, type Progress } from './progress';

interface ProgressSchema extends DBSchema {
  progress: { key: string; value: string };
}

const DB_NAME = 'kindling-lessons';
/** Kindling's own lessons' progress; a teacher's course keeps its own under `course:<id>`. */
const KEY = 'progress';

/** The IndexedDB key of a course's progress (undefined: Kindling's own lessons). */
export function progressDbKeyOf(courseId: string | undefined): string {
  return courseId === undefined ? KEY : `course:${courseId}`;
}

let db: Promise<IDBPDatabase<ProgressSchema>> | null = null;

function open(): Promise<IDBPDatabase<ProgressSchema>> {
  db ??= openDB<ProgressSchema>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('progress');
    },
  });
  return db;
}

/** The saved progress, or null when IndexedDB holds none (or cannot be opened). */
export async function loadProgressDb(key: string = KEY): Promise<Progress | null> {
  try {
    const text = await (await open()).get('progress', key);
    return text === undefined ? null : readProgress(text);
  } catch {
    return null;
  }
}

/** Saves progress; resolves false when it could not be saved. */
export async function saveProgressDb(progress: Progress, key: string = KEY): Promise<boolean> {
  try {
    await (await open()).put('progress', JSON.stringify(progress), key);
    return true;
  } catch {
    return false;
  }
}
