/**
 * A teacher's course in a deployed site, without rebuilding it: opened by its
 * address (`?course=…`, same origin, or another origin that allows it with
 * CORS), imported from a zip, listed apart from Kindling's own lessons, with
 * progress kept per course; its Markdown shown as text, never run; a lesson
 * without solution.js; one lesson exported as the file a teacher grades.
 *
 * The course is test/e2e/fixtures/course, served to the page by Playwright's
 * router at the addresses a teacher would publish it under.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { readProgressFileScoped } from '../../playground/lessons/progress';
import { expectAccessible } from './axe';

const COURSE = resolve(import.meta.dirname, 'fixtures/course');
/** Kindling's own lessons: one folder each under lessons/ (the tally counts them, and a course's lessons are not among them). */
const OWN_LESSONS = readdirSync(resolve(import.meta.dirname, '../../lessons'), { withFileTypes: true }).filter(
  (entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name),
).length;
const RUN_TIMEOUT = 60_000;

function courseFiles(): Record<string, string> {
  const files: Record<string, string> = { 'course.json': readFileSync(join(COURSE, 'course.json'), 'utf8') };
  for (const lesson of readdirSync(COURSE, { withFileTypes: true })) {
    if (!lesson.isDirectory()) continue;
    for (const name of readdirSync(join(COURSE, lesson.name)))
      files[`${lesson.name}/${name}`] = readFileSync(join(COURSE, lesson.name, name), 'utf8');
  }
  return files;
}

/** Serves the course at `base` (a folder address); with `cors`, as a server that lets other sites read it. */
async function publish(page: Page, base: string, options: { cors: boolean }): Promise<string[]> {
  const files = courseFiles();
  const asked: string[] = [];
  await page.route(`${base}**`, async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(base).pathname.length));
    asked.push(path);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (options.cors) headers['access-control-allow-origin'] = '*';
    await route.fulfill(
      files[path] === undefined
        ? { status: 404, headers, body: 'not found' }
        : { status: 200, headers, body: files[path] },
    );
  });
  return asked;
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('kindling.e2e.started')) {
      localStorage.clear();
      sessionStorage.setItem('kindling.e2e.started', '1');
    }
  });
});

