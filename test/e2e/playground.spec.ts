import { expect, test } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  // Start from the example program and default settings, whatever an earlier run saved.
  await page.addInitScript(() => localStorage.clear());
});

test('runs the example word count and shows its output and jobs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Driver program')).toHaveValue(/sc\.textFile\("data\/books\/\*\.txt"\)/);

  await page.getByRole('button', { name: 'Run', exact: true }).click();

  const status = page.getByRole('status');
  await expect(status).toContainText('Finished', { timeout: 45_000 });

  const output = page.getByTestId('driver-output');
  await expect(output).toContainText(/distinct words: \d+/);
  await expect(output).toContainText('most common:');
  // The example has two actions, so two jobs; reduceByKey's shuffle makes at least two stages.
  expect(Number(await page.getByTestId('job-count').textContent())).toBeGreaterThanOrEqual(2);
  expect(Number(await page.getByTestId('stage-count').textContent())).toBeGreaterThanOrEqual(2);
  expect(Number(await page.getByTestId('task-count').textContent())).toBeGreaterThan(0);
  await expect(page.getByRole('heading', { name: 'Executor 0' })).toBeVisible();
  // The example's foreach prints on the executors: its lines are in their logs, not in the driver output.
  await expect(page.getByRole('region', { name: 'Executor logs' })).toContainText(/\bthe \d+/);
  expect(await output.textContent()).not.toMatch(/^the \d+$/m);
});

test("shows a failing program's error with its line", async ({ page }) => {
  await page.goto('/');
  const editor = page.getByLabel('Driver program');
  await editor.fill(
    'const n = await sc.parallelize([1, 2, 3], 2).count();\nconsole.log(n);\nthrow new Error("boom");\n',
  );
  await editor.press('Control+Enter');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('boom', { timeout: 45_000 });
  await expect(alert).toContainText('line 3');
  await expect(page.getByTestId('driver-output')).toContainText('3');
});

test('keeps the program and settings across a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Driver program').fill('console.log("kept");\n');
  await page.getByLabel('Executors').fill('3');
  // The init script clears storage on every load; drop it by opening a fresh page in the same context.
  const again = await page.context().newPage();
  await page.close();
  await again.goto('/');
  await expect(again.getByLabel('Driver program')).toHaveValue('console.log("kept");\n');
  await expect(again.getByLabel('Executors')).toHaveValue('3');
});
