/**
 * Real Spark logs in the playground: a SQL log's plan graph with its metrics.
 * With SCREENSHOTS=1, also saves the views this work added at 1280 and 390 px,
 * light and dark, to /tmp/history-*.png for a person to look at.
 */
import { expect, test, type Page } from '@playwright/test';

const CORPUS = new URL('../../../shared/spark-events/corpus/', import.meta.url).pathname;
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function openLogFiles(page: Page, files: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Open event log…' }).click();
  await page.getByTestId('event-log-files').setInputFiles(files);
}

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
  await expect(page.getByTestId('sql-summary')).toHaveText(/^Query 0 \(completed\), its plan: 7 operators, 2 exchanges/);

  // Keyboard: the first operator takes focus, Enter shows its metrics as Spark prints them.
  await graph.locator('[data-node-name="AdaptiveSparkPlan"]').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const details = page.getByTestId('sql-node-details');
  await expect(details.getByRole('heading')).toHaveText('Exchange');
  await expect(details).toContainText('shuffle records written');
  await expect(details).toContainText('total (min, med, max (stageId: taskId))');

  await page.getByTestId('sql-execution').getByRole('button', { name: /^Job 1/ }).click();
  await expect(page.getByRole('tab', { name: /^Stage DAG/ })).toHaveAttribute('aria-selected', 'true');
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take the screenshots');
  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, viewport] of Object.entries(SIZES)) {
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
