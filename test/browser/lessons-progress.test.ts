/** Lesson progress lives in IndexedDB and survives a fresh read (a reload). */
import { expect, test } from 'vitest';
import { loadProgressDb, saveProgressDb } from '../../playground/lessons/progress-db';
import { emptyProgress, markPassed, withSource } from '../../playground/lessons/progress';

test('progress saved to IndexedDB reads back the same', async () => {
  let progress = emptyProgress();
  progress = markPassed(progress, '01-driver-executors-tasks', new Date('2026-11-21T10:00:00Z'));
  progress = withSource(progress, '02-narrow-wide-stages', 'const x = 1;', 'const x = 0;');
  expect(await saveProgressDb(progress)).toBe(true);
  const back = await loadProgressDb();
  expect(back).toEqual(progress);
  const dbs = await indexedDB.databases();
  expect(dbs.some((d) => d.name === 'kindling-lessons')).toBe(true);
});
