/**
 * The embed widget under `npm run dev`: embed.html (the iframe route) loads
 * the widget from `widget/`, which only a build writes; in development
 * vite.config.ts's embedWidgetDev serves it from the sources. This starts the
 * site's dev server in this process, as `npm run dev` does, and runs a
 * program with a shuffle through embed.html: the driver and executor workers
 * and the DAG's layout worker all start from the dev server.
 *
 * Costs the suite a dev server's cold start (15–30 s on two shared cores).
 */
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
const PROGRAM =
  'const sums = sc.parallelize([1, 2, 3, 4], 2).map((n) => [n % 2, n]).reduceByKey((a, b) => a + b);\n' +
  "console.log('sums', JSON.stringify((await sums.collect()).sort()));";

let dev: ViteDevServer;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dev = await createServer({
    configFile: resolve(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await dev.listen();
  const address = dev.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server has no port');
  origin = `http://127.0.0.1:${address.port}`;
});

test.afterAll(async () => {
  await dev?.close();
});

test('embed.html works under npm run dev: the widget loads, runs a program on workers and lays out its DAG', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${origin}/embed.html?mode=output&dag=on&program=${encodeURIComponent(PROGRAM)}`);
  const widget = page.locator('kindling-playground');
  // The first request of each module is transformed on the spot: slow the first time.
  await expect(widget.getByRole('status')).toHaveText('Not run yet.', { timeout: 120_000 });
  await widget.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(widget.getByRole('status')).toContainText('Finished', { timeout: 120_000 });
  await expect(widget.getByTestId('widget-output')).toContainText('[[0,6],[1,4]]');
  const dag = widget.getByRole('region', { name: /Stage DAG/ });
  await expect(dag).toContainText('Stage 1', { timeout: 60_000 });
  await expect(dag).toContainText('reduceByKey');
  expect(errors).toEqual([]);
});
