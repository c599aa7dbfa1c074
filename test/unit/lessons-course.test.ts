/**
 * Courses of a teacher's own: the course file, reading a course from its
 * files, a zip and a web server, progress per course and per lesson (the
 * hand-in file), the routes, and how `grade` reads a course's hand-ins.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { CourseFormatError, courseFromFiles, parseCourseFile } from '../../engine/lessons/course';
import { loadLessonDir } from '../../engine/lessons/load-from-disk';
import { courseIdOf, readSubmissions } from '../../engine/runner/submissions';
import { courseAddress, fetchCourse, readCourseZip } from '../../playground/lessons/course-source';
import { hashOf, routeOf } from '../../playground/lessons/flow';
import {
  importProgress,
  progressFile,
  progressKeyOf,
  readProgressFileScoped,
  type Progress,
} from '../../playground/lessons/progress';

const COURSE = resolve(import.meta.dirname, '../e2e/fixtures/course');

/** Every file of the fixture course, keyed by its path inside the course folder. */
function courseFiles(): Record<string, string> {
  const files: Record<string, string> = { 'course.json': readFileSync(join(COURSE, 'course.json'), 'utf8') };
  for (const lesson of readdirSync(COURSE, { withFileTypes: true })) {
    if (!lesson.isDirectory()) continue;
    for (const name of readdirSync(join(COURSE, lesson.name)))
      files[`${lesson.name}/${name}`] = readFileSync(join(COURSE, lesson.name, name), 'utf8');
  }
  return files;
}

function courseProblems(text: string): string[] {
  try {
    parseCourseFile(text);
    return [];
  } catch (error) {
    if (error instanceof CourseFormatError) return error.problems;
    throw error;
  }
}

describe('the course file', () => {
  test('gives the id, title, summary and the lessons in order', () => {
    expect(parseCourseFile('{"id":"joins","title":" Joins ","lessons":["02-b","01-a"]}')).toEqual({
      id: 'joins',
      title: 'Joins',
      lessons: ['02-b', '01-a'],
      files: [],
    });
  });

  test.each([
    ['{\n  "id": "x",\n}', /^course\.json:3:1: not valid JSON/],
    ['[]', /must be a JSON object/],
    ['{"id":"Joins!","title":"t","lessons":["a"]}', /needs an "id" of lower-case letters/],
    ['{"id":"j","lessons":["a"]}', /needs a "title"/],
    ['{"id":"j","title":"t","lessons":[]}', /needs "lessons"/],
    ['{"id":"j","title":"t","lessons":["a","a"]}', /"a" is listed twice/],
    ['{"id":"j","title":"t","lessons":["../secret"]}', /is not a folder name/],
    ['{"id":"j","title":"t","lessons":["a/b"]}', /is not a folder name/],
    ['{"id":"j","title":"t","lessons":["a"],"order":[1]}', /unknown field "order"/],
  ])('refuses %j', (text, problem) => {
    expect(courseProblems(text).join('\n')).toMatch(problem);
  });

  test('the example course reads whole, in the file’s order; a lesson may leave solution.js out', () => {
    const course = courseFromFiles(courseFiles());
    expect(course.broken).toEqual([]);
    expect(course.lessons.map((lesson) => lesson.id)).toEqual(['01-count-words', '02-fewer-tasks']);
    expect(course.lessons[0].solution).toContain('reduceByKey((a, b) => a + b, 3)');
    expect(course.lessons[1].solution).toBeUndefined();
  });

  test('a listed lesson that is missing or broken is reported; unlisted folders are left out', () => {
    const files = courseFiles();
    files['course.json'] = JSON.stringify({
      id: 'c',
      title: 'C',
      lessons: ['02-fewer-tasks', 'gone', '01-count-words'],
    });
    files['01-count-words/checks.json'] = '[ { "id": "x" ]';
    files['99-draft/lesson.md'] = 'not listed';
    const course = courseFromFiles(files);
    expect(course.lessons.map((lesson) => lesson.id)).toEqual(['02-fewer-tasks']);
    expect(course.broken.map((error) => [error.lessonId, error.problems[0]])).toEqual([
      ['gone', 'lesson.md: missing'],
      ['01-count-words', expect.stringMatching(/^checks\.json:1:\d+: not valid JSON/)],
    ]);
  });

  test('loadLessonDir reads a lesson without solution.js', async () => {
    expect((await loadLessonDir(join(COURSE, '02-fewer-tasks'))).solution).toBeUndefined();
  });
});

