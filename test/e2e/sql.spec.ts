/**
 * The SQL view for a live run: a DataFrame join run in the playground shows
 * its plan as a graph with the metrics its tasks and the driver reported,
 * each operator with the program line it comes from, and each exchange links
 * to the stages that wrote and read its shuffle; axe-core finds nothing in
 * the view at 1280 and 390 px, light and dark (one run, four looks), saving
 * /tmp/sql-live-{desktop,phone}-{light,dark}.png. The same run grades a
 * prediction of its exchanges and of the line that causes them, made in the
 * Predict panel (/tmp/sql-predict-*.png).
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { inEveryLook } from './helpers';

const PROGRAM = [
  "const orders = spark.createDataFrame([[1, 'a', 10], [2, 'b', 5], [3, 'a', 7], [4, 'c', 1]], ['order_id', 'product_id', 'amount']);",
  "const products = spark.createDataFrame([['a', 'apple'], ['b', 'bean'], ['c', 'cherry']], ['product_id', 'name']);",
  "const revenue = orders.join(products, 'product_id').groupBy('name').agg(F.sum('amount').alias('revenue'));",
  'await revenue.show();',
].join('\n');

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.clear());
});

async function runJoin(page: Page, predict: () => Promise<void> = async () => {}): Promise<void> {
  await page.goto('/');
  const editor = page.getByRole('textbox', { name: 'Driver program' });
  await editor.fill(PROGRAM);
  await expect(editor).toContainText('const orders');
  await predict();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText(/Finished/, { timeout: 60_000 });
}

test('a live join query: its plan with metrics, and each exchange linked to the stages on either side', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await runJoin(page, async () => {
    // Predict: three exchanges (one per join side, one for the aggregate), all caused by line 3; typed, not clicked.
    const exchanges = page.getByLabel('Exchanges', { exact: true });
    await exchanges.focus();
    await page.keyboard.type('3');
    await page.getByLabel('Predict which lines cause a shuffle').check();
    await page.getByLabel('Line numbers').fill('3, 4');
    await inEveryLook(page, 'sql-predict', async (look) => {
      await expectAccessible(page, `Predict panel ${look.name}`, '.predict');
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  });
  await page.getByRole('tab', { name: 'Prediction' }).click();
  await expect(page.getByTestId('comparison-summary')).toHaveText('2 of 3 predictions right.');
  const exchangesVerdict = page
    .locator('.verdict')
    .filter({ has: page.locator('.subject', { hasText: /^Exchanges$/ }) });
  await expect(exchangesVerdict).toHaveAttribute('data-outcome', 'right');
  await expect(exchangesVerdict).toContainText(/Query 0 \(.*\): its final adaptive plan has 3 Exchanges\./);
  await expect(page.locator('.verdict[data-outcome="right"] .subject').filter({ hasText: /^Line 3$/ })).toBeVisible();
  // Line 4 (`show`) runs the query but needs no exchange of its own.
  const line4 = page.locator('.verdict').filter({ has: page.locator('.subject', { hasText: /^Line 4$/ }) });
  await expect(line4).toHaveAttribute('data-outcome', 'wrong');
  await page.getByRole('tab', { name: /^SQL/ }).click();
  const graph = page.getByTestId('sql-plan-graph');
  await expect(graph).toBeVisible({ timeout: 30_000 });
  // Four orders joined (4 rows leave the sort-merge join: every product id has a product), metrics from the tasks.
  await expect(graph.locator('[data-node-name="SortMergeJoin"]')).toHaveAttribute(
    'aria-label',
    /^SortMergeJoin, from line 3: number of output rows 4/,
  );
  await expect(page.getByTestId('sql-summary')).toHaveText(/^Query 0 \(completed\), its plan: .* 3 exchanges/);

  // The first exchange (the aggregate's) was written by the join's stage and read by the final one.
  const exchange = graph.locator('[data-node-name="Exchange"]').first();
  await expect(exchange).toHaveAttribute('aria-label', /, from line 3; written by stage \d+, read by stage \d+/);
  await expect(exchange.locator('.line-ref')).toHaveText('line 3');
  await exchange.focus();
  await page.keyboard.press('Enter');
  const links = page.getByTestId('sql-exchange-stages');
  await expect(links).toContainText('Written by:');
  await expect(page.getByTestId('sql-node-line')).toHaveText(`Caused by line 3: ${PROGRAM.split('\n')[2]}`);
  // The editor's cursor on line 3 outlines that line's operators; the scans come from lines 1 and 2.
  await page.getByRole('textbox', { name: 'Driver program' }).getByText('const revenue').click();
  await expect(graph.locator('[aria-current="true"][data-node-name="Exchange"]')).toHaveCount(3);
  const fromLine1 = graph.locator('[aria-label*="from line 1"]');
  await expect(fromLine1.first()).toBeVisible();
  await expect(graph.locator('[aria-label*="from line 1"][aria-current="true"]')).toHaveCount(0);

  // The view with an exchange chosen, in every look: nothing axe-core finds (one run, four looks).
  await inEveryLook(
    page,
    'sql-live',
    async (look) => {
      await expect(graph).toBeVisible();
      await expectAccessible(page, `SQL view ${look.name}`, '.sql-view');
    },
    { contrast: false },
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  const reader = links.getByRole('button', { name: /^Stage \d+$/ }).last();
  const readerId = (await reader.textContent())!.replace('Stage ', '');
  await reader.click();
  await expect(page.getByRole('tab', { name: /^Stages/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: new RegExp(`^Stage ${readerId}, attempt 0`) })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});

test('the Storage tab lists a cached RDD and a cached DataFrame, with their blocks on each executor', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const editor = page.getByRole('textbox', { name: 'Driver program' });
  await editor.fill(
    [
      "const words = sc.parallelize(['a', 'b', 'a', 'c'], 2).setName('words').cache();",
      'await words.count();',
      "const totals = spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(3).alias('k')).count().cache();",
      'await totals.count();',
    ].join('\n'),
  );
  await expect(editor).toContainText('const words');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText(/Finished/, { timeout: 60_000 });
  await page.getByRole('tab', { name: /^Storage/ }).click();
  const table = page.getByTestId('storage-table');
  const rows = table.locator(':scope > tbody > tr');
  await expect(rows).toHaveCount(2);
  // rdd.cache() is MEMORY_ONLY; a DataFrame's cache() MEMORY_AND_DISK (spark.sql.defaultCacheStorageLevel), named
  // after its plan; its aggregate kept spark.sql.shuffle.partitions (200) partitions, of which 3 hold rows.
  await expect(rows.nth(0)).toContainText('words');
  await expect(rows.nth(0)).toContainText('Memory Deserialized 1x Replicated');
  await expect(rows.nth(0)).toContainText('2/2');
  await expect(rows.nth(0)).toContainText('100%');
  await expect(rows.nth(1)).toContainText('HashAggregate');
  await expect(rows.nth(1)).toContainText('Disk Memory Deserialized 1x Replicated');
  // The keyboard opens a row's data distribution: the words' two blocks, on the executors that stored them.
  const pick = rows.nth(0).getByRole('button');
  await pick.focus();
  await page.keyboard.press('Enter');
  await expect(pick).toHaveAttribute('aria-expanded', 'true');
  const shares = page.getByTestId('storage-executors').locator('tbody tr');
  await expect(shares.first()).toBeVisible();
  const counts = await shares.evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('td')?.textContent)));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
  // axe-core's WCAG rules, colour contrast among them, on the Storage tab's table (the executors' table is inside it)
  // in every look. The page around it (header, editor, tabs) after a run has its whole-page contrast scans in
  // learner.spec.ts; one more here per look took 31 s of this test's 92 s at load 30, for nothing of this view the scoped
  // scan misses.
  await inEveryLook(
    page,
    'storage-live',
    async (look) => {
      await expect(table).toBeVisible();
      await expectAccessible(page, `Storage view ${look.name}`, '[data-testid="storage-table"]');
    },
    { contrast: false },
  );
});
