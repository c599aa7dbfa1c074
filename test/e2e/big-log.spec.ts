/**
 * A 150 MB Spark 4 log opens without freezing the page: it is read, parsed and
 * replayed in the log worker, and the page takes its model in small parts, so
 * no task on the page's thread runs 100 ms or more (long tasks are what the
 * browser's PerformanceObserver reports, each over 50 ms).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeBigLog } from './big-log';

declare global {
  interface Window {
    kindlingLongTasks: number[];
  }
}

// Speed is proven apart from CI's pass/fail (TEAM.md): run it on purpose, BIG_LOG=1 npx playwright test big-log.
test.skip(!process.env.BIG_LOG, 'set BIG_LOG=1 to open a generated 150 MB log and measure the page’s longest task');

test('a 150 MB log opens with a progress bar, the page’s longest task under 100 ms', async ({ page }) => {
  test.setTimeout(240_000);
  const path = join(tmpdir(), `kindling-big-log-${process.pid}`);
  const tasks = await writeBigLog(path, 150 * 2 ** 20);
  try {
    await page.addInitScript(() => {
      window.kindlingLongTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.kindlingLongTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto('/');
    await page.getByRole('button', { name: 'Open event log…' }).click();
    // What starting the page cost is not what this measures.
    await page.waitForTimeout(1000);
    await page.evaluate(() => (window.kindlingLongTasks = []));

    await page.getByTestId('event-log-files').setInputFiles(path);
    await expect(page.getByTestId('log-progress')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('task-count')).toHaveText(String(tasks), { timeout: 200_000 });
    // The views the open log shows are drawn in the frames after.
    await page.waitForTimeout(1000);
    const longTasks = await page.evaluate(() => window.kindlingLongTasks);
    console.log(`${tasks} tasks; long tasks on the page (ms): ${longTasks.map(Math.round).join(', ') || 'none'}`);
    expect(Math.max(0, ...longTasks)).toBeLessThan(100);
  } finally {
    rmSync(path, { force: true });
  }
});