describe('a course from a zip', () => {
  const zipOf = (entries: Record<string, string>) =>
    zipSync(Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, strToU8(text)])));

  test('the course folder zipped (one folder at the top): only the course and lesson files are read', () => {
    const entries = Object.fromEntries(
      Object.entries(courseFiles()).map(([path, text]) => [`spark-basics/${path}`, text]),
    );
    entries['spark-basics/notes/todo.txt'] = 'not a lesson file';
    entries['__MACOSX/spark-basics/course.json'] = 'resource fork';
    const { files, data } = readCourseZip(zipOf(entries));
    expect(files).toEqual(courseFiles());
    expect(data).toEqual({});
    expect(courseFromFiles(files).lessons).toHaveLength(2);
  });

  test('course.json at the top works too', () => {
    expect(Object.keys(readCourseZip(zipOf(courseFiles())).files).sort()).toEqual(Object.keys(courseFiles()).sort());
  });

  test('a zip without course.json, or not a zip at all, says so', () => {
    expect(() => readCourseZip(zipOf({ 'a/lesson.md': 'x' }))).toThrow(/has no course\.json: zip the course folder/);
    expect(() => readCourseZip(strToU8('just text'))).toThrow(/not a zip that can be read/);
  });
});

describe('a course from its address', () => {
  test('the folder or its course.json, relative or absolute; nothing but http(s)', () => {
    expect(courseAddress('courses/basics', 'https://site.example/kindling/')).toEqual({
      folder: 'https://site.example/kindling/courses/basics/',
      file: 'https://site.example/kindling/courses/basics/course.json',
    });
    expect(courseAddress('https://t.example/c/course.json#x', 'https://site.example/').folder).toBe(
      'https://t.example/c/',
    );
    expect(() => courseAddress('javascript:alert(1)', 'https://site.example/')).toThrow(/starts with https:\/\//);
  });

  /** A web server holding the example course (without solution.js for lesson 2, as it is). */
  function server(files: Record<string, string>, base = 'https://teacher.example/basics/'): typeof fetch {
    return (async (input: RequestInfo | URL) => {
      const url = String(input);
      const path = decodeURIComponent(url.slice(base.length));
      if (!url.startsWith(base) || files[path] === undefined) return new Response('not found', { status: 404 });
      return new Response(files[path], { status: 200 });
    }) as typeof fetch;
  }

  test('fetches the course file and every listed lesson’s files', async () => {
    const { folder, files } = await fetchCourse(
      'https://teacher.example/basics',
      'https://site.example/',
      server(courseFiles()),
    );
    expect(folder).toBe('https://teacher.example/basics/');
    expect(files).toEqual(courseFiles());
  });

  test('a server that cannot be read (CORS) and a missing course file are explained', async () => {
    const refused = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(fetchCourse('https://other.example/c/', 'https://site.example/', refused)).rejects.toThrow(
      /Access-Control-Allow-Origin/,
    );
    await expect(fetchCourse('https://teacher.example/basics/', 'https://site.example/', server({}))).rejects.toThrow(
      /answered 404/,
    );
  });
});

describe('progress per course, and the file a student hands in', () => {
  const progress: Progress = {
    version: 1,
    lessons: {
      '01-count-words': { source: 'mine', answers: { jobs: 1 }, passedAt: '2026-01-01T00:00:00.000Z' },
      '02-fewer-tasks': { source: 'other' },
    },
  };
  const course = { id: 'spark-basics-e2e', title: 'Spark basics' };

  test('each course keeps its progress under its own key', () => {
    expect(progressKeyOf(undefined)).toBe('kindling.lessons.v1');
    expect(progressKeyOf('spark-basics-e2e')).toBe('kindling.course.spark-basics-e2e.v1');
  });

  test('one lesson exported: only that lesson, with the course and lesson named', () => {
    const read = readProgressFileScoped(progressFile(progress, new Date(0), { course, lesson: '01-count-words' }));
    expect(read.scope).toEqual({ course, lesson: '01-count-words' });
    expect(Object.keys(read.progress.lessons)).toEqual(['01-count-words']);
  });

  test('importing: a whole-course file replaces, a one-lesson file replaces that lesson only, another course is refused', () => {
    const current: Progress = { version: 1, lessons: { '02-fewer-tasks': { source: 'kept' } } };
    const whole = readProgressFileScoped(progressFile(progress, new Date(0), { course }));
    expect(importProgress(current, whole, course.id)).toEqual(progress);
    const one = readProgressFileScoped(progressFile(progress, new Date(0), { course, lesson: '01-count-words' }));
    expect(importProgress(current, one, course.id).lessons).toEqual({
      '01-count-words': progress.lessons['01-count-words'],
      '02-fewer-tasks': { source: 'kept' },
    });
    expect(() => importProgress(current, whole, undefined)).toThrow(
      /course “Spark basics”, not in Kindling’s own lessons/,
    );
    const own = readProgressFileScoped(progressFile(progress));
    expect(() => importProgress(current, own, course.id)).toThrow(/Kindling’s own lessons, not in this course/);
  });

  test('grade reads a hand-in for its lesson and course, and refuses a mix-up with the reason', async () => {
    const work = mkdtempSync(join(tmpdir(), 'hand-ins-'));
    const lessonDir = join(work, 'course', '01-count-words');
    cpSync(COURSE, join(work, 'course'), { recursive: true });
    expect(await courseIdOf(lessonDir)).toBe('spark-basics-e2e');
    expect(await courseIdOf('lessons/01-driver-executors-tasks')).toBeUndefined();
    const handIn = (scope: Parameters<typeof progressFile>[2]) => progressFile(progress, new Date(0), scope);
    writeFileSync(
      join(work, 'ada.json'),
      handIn({ course: { id: 'spark-basics-e2e', title: 'x' }, lesson: '01-count-words' }),
    );
    writeFileSync(
      join(work, 'bob.json'),
      handIn({ course: { id: 'spark-basics-e2e', title: 'x' }, lesson: '02-fewer-tasks' }),
    );
    writeFileSync(join(work, 'cy.json'), handIn({ course: { id: 'another', title: 'x' } }));
    writeFileSync(join(work, 'dee.json'), handIn({}));
    const submissions = await readSubmissions(
      ['ada', 'bob', 'cy', 'dee'].map((name) => join(work, `${name}.json`)),
      '01-count-words',
      await courseIdOf(lessonDir),
    );
    expect(submissions.map((s) => [s.name, s.source ?? s.problem])).toEqual([
      ['ada', 'mine'],
      ['bob', 'the progress file holds lesson 02-fewer-tasks, not 01-count-words'],
      ['cy', 'the progress file is from the course "another", not "spark-basics-e2e"'],
      ['dee', 'the progress file is from Kindling\'s own lessons, not the course "spark-basics-e2e"'],
    ]);
    expect(submissions[0].answers).toEqual({ jobs: 1 });
  });
});

test('routes: Kindling’s lessons, the course list, a course and its lessons', () => {
  expect(routeOf('#/courses')).toEqual({ page: 'courses' });
  expect(routeOf('#/courses/spark-basics')).toEqual({ page: 'list', course: 'spark-basics' });
  expect(routeOf('#/courses/spark-basics/01-count-words')).toEqual({
    page: 'lesson',
    course: 'spark-basics',
    id: '01-count-words',
  });
  for (const route of [
    { page: 'courses' as const },
    { page: 'list' as const, course: 'a-b' },
    { page: 'lesson' as const, course: 'a-b', id: '01-x' },
    { page: 'lesson' as const, id: '01-x' },
  ])
    expect(routeOf(hashOf(route))).toEqual(route);
  expect(routeOf('#/courses/a/b/c')).toBeUndefined();
});
