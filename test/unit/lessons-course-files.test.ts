/**
 * A course's own data and image files (course.json's `files`): the paths a
 * course may list, what is wrong when they are missing or too large, the
 * images its lesson text names (relative to the lesson folder), and reading
 * them from a zip, from a web server and, for `grade`/`check-lesson`, from
 * disk through the runner's file server.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { CourseFormatError, courseFromFiles, parseCourseFile } from '../../engine/lessons/course';
import {
  COURSE_FILE_MAX_BYTES,
  courseFileProblems,
  courseImagePath,
  imageReferences,
} from '../../engine/lessons/course-files';
import { loadCourseData, loadLessonDir } from '../../engine/lessons/load-from-disk';
import { LessonFormatError } from '../../engine/lessons/parse';
import { startServer } from '../../engine/runner/server';
import { fetchCourse, readCourseZip } from '../../playground/lessons/course-source';
import { parseInline } from '../../playground/lessons/markdown';

const COURSE = resolve(import.meta.dirname, '../e2e/fixtures/course-with-files');
const LESSON = '01-orders-by-city';

/** Every file of the fixture course as bytes, keyed by its path inside the course folder. */
function courseBytes(): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(COURSE, path).split('\\').join('/')] = new Uint8Array(readFileSync(path));
    }
  };
  walk(COURSE);
  return out;
}

const textOf = (bytes: Record<string, Uint8Array>, paths: string[]) =>
  Object.fromEntries(paths.map((path) => [path, new TextDecoder().decode(bytes[path])]));

const work: string[] = [];
afterAll(() => {
  for (const dir of work) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture course in a fresh folder, to break. */
function copyOfCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'course-files-'));
  work.push(dir);
  cpSync(COURSE, dir, { recursive: true });
  return dir;
}

function problemsOf(json: Record<string, unknown>): string[] {
  try {
    parseCourseFile(JSON.stringify({ id: 'c', title: 'C', lessons: ['01-a'], ...json }));
    return [];
  } catch (error) {
    if (error instanceof CourseFormatError) return error.problems;
    throw error;
  }
}

