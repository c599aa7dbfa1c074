/** Building the site with a course folder instead of the built-in lessons (scripts/vite-lessons.ts). */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lessonsFromFiles } from '../../engine/lessons';
import {
  kindlingLessons,
  lessonsFolder,
  readCourseFiles,
  readLessonFiles,
  withCourseFiles,
} from '../../scripts/vite-lessons';

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

describe("a course folder's own files (course.json's files) in the build", () => {
  const fixture = join(root, 'test/e2e/fixtures/course-with-files');
  const plugin = (folder: string) =>
    kindlingLessons(root, { KINDLING_LESSONS: folder }) as unknown as {
      configResolved(config: unknown): void;
      load(this: unknown, id: string): string | undefined;
      generateBundle(this: unknown): void;
    };
  const siteConfig = {
    command: 'build',
    publicDir: join(root, 'public'),
    build: { rollupOptions: { input: { main: 'index.html' } } },
  };

  test('the build emits each listed file at its path and an index.json listing them over the site’s data', () => {
    const lessons = plugin(fixture);
    lessons.configResolved(siteConfig);
    const context = {
      addWatchFile: () => {},
      error: (message: string) => {
        throw new Error(message);
      },
    };
    const module = lessons.load.call(context, '\0virtual:kindling-lessons')!;
    expect(module).toContain('export const courseFiles = ["data/shop-orders.csv","images/two-stages.png"];');
    const emitted: { fileName: string; source: string | Uint8Array }[] = [];
    lessons.generateBundle.call({ ...context, emitFile: (file: (typeof emitted)[number]) => emitted.push(file) });
    expect(emitted.map((file) => file.fileName)).toEqual([
      'data/shop-orders.csv',
      'images/two-stages.png',
      'index.json',
    ]);
    expect(Buffer.from(emitted[0].source).equals(readFileSync(join(fixture, 'data/shop-orders.csv')))).toBe(true);
    const manifest = JSON.parse(String(emitted[2].source)) as { path: string; size: number }[];
    const site = JSON.parse(readFileSync(join(root, 'public/index.json'), 'utf8')) as { path: string; size: number }[];
    expect(manifest).toEqual(
      [...site, { path: 'data/shop-orders.csv', size: 1 }, { path: 'images/two-stages.png', size: 1 }]
        .map((entry) =>
          entry.size === 1 ? { path: entry.path, size: statSync(join(fixture, entry.path)).size } : entry,
        )
        .sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    // The headless runner's build of runner.html carries none of them.
    const runner = plugin(fixture);
    runner.configResolved({ ...siteConfig, build: { rollupOptions: { input: 'runner.html' } } });
    const none: unknown[] = [];
    runner.generateBundle.call({ ...context, emitFile: (file: unknown) => none.push(file) });
    expect(none).toEqual([]);
  });

  test('a file of the same path replaces the site’s; a missing one, or one over the site’s own files, stops the build', () => {
    const course = mkdtempSync(join(tmpdir(), 'course-'));
    cpSync(fixture, course, { recursive: true });
    writeFileSync(join(course, 'data', 'orders.csv'), 'id\n1\n');
    const file = join(course, 'course.json');
    const listed = (files: string[]) =>
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), files }));
    listed(['data/orders.csv']);
    const files = readCourseFiles(course, join(root, 'public'));
    const manifest = withCourseFiles(
      [
        { path: 'data/orders.csv', size: 9999 },
        { path: 'data/a.txt', size: 3 },
      ],
      files,
    );
    expect(manifest).toEqual([
      { path: 'data/a.txt', size: 3 },
      { path: 'data/orders.csv', size: 5 },
    ]);
    listed(['data/gone.csv']);
    expect(() => readCourseFiles(course, join(root, 'public'))).toThrow(/data\/gone\.csv/);
    writeFileSync(join(course, 'favicon.svg'), '<svg/>');
    listed(['favicon.svg']);
    expect(() => readCourseFiles(course, join(root, 'public'))).toThrow(
      /favicon\.svg: the site has a file of its own there/,
    );
    // The built-in lessons have no course.json: nothing to carry.
    expect(readCourseFiles(join(root, 'lessons'))).toEqual([]);
  });
});