test('a course opened by its address lists its lessons and keeps its progress apart from Kindling’s lessons', async ({
  page,
  baseURL,
}) => {
  const asked = await publish(page, `${baseURL}/teacher/spark-basics/`, { cors: false });
  await page.goto('/?course=teacher/spark-basics/');
  await expect(page.getByRole('heading', { level: 2, name: 'Spark basics for the data team' })).toBeVisible();
  await expect(page).toHaveURL(/\?course=teacher\/spark-basics\/#\/courses\/spark-basics-e2e$/);
  // solution.js of lesson 2 was asked for and is not there: the course keeps it.
  expect(asked).toContain('02-fewer-tasks/solution.js');
  const items = page.locator('ol.list > li');
  await expect(items).toHaveText([/1\. Counting words cuts one job into two stages/, /2\. One task per partition/]);
  await expect(page.getByText('0 of 2 lessons passed')).toBeVisible();

  // Pass lesson 1 with a real run.
  await page.getByRole('link', { name: /^1\. Counting words/ }).click();
  await expect(page.getByRole('link', { name: 'Spark basics for the data team' })).toBeVisible();
  const solution = courseFiles()['01-count-words/solution.js'];
  await page.getByRole('textbox', { name: 'Driver program' }).fill(solution);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('checks-tally')).toHaveText(/^All 2 checks pass/, { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('lesson-passed')).toBeVisible();

  await page.getByRole('link', { name: 'Spark basics for the data team' }).click();
  await expect(page.getByText('1 of 2 lessons passed')).toBeVisible();
  await expect(items.first()).toHaveAttribute('data-state', 'passed');

  // Kindling's own lessons know nothing of it.
  await page.getByRole('link', { name: 'All lessons' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Lessons' })).toBeVisible();
  await expect(page.getByText(`0 of ${OWN_LESSONS} lessons passed`)).toBeVisible();

  // The Courses page lists it apart, with its progress; a reload (offline from the teacher's server) keeps it all.
  await page.getByRole('link', { name: 'Courses' }).click();
  await expect(page.locator('[data-course=spark-basics-e2e]')).toContainText('2 lessons · 1 passed');
  await page.unroute(`${baseURL}/teacher/spark-basics/**`);
  await page.route(`${baseURL}/teacher/spark-basics/**`, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByText(/Showing the copy this browser kept on/)).toBeVisible();
  await expect(page.getByText('1 of 2 lessons passed')).toBeVisible();
});

/** Runs `look` in each of the four looks: 1280 px then 390 px wide, each in the light and the dark scheme. */
async function inEachLook(
  page: Page,
  look: (size: '1280' | '390', scheme: 'light' | 'dark') => Promise<void>,
): Promise<void> {
  for (const [size, viewport] of [
    ['1280', { width: 1280, height: 800 }],
    ['390', { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await look(size, scheme);
    }
  }
}

/** Every file under `dir` as bytes, keyed by its path inside it. */
function folderBytes(dir: string, under = ''): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of readdirSync(join(dir, under), { withFileTypes: true })) {
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, folderBytes(dir, path));
    else files[path] = readFileSync(join(dir, path));
  }
  return files;
}

test('a course that ships its data and an image: the picture shows, the program reads the course’s CSV, offline too', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const files = folderBytes(resolve(import.meta.dirname, 'fixtures/course-with-files'));
  const base = `${baseURL}/teacher/shop/`;
  /** The teacher's server answers until the test takes it away. */
  let reachable = true;
  await page.route(`${base}**`, async (route) => {
    if (!reachable) return route.abort('internetdisconnected');
    const path = decodeURIComponent(new URL(route.request().url()).pathname.slice(new URL(base).pathname.length));
    const body = files[path];
    await route.fulfill(body === undefined ? { status: 404, body: 'not found' } : { status: 200, body });
  });
  await page.goto('/?course=teacher/shop/');
  await expect(page.getByRole('heading', { level: 2, name: "The shop's own data" })).toBeVisible();
  await page.getByRole('link', { name: /^1\. Orders by city/ }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: "Orders by city, from the course's own file" }),
  ).toBeVisible();

  // The image lesson.md names as ../images/two-stages.png, shown from this browser's copy of the course.
  const picture = page.getByRole('img', { name: /^Stage 0 reads the file and writes the shuffle/ });
  await expect(picture).toBeVisible();
  await expect(picture).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);

  // The solution reads data/shop-orders.csv, a file only the course has (the site's data/ has no such rows).
  await page.getByRole('textbox', { name: 'Driver program' }).fill(files['01-orders-by-city/solution.js'].toString());
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('checks-tally')).toHaveText(/^All 2 checks pass/, { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('driver-output')).toContainText("[ 'Lyon', 698 ], [ 'Oslo', 424 ], [ 'Porto', 228 ]");

  // The lesson text with its picture, in four looks (in /tmp); axe-core on the text at 390 px dark.
  await inEachLook(page, async (size, scheme) => {
    await expect(picture).toBeVisible();
    if (size === '390' && scheme === 'dark') await expectAccessible(page, 'course image 390 dark', 'article.text');
    await page.screenshot({ path: `/tmp/course-files-lesson-${size}-${scheme}.png` });
  });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Offline (the service worker serves the site; the teacher's server is out of reach): the kept course opens, its
  // picture shows and its program reads the kept CSV.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!registration.active) throw new Error('no active service worker');
  });
  reachable = false;
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByText(/Showing the copy this browser kept on/)).toBeVisible({ timeout: 20_000 });
    await expect(picture).toHaveAttribute('src', /^blob:/);
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('checks-tally')).toHaveText(/^All 2 checks pass/, { timeout: RUN_TIMEOUT });
  } finally {
    await context.setOffline(false);
  }
});

test('a course’s Markdown is shown as text, never run; a lesson without its solution says so; one lesson exports for grading', async ({
  page,
  baseURL,
}) => {
  await publish(page, `${baseURL}/teacher/spark-basics/`, { cors: false });
  await page.goto('/?course=teacher/spark-basics/#/courses/spark-basics-e2e/02-fewer-tasks');
  await expect(page.getByRole('heading', { level: 2, name: 'One task per partition' })).toBeVisible();
  const article = page.locator('article.text');
  // HTML inside a paragraph is text.
  await expect(article).toContainText("<script>window.courseScriptRan = 'script';</script>");
  await expect(article.getByText('A link that must not run')).toBeVisible();
  // An HTML block keeps its shape through DOMPurify and loses what would run.
  const block = article.locator('.md-html');
  await block.getByText('A hint in HTML').click();
  await expect(block.locator('details')).toHaveAttribute('open', '');
  await expect(block.locator('kbd')).toHaveText('Shift');
  await expect(block.locator('img')).toHaveCount(1);
  expect(await block.locator('img').evaluate((img) => img.getAttributeNames().sort())).toEqual(['alt', 'src']);
  // The image failed to load (there is no such file) and its handler was not there to run.
  await expect.poll(() => block.locator('img').evaluate((img: HTMLImageElement) => img.complete)).toBe(true);
  await expect(article.locator('script, iframe, [onclick], [onerror]')).toHaveCount(0);
  await expect(article.locator('a[href^="javascript"]')).toHaveCount(0);
  await expect(block.getByText('a link without its target')).toBeVisible();
  await expect(block.getByRole('link', { name: "Spark's guide" })).toHaveAttribute('target', '_blank');
  expect(await page.evaluate(() => (window as { courseScriptRan?: string }).courseScriptRan)).toBeUndefined();
  await expect(page.getByTestId('no-solution')).toHaveText(
    'This course keeps its solutions with the teacher, so none is shown here; the checks above still grade your program.',
  );

  await page.getByRole('textbox', { name: 'How many tasks does stage 0 run?' }).fill('4');
  const program =
    "const numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 2);\nconsole.log('count:', await numbers.count());\n";
  await page.getByRole('textbox', { name: 'Driver program' }).fill(program);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export this lesson (to hand in)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('02-fewer-tasks.kindling.json');
  const { progress, scope } = readProgressFileScoped(readFileSync(await file.path(), 'utf8'));
  expect(scope).toEqual({
    course: { id: 'spark-basics-e2e', title: 'Spark basics for the data team' },
    lesson: '02-fewer-tasks',
  });
  expect(progress.lessons['02-fewer-tasks']).toMatchObject({ source: program.trimEnd() + '\n', answers: { tasks: 4 } });
});