describe('course.json lists the files the course ships', () => {
  test('data and images at their paths inside the course folder', () => {
    expect(
      problemsOf({ files: ['data/shop-orders.csv', 'data/events.json', 'images/plan.png', '01-a/visits.parquet'] }),
    ).toEqual([]);
    expect(parseCourseFile(readFileSync(join(COURSE, 'course.json'), 'utf8')).files).toEqual([
      'data/shop-orders.csv',
      'images/two-stages.png',
    ]);
  });

  test.each([
    ['../secret.csv', /leaves the course folder/],
    ['/etc/data.csv', /not relative to the course folder/],
    ['https://example.org/a.csv', /not relative to the course folder/],
    ['data//a.csv', /empty folder name/],
    ['data/_hidden.csv', /Spark skips input files whose names start with "_"/],
    ['data/.env.txt', /must start with a letter or digit/],
    ['data\\a.csv', /backslash/],
    ['tools/run.sh', /neither data \(.*\) nor an image/],
    ['course.json', /is a course or lesson file/],
    ['01-a/solution.js', /is a course or lesson file/],
  ])('refuses %j, saying why', (path, problem) => {
    expect(problemsOf({ files: [path] }).join('\n')).toMatch(problem);
  });

  test('refuses a path listed twice, and a list that is not one', () => {
    expect(problemsOf({ files: ['a.csv', 'a.csv'] })).toEqual(['files[1]: a.csv is listed twice']);
    expect(problemsOf({ files: 'data/a.csv' }).join()).toMatch(/"files" must be a list/);
  });

  test('a listed file that is missing, one too large, and all too large together', () => {
    const big = COURSE_FILE_MAX_BYTES + 1;
    expect(courseFileProblems(['a.csv', 'b.csv'], new Map([['b.csv', 10]]))).toEqual([
      'files: a.csv is listed in course.json but missing',
    ]);
    expect(courseFileProblems(['a.csv'], new Map([['a.csv', big]]))).toEqual([
      'files: a.csv is 10.0 MB; a course file is at most 10.0 MB',
    ]);
    const four = ['a', 'b', 'c', 'd'].map((name) => `${name}.csv`);
    expect(courseFileProblems(four, new Map(four.map((path) => [path, COURSE_FILE_MAX_BYTES])))).toEqual([
      expect.stringMatching(/^files: together 40\.0 MB; a course's files are at most 30\.0 MB/),
    ]);
  });
});

describe('images in lesson text', () => {
  test('found in Markdown and HTML blocks, not in code nor in a paragraph (where HTML shows as text)', () => {
    const markdown = [
      'A ![plan](plan.png "the plan") and `![not](code.png)`; <img src="text.png"> in a paragraph is text.',
      '',
      '<p><img alt="x" src="../images/a.svg"></p>',
      '```',
      '![fenced](fenced.png)',
      '```',
      "<img src='https://example.org/b.png'>",
    ].join('\n');
    expect(imageReferences(markdown)).toEqual(['plan.png', '../images/a.svg', 'https://example.org/b.png']);
  });

  test('read relative to the lesson folder, as Markdown reads them', () => {
    expect(courseImagePath('01-a', 'plan.png')).toBe('01-a/plan.png');
    expect(courseImagePath('01-a', './img/plan%20v2.png')).toBe('01-a/img/plan v2.png');
    expect(courseImagePath('01-a', '../images/plan.png')).toBe('images/plan.png');
    expect(courseImagePath('01-a', 'https://example.org/a.png')).toBeUndefined();
    expect(String(courseImagePath('01-a', '../../outside.png'))).toMatch(/leaves the course folder/);
    expect(String(courseImagePath('01-a', '/site.png'))).toMatch(/starts with \//);
  });

  test('a lesson whose text names an image the course does not ship is reported, with what it does ship', () => {
    const bytes = courseBytes();
    const files = textOf(
      bytes,
      Object.keys(bytes).filter((path) => !/\.(png|csv)$/.test(path)),
    );
    expect(courseFromFiles(files).lessons.map((lesson) => lesson.id)).toEqual([LESSON]);
    files[`${LESSON}/lesson.md`] = files[`${LESSON}/lesson.md`].replace('../images/two-stages.png', 'two-stages.png');
    const course = courseFromFiles(files);
    expect(course.lessons).toEqual([]);
    expect(course.broken[0].problems).toEqual([
      `lesson.md: image "two-stages.png" is ${LESSON}/two-stages.png in the course folder, which course.json's "files" ` +
        'does not list (it lists data/shop-orders.csv, images/two-stages.png)',
    ]);
  });

  test('the lesson Markdown reader makes an image of ![alt](src), and words of one from another scheme', () => {
    expect(parseInline('See ![the *plan*](../images/plan.png).')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'image', src: '../images/plan.png', alt: 'the plan' },
      { kind: 'text', text: '.' },
    ]);
    expect(parseInline('![pixel](javascript:alert(1))')).toEqual([{ kind: 'text', text: 'pixel' }]);
  });
});

describe('read from a zip and from a web server', () => {
  const zipOf = (entries: Record<string, Uint8Array>) =>
    zipSync(Object.fromEntries(Object.entries(entries).map(([path, bytes]) => [`shop/${path}`, bytes])));

  test('a zip gives the lesson files as text and the listed files as bytes; nothing else', () => {
    const bytes = courseBytes();
    const { files, data } = readCourseZip(zipOf({ ...bytes, 'data/unlisted.csv': strToU8('a,b\n') }));
    expect(Object.keys(data).sort()).toEqual(['data/shop-orders.csv', 'images/two-stages.png']);
    expect(data['images/two-stages.png']).toEqual(bytes['images/two-stages.png']);
    expect(courseFromFiles(files).lessons).toHaveLength(1);
  });

  test('a zip missing a listed file, or with one too large, says which', () => {
    const bytes = courseBytes();
    delete bytes['data/shop-orders.csv'];
    expect(() => readCourseZip(zipOf(bytes))).toThrow(/data\/shop-orders\.csv is listed in course\.json but missing/);
    // Zeros compress to almost nothing: the zip is small, the file is not.
    bytes['data/shop-orders.csv'] = new Uint8Array(COURSE_FILE_MAX_BYTES + 1);
    expect(() => readCourseZip(zipOf(bytes))).toThrow(/data\/shop-orders\.csv is 10\.0 MB; a course file is at most/);
  });

  /** A web server holding `files` under `base`. */
  function server(files: Record<string, Uint8Array>, base = 'https://teacher.example/shop/'): typeof fetch {
    return (async (input: RequestInfo | URL) => {
      const url = String(input);
      const path = decodeURIComponent(url.slice(base.length));
      const body = files[path];
      if (!url.startsWith(base) || body === undefined) return new Response('not found', { status: 404 });
      return new Response(body.slice(), { status: 200, headers: { 'content-length': String(body.byteLength) } });
    }) as typeof fetch;
  }

  test('a web server: every listed file fetched as bytes; one missing or too large stops the course, naming it', async () => {
    const bytes = courseBytes();
    const { data } = await fetchCourse('https://teacher.example/shop/', 'https://site.example/', server(bytes));
    expect(data['data/shop-orders.csv']).toEqual(bytes['data/shop-orders.csv']);
    expect(data['images/two-stages.png']).toEqual(bytes['images/two-stages.png']);

    const without = { ...bytes };
    delete without['images/two-stages.png'];
    await expect(
      fetchCourse('https://teacher.example/shop/', 'https://site.example/', server(without)),
    ).rejects.toThrow(/images\/two-stages\.png is listed in course\.json but missing/);
    const big = { ...bytes, 'data/shop-orders.csv': new Uint8Array(COURSE_FILE_MAX_BYTES + 1) };
    await expect(fetchCourse('https://teacher.example/shop/', 'https://site.example/', server(big))).rejects.toThrow(
      /data\/shop-orders\.csv is 10\.0 MB/,
    );
  });
});

