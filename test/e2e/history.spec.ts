/**
 * Real Spark logs in the playground: a folder of logs gives the application
 * list; a zstd log opens by drag and drop; a SQL log's plan graph has its metrics.
 * With SCREENSHOTS=1, also saves the views this work added at 1280 and 390 px,
 * light and dark, to /tmp/history-*.png for a person to look at.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const CORPUS = new URL('../../../shared/spark-events/corpus/', import.meta.url).pathname;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function openLogFiles(page: Page, files: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Open event log…' }).click();
  await page.getByTestId('event-log-files').setInputFiles(files);
}

test('a folder of logs gives the application list, sortable and searchable, and opens one', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open event log…' }).click();
  await page.getByTestId('event-log-folder').setInputFiles(CORPUS);
  const list = page.getByTestId('application-list');
  await expect(list.getByRole('heading')).toHaveText('35 applications', { timeout: 60_000 });
  // INDEX.tsv is no log: it is listed as skipped, not as an application.
  await expect(list.getByText('1 file skipped')).toBeVisible();

  await list.getByLabel('Search').fill('1623876083964');
  await expect(list.locator('tbody tr')).toHaveCount(1);
  const row = list.locator('tr[data-app-id="local-1623876083964"]');
  await expect(row).toContainText('3.1.1');
  await expect(row).toContainText('✓ completed');
  await list.getByLabel('Search').fill('');

  // Sorting by App ID: standalone ids (app-…) come before YARN's (application_…) and local ones.
  await list.getByRole('button', { name: 'App ID' }).click();
  await expect(list.getByRole('columnheader', { name: /App ID/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.locator('tbody tr').first()).toHaveAttribute('data-app-id', 'app-20161115172038-0000');
  await list.getByRole('button', { name: 'Status' }).click();
  await expect(list.getByRole('columnheader', { name: /Status/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.locator('tbody tr').first()).toContainText('… incomplete');

  await list.getByLabel('Search').fill('local-1623876083964');
  await list.getByRole('button', { name: 'Open local-1623876083964' }).click();
  await expect(page.getByTestId('task-count')).toHaveText('2801', { timeout: 30_000 });
  await page.getByRole('button', { name: 'All applications' }).click();
  await expect(list.getByRole('heading')).toHaveText('35 applications');
});

test('a zstd log opens by drag and drop', async ({ page }) => {
  await page.goto('/');
  const bytes = [...readFileSync(`${CORPUS}rapids__spark-events-qualification__aqeshuffle_eventlog.zstd`)];
  await page.getByRole('button', { name: 'Open event log…' }).click();
  const transfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'aqeshuffle_eventlog.zstd'));
    return dt;
  }, bytes);
  await page
    .getByRole('region', { name: 'Drop zone for an event log file or folder' })
    .dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('job-count')).toHaveText('4', { timeout: 30_000 });
  await expect(page.getByTestId('task-count')).toHaveText('26');
  await expect(page.getByText('Showing the Spark event log')).toContainText('zstd');
  await expect(page.getByRole('tab', { name: /^SQL/ })).toContainText('1');
});

test('a SQL log shows each query’s plan graph with its metrics, linked to its jobs', async ({ page }) => {
  await page.goto('/');
  await openLogFiles(page, [`${CORPUS}spark-events__local-1642039451826`]);
  await page.getByRole('tab', { name: /^SQL/ }).click();
  const executions = page.getByTestId('sql-executions');
  await expect(executions.locator('tbody tr')).toHaveCount(2);
  await executions.getByRole('button', { name: 'Query 0' }).click();
  const graph = page.getByTestId('sql-plan-graph');
  await expect(graph).toBeVisible({ timeout: 20_000 });
  // spark.range(100) counted: the Range operator read 100 rows, as the Spark UI's SQL tab says.
  const range = graph.locator('[data-node-name="Range"]');
  await expect(range).toHaveAttribute('aria-label', 'Range: number of output rows 100');
  await expect(graph.locator('[data-node-name="Exchange"]')).toHaveCount(2);
  await expect(page.getByTestId('sql-summary')).toHaveText(
    /^Query 0 \(completed\), its plan: 7 operators, 2 exchanges/,
  );

  // Keyboard: the first operator takes focus, Enter shows its metrics as Spark prints them.
  await graph.locator('[data-node-name="AdaptiveSparkPlan"]').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const details = page.getByTestId('sql-node-details');
  await expect(details.getByRole('heading')).toHaveText('Exchange');
  await expect(details).toContainText('shuffle records written');
  await expect(details).toContainText('total (min, med, max (stageId: taskId))');

  await page
    .getByTestId('sql-execution')
    .getByRole('button', { name: /^Job 1/ })
    .click();
  await expect(page.getByRole('tab', { name: /^Stage DAG/ })).toHaveAttribute('aria-selected', 'true');
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take the screenshots');
  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      test(`application list at ${size} size, ${scheme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(viewport);
        await page.goto('/');
        await page.getByRole('button', { name: 'Open event log…' }).click();
        await page.getByTestId('event-log-folder').setInputFiles(CORPUS);
        await expect(page.getByTestId('application-list').getByRole('heading')).toHaveText('35 applications', {
          timeout: 60_000,
        });
        await page.screenshot({ path: `/tmp/history-${size}-${scheme}-list.png`, fullPage: true });
      });

      test(`SQL view at ${size} size, ${scheme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(viewport);
        await page.goto('/');
        await openLogFiles(page, [`${CORPUS}spark-events__local-1642039451826`]);
        await page.getByRole('tab', { name: /^SQL/ }).click();
        await expect(page.getByTestId('sql-plan-graph')).toBeVisible({ timeout: 20_000 });
        await page.locator('[data-node-name="Exchange"]').first().click();
        await page.screenshot({ path: `/tmp/history-${size}-${scheme}-sql.png`, fullPage: true });
      });
    }
  }
});