/**
 * A teacher's own web server on another origin (another port of this machine): `/open/` lets
 * other sites read the course (CORS), `/closed/` does not. A real server, since Playwright's
 * router would answer cross-origin requests without the browser's CORS check.
 */
async function teacherServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const files = courseFiles();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, place, ...rest] = decodeURIComponent(url.pathname).split('/');
    const body = files[rest.join('/')];
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    if (place === 'open') headers['access-control-allow-origin'] = '*';
    response.writeHead(body === undefined ? 404 : 200, headers);
    response.end(body ?? 'not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

test('a course from another site: read when it allows it (CORS), explained when it does not', async ({ page }) => {
  const teacher = await teacherServer();
  try {
    await page.goto(`/?course=${encodeURIComponent(`${teacher.origin}/open/`)}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Spark basics for the data team' })).toBeVisible();

    await page.goto(`/?course=${encodeURIComponent(`${teacher.origin}/closed/course.json`)}`);
    const problem = page.getByTestId('course-problem');
    await expect(problem).toContainText('could not be opened');
    await expect(problem).toContainText('Access-Control-Allow-Origin');
    // Nothing is lost: the Courses page still lists the course read before.
    await expect(page.getByRole('heading', { level: 2, name: 'Courses' })).toBeVisible();
    await expect(page.locator('[data-course=spark-basics-e2e]')).toBeVisible();
  } finally {
    await teacher.close();
  }
});

test('a course imported from a zip is listed apart and opens', async ({ page }) => {
  await page.goto('/#/courses');
  await expect(page.getByText('No course yet.')).toBeVisible();
  const zip = zipSync(
    Object.fromEntries(Object.entries(courseFiles()).map(([path, text]) => [`spark-basics/${path}`, strToU8(text)])),
  );
  await page.getByTestId('import-course').setInputFiles({
    name: 'spark-basics.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(zip),
  });
  await expect(page.getByRole('heading', { level: 2, name: 'Spark basics for the data team' })).toBeVisible();
  await expect(page).toHaveURL(/#\/courses\/spark-basics-e2e$/);
  await expect(page.locator('ol.list > li')).toHaveCount(2);
  // The whole course's progress exports as one file, named for the course, that `grade` reads.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('spark-basics-e2e.kindling-progress.json');
  const { scope } = readProgressFileScoped(readFileSync(await file.path(), 'utf8'));
  expect(scope).toEqual({ course: { id: 'spark-basics-e2e', title: 'Spark basics for the data team' } });
  await page.getByRole('link', { name: 'Courses' }).click();
  await expect(page.locator('[data-course=spark-basics-e2e]')).toContainText('imported from spark-basics.zip');

  // Not a course: said, nothing changed.
  await page.getByTestId('import-course').setInputFiles({
    name: 'notes.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(zipSync({ 'a.txt': strToU8('x') })),
  });
  await expect(page.getByRole('status')).toContainText('has no course.json');
  await expect(page.locator('[data-course]')).toHaveCount(1);
});

/**
 * Screenshots of the course pages at both sizes in both themes, and axe-core's rules on each page at
 * 1280 px light and 390 px dark (every theme and every size once: an analysis of a lesson page takes
 * seconds on a loaded machine, and twelve outlasted the test).
 */
test('the course pages pass axe-core at 1280 px light and 390 px dark (screenshots of both themes at both sizes in /tmp)', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await publish(page, `${baseURL}/teacher/spark-basics/`, { cors: false });
  await inEachLook(page, async (size, scheme) => {
    const audited = (size === '1280') === (scheme === 'light');
    const look = async (name: string) => {
      if (audited) await expectAccessible(page, `${name} ${size} ${scheme}`);
      await page.screenshot({ path: `/tmp/course-${name}-${size}-${scheme}.png`, fullPage: true });
    };
    await page.goto('/?course=teacher/spark-basics/');
    await expect(page.getByRole('heading', { level: 2, name: 'Spark basics for the data team' })).toBeVisible();
    await look('list');
    await page.getByRole('link', { name: /^2\. One task per partition/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'One task per partition' })).toBeVisible();
    await page.locator('.md-html').getByText('A hint in HTML').click();
    await look('lesson');
    await page.getByRole('link', { name: 'Courses', exact: true }).click();
    await expect(page.locator('[data-course=spark-basics-e2e]')).toBeVisible();
    await look('courses');
  });
});