describe('on disk, for grade and check-lesson', () => {
  test('a lesson of a course gets the course folder and its listed files; a lesson outside a course none', async () => {
    expect(await loadCourseData(join(COURSE, LESSON))).toEqual({
      root: COURSE,
      paths: ['data/shop-orders.csv', 'images/two-stages.png'],
    });
    expect(await loadCourseData('lessons/01-driver-executors-tasks')).toBeUndefined();
  });

  test('a listed file missing on disk, and an image the course does not list, are format errors', async () => {
    const dir = copyOfCourse();
    rmSync(join(dir, 'data/shop-orders.csv'));
    await expect(loadCourseData(join(dir, LESSON))).rejects.toThrow(CourseFormatError);
    await expect(loadCourseData(join(dir, LESSON))).rejects.toThrow(
      /data\/shop-orders\.csv is listed in course\.json but missing/,
    );
    const md = join(dir, LESSON, 'lesson.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace('../images/two-stages.png', '../images/gone.png'));
    await expect(loadLessonDir(join(dir, LESSON))).rejects.toThrow(LessonFormatError);
    await expect(loadLessonDir(join(dir, LESSON))).rejects.toThrow(
      /image "\.\.\/images\/gone\.png" is images\/gone\.png/,
    );
  });

  test('the runner serves the listed files over the playground’s, and nothing else of the course folder', async () => {
    const data = await loadCourseData(join(COURSE, LESSON));
    const distDir = mkdtempSync(join(tmpdir(), 'course-dist-'));
    work.push(distDir);
    const server = await startServer({ distDir, fsRoot: resolve('public'), readOnly: true, overlay: data });
    try {
      const index = (await (await fetch(`${server.url}/fs/index.json`)).json()) as { path: string; size: number }[];
      expect(index.find((entry) => entry.path === 'data/shop-orders.csv')).toEqual({
        path: 'data/shop-orders.csv',
        size: statSync(join(COURSE, 'data/shop-orders.csv')).size,
      });
      // The site's own data is still there beside the course's.
      expect(index.some((entry) => entry.path.startsWith('data/books/'))).toBe(true);
      const csv = await fetch(`${server.url}/fs/data/shop-orders.csv`, { headers: { Range: 'bytes=0-20' } });
      expect(csv.status).toBe(206);
      expect(await csv.text()).toBe('order_id,city,amount\n');
      // The lesson's solution sits in the course folder, and is not a listed file.
      expect((await fetch(`${server.url}/fs/${LESSON}/solution.js`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  test('a course file of the same path as one of the site’s hides it', async () => {
    const course = copyOfCourse();
    writeFileSync(join(course, 'mine.csv'), 'a,b\n');
    const distDir = mkdtempSync(join(tmpdir(), 'course-dist-'));
    work.push(distDir);
    // public/ holds data/orders.csv (the SQL lessons' data set); the course's own copy is served in its place.
    writeFileSync(join(course, 'data/orders.csv'), 'mine\n');
    const server = await startServer({
      distDir,
      fsRoot: resolve('public'),
      overlay: { root: course, paths: ['data/orders.csv'] },
    });
    try {
      const index = (await (await fetch(`${server.url}/fs/index.json`)).json()) as { path: string; size: number }[];
      expect(index.filter((entry) => entry.path === 'data/orders.csv')).toEqual([{ path: 'data/orders.csv', size: 5 }]);
      expect(await (await fetch(`${server.url}/fs/data/orders.csv`)).text()).toBe('mine\n');
      // Not listed: not served, though it is in the course folder.
      expect((await fetch(`${server.url}/fs/mine.csv`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
