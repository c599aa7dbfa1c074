/**
 * Publishing end to end: the built folder served under a subfolder base path
 * (not the root `vite preview` serves), share links, embedded widgets, and the
 * offline PWA. The folder is `dist/`, built by the Playwright web server
 * (`npm run build`) before any test runs.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const DIST = join(import.meta.dirname, '..', '..', 'dist');
/** A base path the build knows nothing about: every URL in it must be relative. */
const SUBFOLDER = '/docs/spark/kindling/';
const RUN_TIMEOUT = 45_000;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv',
  '.md': 'text/markdown; charset=utf-8',
};

let server: Server;
let site: string;

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
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUBFOLDER}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.clear());
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
