/**
 * The SQL view for a live run: a DataFrame join run in the playground shows
 * its plan as a graph with the metrics its tasks and the driver reported,
 * and each exchange links to the stages that wrote and read its shuffle.
 * `SCREENSHOTS=1` also writes /tmp/sql-live-{desktop,phone}-{light,dark}.png.
 */
import { expect, test, type Page } from '@playwright/test';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

const PROGRAM = [
  "const orders = spark.createDataFrame([[1, 'a', 10], [2, 'b', 5], [3, 'a', 7], [4, 'c', 1]], ['order_id', 'product_id', 'amount']);",
  "const products = spark.createDataFrame([['a', 'apple'], ['b', 'bean'], ['c', 'cherry']], ['product_id', 'name']);",
  "const revenue = orders.join(products, 'product_id').groupBy('name').agg(F.sum('amount').alias('revenue'));",
  'await revenue.show();',
].join('\n');

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.clear());
});

async function runJoin(page: Page): Promise<void> {
  await page.goto('/');
  const editor = page.getByRole('textbox', { name: 'Driver program' });
  await editor.fill(PROGRAM);
  await expect(editor).toContainText('const orders');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText(/Finished/, { timeout: 60_000 });
  await page.getByRole('tab', { name: /^SQL/ }).click();
}

test('a live join query: its plan with metrics, and each exchange linked to the stages on either side', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await runJoin(page);
  const graph = page.getByTestId('sql-plan-graph');
  await expect(graph).toBeVisible({ timeout: 30_000 });
  // Four orders joined (4 rows leave the sort-merge join: every product id has a product), metrics from the tasks.
  await expect(graph.locator('[data-node-name="SortMergeJoin"]')).toHaveAttribute(
    'aria-label',
    /^SortMergeJoin: number of output rows 4/,
  );
  await expect(page.getByTestId('sql-summary')).toHaveText(/^Query 0 \(completed\), its plan: .* 3 exchanges/);

  // The first exchange (the aggregate's) was written by the join's stage and read by the final one.
  const exchange = graph.locator('[data-node-name="Exchange"]').first();
  await expect(exchange).toHaveAttribute('aria-label', /written by stage \d+, read by stage \d+/);
  await exchange.focus();
  await page.keyboard.press('Enter');
  const links = page.getByTestId('sql-exchange-stages');
  await expect(links).toContainText('Written by:');
  const reader = links.getByRole('button', { name: /^Stage \d+$/ }).last();
  const readerId = (await reader.textContent())!.replace('Stage ', '');
  await reader.click();
  await expect(page.getByRole('tab', { name: /^Stages/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: new RegExp(`^Stage ${readerId}, attempt 0`) })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to take the screenshots');
  for (const scheme of ['light', 'dark'] as const) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      test(`the SQL view of a live join at ${size} size, ${scheme}`, async ({ page }) => {
        test.setTimeout(120_000);
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(viewport);
        await runJoin(page);
        const graph = page.getByTestId('sql-plan-graph');
        await expect(graph).toBeVisible({ timeout: 30_000 });
        await graph.locator('[data-node-name="Exchange"]').first().click();
        await expect(page.getByTestId('sql-exchange-stages')).toBeVisible();
        await page.screenshot({ path: `/tmp/sql-live-${size}-${scheme}.png`, fullPage: true });
      });
    }
  }
});
