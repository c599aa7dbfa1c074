/**
 * Publishing end to end: the built folder served under a subfolder base path
 * (not the root `vite preview` serves), share links, embedded widgets, and the
 * offline PWA. The folder is `dist/`, built by the Playwright web server
 * (`npm run build`) before any test runs.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DIST, TYPES } from './static-site';

/** A base path the build knows nothing about: every URL in it must be relative. */
const SUBFOLDER = '/docs/spark/kindling/';
const RUN_TIMEOUT = 45_000;

let server: Server;
let site: string;
/** Appended to sw.js as served: changing it is what deploying a new version looks like to a browser. */
let serviceWorkerVersion = '';

test.beforeAll(async () => {
  // A plain static file server, like any static host: files under SUBFOLDER, 404 elsewhere.
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUBFOLDER)) {
      response.writeHead(404).end();
      return;
    }
    let file = normalize(join(DIST, path.slice(SUBFOLDER.length)));
    if (file.startsWith(DIST) && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(DIST) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (file.endsWith('sw.js') && serviceWorkerVersion) {
      response.end(`${readFileSync(file, 'utf8')}\n// ${serviceWorkerVersion}\n`);
      return;
    }
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUBFOLDER}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    // Start from the defaults once per page; a reload later in a test keeps what the page saved.
    if (!sessionStorage.getItem('kindling.e2e.started')) {
      localStorage.clear();
      sessionStorage.setItem('kindling.e2e.started', '1');
    }
  });
});

function editor(page: Page) {
  return page.getByRole('textbox', { name: 'Driver program' });
}

function runStatus(page: Page) {
  return page.locator('p.status[role="status"]');
}

test('the built site runs the word count from a subfolder base path', async ({ page }) => {
  await page.goto(site);
  await expect(editor(page)).toContainText('sc.textFile("data/books/*.txt")');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Finished', { timeout: RUN_TIMEOUT });
  await page.getByRole('tab', { name: /^Logs/ }).click();
  await expect(page.getByTestId('driver-output')).toContainText(/distinct words: \d+/);
});

test('a share link opens its program and cluster, and runs nothing until Run', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site).origin });
  await page.goto(site);
  const program =
    'const n = await sc.parallelize([1, 2, 3, 4, 5, 6], 3).map((x) => x * 7).sum();\nconsole.log("shared sum", n);';
  await editor(page).fill(program);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByText('Link copied.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#share=1\.[A-Za-z0-9_-]+$/);
  expect(link.startsWith(site)).toBe(true);

  // A fresh reader: another page with empty storage.
  const reader = await context.newPage();
  // Same origin as the sharer: forget what the sharer's page saved, so only the link can bring the program.
  await reader.addInitScript(() => localStorage.clear());
  await reader.goto(link);
  await expect(editor(reader)).toContainText('console.log("shared sum", n);');
  // Give a run every chance to start by itself: it must not.
  await reader.waitForTimeout(1500);
  await expect(runStatus(reader)).toContainText('Not run yet.');
  await expect(reader.getByTestId('job-count')).toHaveText('0');

  await reader.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(reader)).toContainText('Finished', { timeout: RUN_TIMEOUT });
  await reader.getByRole('tab', { name: /^Logs/ }).click();
  await expect(reader.getByTestId('driver-output')).toContainText('shared sum 147');
});

