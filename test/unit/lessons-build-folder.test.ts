/** Building the site with a course folder instead of the built-in lessons (scripts/vite-lessons.ts). */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { lessonsFromFiles } from '../../engine/lessons';
import { lessonsFolder, readLessonFiles } from '../../scripts/vite-lessons';

const root = resolve(import.meta.dirname, '../..');

test('the built-in lessons unless KINDLING_LESSONS names a folder (from where the command was typed)', () => {
  expect(lessonsFolder(root, {})).toBe(join(root, 'lessons'));
  expect(lessonsFolder(root, { KINDLING_LESSONS: 'course', INIT_CWD: '/home/t' })).toBe('/home/t/course');
  expect(lessonsFolder(root, { KINDLING_LESSONS: '/srv/course' })).toBe('/srv/course');
});

test("a course folder's lessons, and only they, are what the build carries", () => {
  const course = mkdtempSync(join(tmpdir(), 'course-'));
  cpSync(join(root, 'lessons', '01-driver-executors-tasks'), join(course, 'intro'), { recursive: true });
  mkdirSync(join(course, '.git'));
  writeFileSync(join(course, '.git', 'HEAD'), 'ref');
  writeFileSync(join(course, 'intro', '.notes.md'), 'private');
  writeFileSync(join(course, 'course.json'), '{}');
  const files = readLessonFiles(course);
  expect(Object.keys(files).sort()).toEqual(
    ['checks.json', 'lesson.md', 'questions.json', 'solution.js', 'solution.py', 'starter.js', 'starter.py'].map(
      (name) => `/lessons/intro/${name}`,
    ),
  );
  const { lessons, broken } = lessonsFromFiles(files);
  expect(broken).toEqual([]);
  expect(lessons.map((lesson) => [lesson.id, lesson.title])).toEqual([['intro', 'Driver, executors and tasks']]);
  // The lesson in Python travels with it.
  expect(lessons[0].python?.solution).toContain('sc.parallelize(range(1, 101), 5)');
});
