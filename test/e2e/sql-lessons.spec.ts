/**
 * Predict first on a DataFrame program, in real Chromium against the built
 * site: lesson 15's questions (jobs, where the exchanges are, tasks) are
 * answered, the starter runs, and each answer is graded and explained from
 * that run's own plan and events; the question form passes axe-core at 1280
 * and 390 px, light and dark (screenshots in /tmp/sql-lesson-predict-*.png).
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { RUN_TIMEOUT, inEveryLook } from './helpers';

test('a DataFrame lesson: exchanges, jobs and tasks predicted, graded from the run', async ({ page }) => {
  test.setTimeout(150_000);
  await page.addInitScript(() => localStorage.clear());
  await page.goto('/');
  await page.getByRole('link', { name: 'Lessons' }).click();
  await page.getByRole('link', { name: /^15\. DataFrames and the jobs they run/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'DataFrames and the jobs they run' })).toBeVisible();

  await page.getByRole('textbox', { name: 'How many jobs does the program run?' }).fill('2');
  await page.getByRole('textbox', { name: /How many `?Exchange`?s \(shuffles\)/ }).fill('1');
  const operators = page.getByRole('group', { name: /Which operators of query 0's plan needed an/ });
  await operators.getByRole('checkbox', { name: 'HashAggregate' }).check();
  await page.getByRole('textbox', { name: /How many tasks does stage 2/ }).fill('200');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('checks-tally')).toHaveText(/^0 of 2 checks pass/, { timeout: RUN_TIMEOUT });

  // Jobs: adaptive execution's map-stage jobs count too.
  await expect(page.locator('[data-question=jobs]')).toContainText('Not quite: you said 2; the answer is 4');
  // The exchange, named with its partitioning and the stages on either side, read from this run's plan.
  const exchanges = page.locator('[data-question=exchanges]');
  await expect(exchanges).toContainText('Right: 1');
  await expect(exchanges).toContainText(
    /In this run: Query 0 \(showString at lesson\.js:8\): its final adaptive plan has 1 Exchange\./,
  );
  await expect(exchanges).toContainText(/Exchange hashpartitioning\(store#\d+L?, 200\), ENSURE_REQUIREMENTS/);
  await expect(exchanges).toContainText(
    'because HashAggregate needs its input partitioned by its keys; written by stage 0, read by stage 2',
  );
  await expect(page.locator('[data-question=exchange-operators]')).toContainText('Right: HashAggregate');
  await expect(page.locator('[data-question=reduce-tasks]')).toContainText('Not quite: you said 200; the answer is 1');
  await expect(page.getByText('2 of 4 predictions right.')).toBeVisible();

  const form = page.getByRole('form', { name: 'Your predictions' });
  await inEveryLook(
    page,
    'sql-lesson-predict',
    async (look) => {
      await form.scrollIntoViewIfNeeded();
      await expectAccessible(page, `predictions ${look.name}`, 'form.questions');
    },
    { contrast: false, fullPage: false },
  );
});