test('two widgets on one page run at once and both finish with their own output', async ({ page }) => {
  await page.goto(`${site}embed-demo.html`);
  const left = page.locator('#left-widget');
  const right = page.locator('#right-widget');
  await expect(left.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  // Nothing runs by itself.
  await expect(left.getByRole('status')).toHaveText('Not run yet.');
  await expect(page.locator('#editor-widget').getByRole('status')).toHaveText('Not run yet.');

  await left.getByRole('button', { name: 'Run', exact: true }).click();
  await right.getByRole('button', { name: 'Run', exact: true }).click();
  // Both are under way together: the second did not wait for the first to finish.
  await expect(left.getByRole('status')).not.toHaveText('Not run yet.');
  await expect(right.getByRole('status')).not.toHaveText('Not run yet.');
  await expect(left.getByRole('status')).toContainText('Finished', { timeout: RUN_TIMEOUT });
  await expect(right.getByRole('status')).toContainText('Finished', { timeout: RUN_TIMEOUT });
  await expect(left.getByTestId('widget-output')).toHaveText('left 10\n');
  await expect(right.getByTestId('widget-output')).toHaveText('right 100\n');
});

test('the demo page shows every mode, and each runs (screenshot attached)', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${site}embed-demo.html`);
  const editorWidget = page.locator('#editor-widget');
  const outputWidget = page.locator('#output-widget');
  const readonlyWidget = page.locator('#readonly-widget');
  // The editor loads when the reader points at the widget.
  await editorWidget.hover();
  await expect(editorWidget.getByRole('textbox', { name: 'Driver program' })).toContainText('reduceByKey');
  await expect(outputWidget.getByRole('textbox')).toHaveCount(0);
  await expect(outputWidget.getByLabel('Driver program')).toHaveCount(0);
  await expect(readonlyWidget.getByLabel('Driver program')).toContainText('sum of squares');
  await expect(readonlyWidget.getByRole('textbox')).toHaveCount(0);

  for (const widget of [editorWidget, outputWidget, readonlyWidget]) {
    await widget.getByRole('button', { name: 'Run', exact: true }).click();
  }
  await expect(editorWidget.getByTestId('widget-output')).toHaveText('counts [["a",3],["b",2],["c",1]]\n', {
    timeout: RUN_TIMEOUT,
  });
  await expect(outputWidget.getByTestId('widget-output')).toHaveText('groups 2\n', { timeout: RUN_TIMEOUT });
  await expect(readonlyWidget.getByTestId('widget-output')).toHaveText('sum of squares 650\n', {
    timeout: RUN_TIMEOUT,
  });
  // dag on: the stage DAG of the last job; timeline on: the task timeline; neither where they are off.
  await expect(outputWidget.getByRole('region', { name: 'Stage DAG of job 0' })).toContainText('Stage 1');
  await expect(outputWidget.getByRole('region', { name: 'Timeline', exact: true })).toHaveCount(0);
  await expect(readonlyWidget.getByRole('region', { name: 'Timeline', exact: true })).toContainText(
    '6 task attempts on 3 cores of 3 executors',
  );
  await expect(editorWidget.getByRole('region', { name: /Stage DAG/ })).toHaveCount(0);

  // The iframe route runs the program from its query string.
  const frame = page.frameLocator('#iframe-widget');
  await frame.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(frame.getByTestId('widget-output')).toHaveText('from the iframe 3\n', { timeout: RUN_TIMEOUT });

  await testInfo.attach('embed-demo', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('after one visit it works offline: reload, run a program, open a lesson and run it', async ({
  page,
  context,
  browser,
}) => {
  await page.goto(site);
  await expect(editor(page)).toContainText('sc.textFile("data/books/*.txt")');
  // The service worker has installed (precached everything) once it is active.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!registration.active) throw new Error('no active service worker');
  });

  await context.setOffline(true);
  await page.reload();
  await expect(editor(page)).toContainText('sc.textFile("data/books/*.txt")');
  // The word count reads index.json and data/books/*.txt from the driver and executor workers: all from the cache.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Finished', { timeout: RUN_TIMEOUT });
  await page.getByRole('tab', { name: /^Logs/ }).click();
  await expect(page.getByTestId('driver-output')).toContainText(/distinct words: \d+/);

  // The lessons (a chunk of their own) load and run offline too.
  await page.getByRole('link', { name: 'Lessons' }).click();
  await page.getByRole('link', { name: /^1\. Driver, executors and tasks/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Driver, executors and tasks' })).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('checks-tally')).toContainText(/checks? pass/, { timeout: RUN_TIMEOUT });

  // The control: without the service worker the same offline load fails, so the pass above is the cache's doing.
  const control = await browser.newContext({ serviceWorkers: 'block', offline: true });
  const controlPage = await control.newPage();
  await expect(controlPage.goto(site)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  await control.close();
});

test('a new deploy is noticed by an open page and offered, never swapped in: the page stays until the reader chooses Reload', async ({
  page,
}) => {
  serviceWorkerVersion = '';
  await page.goto(site);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Mark this page: a reload (the new version swapped in) would lose the mark.
  await page.evaluate(() => ((window as unknown as { kindlingMark: number }).kindlingMark = 1));
  await editor(page).fill('console.log("still mine", await sc.parallelize([1, 2, 3], 3).count());');

  serviceWorkerVersion = 'version 2';
  try {
    // The reader comes back to the tab: the open page looks for a new deploy by itself.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const offer = page.getByRole('region', { name: 'New version' });
    await expect(offer).toContainText('A new version of Kindling is ready.', { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { kindlingMark?: number }).kindlingMark)).toBe(1);
    await expect(editor(page)).toContainText('still mine');

    // The reader takes it: the page reloads under the new version, the program kept.
    await offer.getByRole('button', { name: 'Reload to update' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { kindlingMark?: number }).kindlingMark))
      .toBe(undefined);
    await expect(editor(page)).toContainText('still mine');
    await expect(page.getByRole('region', { name: 'New version' })).toHaveCount(0);
  } finally {
    serviceWorkerVersion = '';
  }
});
