/**
 * Screenshots of every view at desktop and phone sizes, for a person to look
 * at (not compared against anything). Skipped unless asked for:
 *
 *   SCREENSHOTS=1 npx playwright test screenshots
 *
 * writes /tmp/playground-{desktop,phone}-<view>.png.
 */
import { join } from 'node:path';
import { test, type Page } from '@playwright/test';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const VIEWS = ['Stage DAG', 'Timeline', 'Jobs', 'Stages', 'Tasks', 'SQL', 'Logs', 'Lineage'];

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take the screenshots');

for (const [size, viewport] of Object.entries(SIZES)) {
  test(`screenshots at ${size} size`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const shoot = (name: string, fullPage = true) =>
      page.screenshot({ path: `/tmp/playground-${size}-${name}.png`, fullPage });
    await page.addInitScript(() => localStorage.clear());
    await page.goto('/');
    await shoot('start', false);

    await page.getByLabel('Load an example').selectOption('failing-task');
    await page.getByLabel('Jobs', { exact: true }).fill('2');
    await page.getByLabel('Job 0: stages that run').fill('1');
    await page.getByLabel('Job 0: tasks per stage, in stage order').fill('4');
    await page.getByRole('checkbox', { name: 'Predict which lines cause a shuffle' }).check();
    await page.getByLabel('Line numbers').fill('5');
    await shoot('predict');
    await page.getByText('Cluster', { exact: true }).click();
    await shoot('cluster');
    await page.getByText('Faults', { exact: true }).click();
    await shoot('faults');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByRole('status')
      .first()
      .filter({ hasText: /Finished|Failed/ })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /^Prediction/ }).click();
    await shoot('prediction');
    for (const view of VIEWS) await showView(page, view, () => shoot(view.toLowerCase().replace(' ', '-')));

    await page.getByRole('button', { name: 'Open event log…' }).click();
    await shoot('open-dialog', false);
    await page
      .getByTestId('event-log-files')
      .setInputFiles(join(import.meta.dirname, 'fixtures', 'spark-events', 'local-1430917381534'));
    await page.getByRole('tab', { name: /^Summary/ }).click();
    await shoot('log-summary');
    for (const view of VIEWS) await showView(page, view, () => shoot(`log-${view.toLowerCase().replace(' ', '-')}`));
  });
}

async function showView(page: Page, view: string, shoot: () => Promise<unknown>): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${view}`) }).click();
  if (view === 'Stages')
    await page
      .getByRole('button', { name: /^Stage \d+, attempt 0/ })
      .last()
      .click();
  if (view === 'Tasks') {
    await page.getByRole('grid', { name: 'Task attempts' }).focus();
    await page.keyboard.press('ArrowDown');
  }
  // The DAG is laid out in a worker, the timeline drawn on the next frames.
  await page.waitForTimeout(800);
  await shoot();
}
