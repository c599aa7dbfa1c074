/**
 * The playground end to end, in real Chromium against the built site: write a
 * program, predict, run it on Web Worker executors, read the comparison, the
 * DAG and timeline summaries and the tables; open real Spark event logs;
 * break an executor mid-run and watch the task retried.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { LOOKS } from './helpers';
import { syntheticEventLog } from './synthetic-log';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const RUN_TIMEOUT = 45_000;

test.beforeEach(async ({ page }) => {
  // Start from the default example and settings, whatever an earlier test saved.
  await page.addInitScript(() => localStorage.clear());
});

function editor(page: Page) {
  return page.getByRole('textbox', { name: 'Driver program' });
}

async function setProgram(page: Page, source: string): Promise<void> {
  await editor(page).fill(source);
  await expect(editor(page)).toContainText(source.split('\n')[0]);
}

async function runAndWait(page: Page, outcome: RegExp = /Finished/): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText(outcome, { timeout: RUN_TIMEOUT });
}

function tab(page: Page, name: string) {
  return page.getByRole('tab', { name: new RegExp(`^${name}`) });
}

test('runs the example word count: output, jobs, executor logs and a downloadable event log', async ({ page }) => {
  await page.goto('/');
  await expect(editor(page)).toContainText('sc.textFile("data/books/*.txt")');
  await runAndWait(page);

  await expect(page.getByTestId('job-count')).toHaveText('2');
  await expect(page.getByTestId('stage-count')).toHaveText('3');
  await expect(page.getByTestId('task-count')).toHaveText('12');
  // No prediction was made: the summary says what happened, job by job.
  await expect(page.getByText('at line 12 is an action: it ran job 0.')).toBeVisible();
  await expect(page.getByText('You ran without predicting.')).toBeVisible();

  await tab(page, 'Logs').click();
  const output = page.getByTestId('driver-output');
  await expect(output).toContainText(/distinct words: \d+/);
  await expect(output).toContainText('+-(4) MapPartitionsRDD');
  await expect(page.getByRole('heading', { name: /Executor 0/ })).toBeVisible();

  // The lineage, rebuilt from the event log, reads exactly as the program's own toDebugString printed it.
  const printed = (await output.textContent())!.split('\n').filter((line) => /RDD\[\d+\]|CachedPartitions/.test(line));
  await tab(page, 'Lineage').click();
  await expect(page.getByTestId('lineage')).toHaveText(printed.join('\n'));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download event log' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const events = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { Event: string });
  expect(events[0].Event).toBe('SparkListenerLogStart');
  expect(events.filter((e) => e.Event === 'SparkListenerJobStart')).toHaveLength(2);
  expect(events.at(-1)?.Event).toBe('SparkListenerApplicationEnd');

  // The downloaded log opens as a Spark log, with the same jobs and tasks.
  await page.getByTestId('event-log-files').setInputFiles(await download.path());
  await expect(page.getByRole('status').first()).toContainText(
    'Event log: 2 jobs, 3 stages run (1 skipped), 12 tasks.',
  );
});

test('exports the program to PySpark: a .py file with the spark-submit line, and a note on what to read first', async ({
  page,
}) => {
  // Two axe-core analyses and four screenshots: more than the default minute on a loaded 2-core machine.
  test.setTimeout(150_000);
  await page.goto('/');
  await page.getByLabel('Load an example').selectOption('lost-executor');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export to PySpark' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kindling_program.py');
  const python = readFileSync(await download.path(), 'utf8');
  expect(python).toContain(
    '#   spark-submit --conf spark.executor.instances=2 --conf spark.executor.cores=2 --conf spark.dynamicAllocation.enabled=false --conf spark.default.parallelism=4 kindling_program.py',
  );
  expect(python).toContain('sc = SparkContext.getOrCreate(SparkConf().setAppName("kindling_program"))');
  expect(python).toContain(
    'js_print("killed executor 0:", sc.killExecutor("0"))  # Kindling: killExecutor exists only on Kindling',
  );
  await expect(page.getByTestId('export-note')).toContainText(
    'Saved kindling_program.py: your program as PySpark, with the spark-submit line at its top. 1 line uses what only Kindling has',
  );
  // The button and the note it leaves pass axe-core (1280 px light, 390 px dark); screenshots of all four in /tmp.
  for (const [width, scheme, audited] of [
    [1280, 'light', true],
    [1280, 'dark', false],
    [390, 'light', false],
    [390, 'dark', true],
  ] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height: 800 });
    if (audited) {
      await expectAccessible(page, `export button ${width} ${scheme}`, 'header.bar');
      await expectAccessible(page, `export note ${width} ${scheme}`, '[data-testid=export-note]');
    }
    await page.screenshot({ path: `/tmp/playground-${width}-${scheme}-export.png` });
  }
  await page.getByTestId('export-note').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('export-note')).toHaveCount(0);

  // A Python program is PySpark already: no export button (and no stale note), its spark-submit menu instead.
  await page.getByRole('button', { name: 'Export to PySpark' }).click();
  await expect(page.getByTestId('export-note')).toBeVisible();
  await page.getByRole('radio', { name: 'Python' }).check();
  await expect(page.getByRole('button', { name: 'Export to PySpark' })).toHaveCount(0);
  await expect(page.getByTestId('export-note')).toHaveCount(0);
  await expect(page.getByText('spark-submit', { exact: true })).toBeVisible();
  await page.getByRole('radio', { name: 'JavaScript' }).check();
  await expect(page.getByRole('button', { name: 'Export to PySpark' })).toBeVisible();
});

test('every example in the menu runs to the end in the browser', async ({ page }) => {
  // A dozen whole runs, each starting executors: more than the default minute on a busy 2-core machine.
  test.setTimeout(180_000);
  await page.goto('/');
  const menu = page.getByLabel('Load an example');
  const ids = await menu
    .locator('option')
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
  expect(ids.length).toBeGreaterThanOrEqual(10);
  for (const id of ids) {
    await menu.selectOption(id);
    await runAndWait(page, /Succeeded|Failed/);
    await expect(page.getByRole('status').first(), `example ${id}`).toContainText('Finished');
  }
});

test('predict, run, compare: each answer graded and explained, DAG and timeline summaries agree', async ({ page }) => {
  await page.goto('/');
  await setProgram(
    page,
    [
      'const pairs = sc.parallelize([["a", 1], ["b", 2], ["a", 3], ["c", 4]], 3);',
      'const sums = pairs.reduceByKey((a, b) => a + b);',
      'console.log(await sums.collect());',
    ].join('\n'),
  );
  // Mark line 2 as shuffling from the keyboard (Alt+M on the cursor's line).
  await editor(page).getByText('const sums').click();
  await page.keyboard.press('Alt+m');
  await expect(page.locator('.cm-shuffle-mark')).toHaveCount(1);
  await expect(page.getByLabel('Line numbers')).toHaveValue('2');

  await page.getByLabel('Jobs', { exact: true }).fill('1');
  await page.getByLabel('Job 0: stages that run').fill('2');
  await page.getByLabel('Job 0: tasks per stage, in stage order').fill('3, 2');
  await runAndWait(page);

  await tab(page, 'Prediction').click();
  await expect(page.getByTestId('comparison-summary')).toHaveText('4 of 5 predictions right.');
  const miss = page.locator('.verdict[data-outcome="wrong"]');
  await expect(miss).toHaveCount(1);
  await expect(miss).toContainText('Job 0, stage 1: tasks');
  await expect(miss).toContainText(
    "reduceByKey (line 2) was given no partition count, so its default partitioner took the largest input's count: its input parallelize (line 1) had 3.",
  );
  await expect(page.locator('.verdict[data-outcome="right"] .subject').filter({ hasText: /^Line 2$/ })).toBeVisible();

  await tab(page, 'Stage DAG').click();
  await expect(page.getByTestId('dag-summary')).toContainText('Job 0: 2 stages, 6 tasks');
  await expect(page.locator('[data-stage-id]')).toHaveCount(2);
  // An RDD chosen in the DAG lights up its line in the editor; the editor's line lights up its RDDs.
  await page.locator('[data-stage-id="1"] [data-rdd-id]').first().click();
  await expect(page.locator('.cm-dag-line')).toHaveText('const sums = pairs.reduceByKey((a, b) => a + b);');
  await editor(page).getByText('const pairs').click();
  await expect(page.locator('[data-stage-id="0"] [data-rdd-id][aria-current="true"]')).toHaveCount(1);

  await tab(page, 'Timeline').click();
  await expect(page.getByTestId('timeline-summary')).toContainText('6 task attempts');
  await expect(page.getByTestId('timeline-summary')).toContainText('Job 0: 2 stages, 6 tasks');
});

test('marks a syntax error as you type, and a run error at its line', async ({ page }) => {
  await page.goto('/');
  await setProgram(page, 'const x = ;\n');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1, { timeout: 5_000 });
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);

  await setProgram(
    page,
    'const n = await sc.parallelize([1, 2, 3], 2).count();\nconsole.log(n);\nthrow new Error("boom");\n',
  );
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0, { timeout: 5_000 });
  await editor(page).press('Control+Enter');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('boom', { timeout: RUN_TIMEOUT });
  await expect(alert).toContainText('line 3');
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await expect(page.locator('.cm-lintRange-error')).toHaveText('new Error("boom");');
  await tab(page, 'Logs').click();
  await expect(page.getByTestId('driver-output')).toContainText('3');
});

test('keeps the program, the cluster settings and the prediction across a reload', async ({ page }) => {
  await page.goto('/');
  await setProgram(page, 'console.log("kept");\n');
  await page.getByLabel('Jobs', { exact: true }).fill('3');
  await page.getByText('Cluster', { exact: true }).click();
  await page.getByLabel('Executors', { exact: true }).fill('3');
  await page.getByLabel('Executors', { exact: true }).press('Tab');
  await page.getByRole('button', { name: 'Add a setting' }).click();
  await page.getByLabel('Configuration key 1').fill('spark.default.parallelism');
  await page.getByLabel('Value of spark.default.parallelism').fill('5');
  // The init script clears storage on every load; open a fresh page in the same context instead.
  const again = await page.context().newPage();
  await page.close();
  await again.goto('/');
  await expect(again.getByRole('textbox', { name: 'Driver program' })).toHaveText('console.log("kept");');
  await expect(again.getByLabel('Jobs', { exact: true })).toHaveValue('3');
  await again.getByText('Cluster', { exact: true }).click();
  await expect(again.getByLabel('Executors', { exact: true })).toHaveValue('3');
  await expect(again.getByLabel('Configuration key 1')).toHaveValue('spark.default.parallelism');
});

test('an example from the menu replaces the program, undoably', async ({ page }) => {
  await page.goto('/');
  await setProgram(page, 'console.log("mine");\n');
  await page.getByLabel('Load an example').selectOption('partitioner-reuse');
  await expect(editor(page)).toContainText('sales.partitionBy(2).cache()');
  await editor(page).click();
  await page.keyboard.press('Control+z');
  await expect(editor(page)).toHaveText('console.log("mine");');
});

const EXPECTED_LOGS: Record<string, { jobs: number; tasks: number; failed: number }> = {
  'local-1422981780767': { jobs: 3, tasks: 32, failed: 1 },
  'local-1426533911241': { jobs: 1, tasks: 8, failed: 0 },
  'local-1430917381534': { jobs: 1, tasks: 110, failed: 0 },
  'spark4-sparkpi-events_1': { jobs: 1, tasks: 2, failed: 0 },
};

test('opens every real Spark event log in the fixtures, with jobs, DAG, timeline and tables', async ({ page }) => {
  await page.goto('/');
  const files = readdirSync(join(FIXTURES, 'spark-events')).filter(
    (name) => name !== 'README.md' && statSync(join(FIXTURES, 'spark-events', name)).isFile(),
  );
  expect(files.sort()).toEqual(Object.keys(EXPECTED_LOGS).sort());
  for (const name of files) {
    const expected = EXPECTED_LOGS[name];
    await page.getByTestId('event-log-files').setInputFiles(join(FIXTURES, 'spark-events', name));
    await expect(page.getByRole('status').first()).toContainText('Event log', { timeout: 10_000 });
    await expect(page.getByText(`Showing the Spark event log ${name}`)).toBeVisible();
    await expect(page.getByTestId('job-count')).toHaveText(String(expected.jobs));
    await expect(page.getByTestId('task-count')).toHaveText(String(expected.tasks - expected.failed));
    await expect(page.getByTestId('failed-count')).toHaveText(String(expected.failed));

    await tab(page, 'Jobs').click();
    await expect(page.locator('table.data tbody tr')).toHaveCount(expected.jobs);
    await tab(page, 'Stage DAG').click();
    await expect(page.getByTestId('dag-summary')).toContainText(/Job \d+: \d+ stages?/);
    await tab(page, 'Timeline').click();
    await expect(page.getByTestId('timeline-summary')).toContainText(`${expected.tasks} task attempts`);
    await tab(page, 'Tasks').click();
    await expect(page.getByTestId('task-table-count')).toContainText(`${expected.tasks} task attempts`);
    await tab(page, 'Summary').click();
  }
  // The failed job of the Spark 1.2 log says why.
  await page.getByTestId('event-log-files').setInputFiles(join(FIXTURES, 'spark-events', 'local-1422981780767'));
  await tab(page, 'Jobs').click();
  await expect(page.locator('table.data')).toContainText('Job aborted due to stage failure');
});

test('opens a rolled eventlog_v2 log: its files chosen together, or its folder', async ({ page }) => {
  await page.goto('/');
  const folder = join(FIXTURES, 'eventlog_v2_local-1766844910796');
  const parts = readdirSync(folder).map((name) => join(folder, name));
  await page.getByTestId('event-log-files').setInputFiles(parts);
  await expect(page.getByTestId('job-count')).toHaveText('1');
  await expect(page.getByTestId('task-count')).toHaveText('2');
  await expect(page.getByText('Spark 4.2.0-SNAPSHOT')).toBeVisible();

  await page.getByRole('button', { name: 'Close the log' }).click();
  await expect(page.getByTestId('job-count')).toHaveText('0');
  await page.getByTestId('event-log-folder').setInputFiles(folder);
  await expect(page.getByTestId('job-count')).toHaveText('1');
  await tab(page, 'Lineage').click();
  await expect(page.getByTestId('lineage')).toContainText('MapPartitionsRDD[1] at map at SparkPi.scala:34');
});

test('kills an executor mid-run: the slowed task running there is retried elsewhere', async ({ page }) => {
  await page.goto('/');
  await setProgram(
    page,
    'const doubled = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4).map((x) => x * 2);\nconsole.log(await doubled.collect());\n',
  );
  // Arm a slow partition before the run, so the job is still running when the executor dies.
  await page.getByText('Faults', { exact: true }).click();
  const slow = page.getByRole('form', { name: 'Slow a partition' });
  await slow.getByLabel('Partition').fill('1');
  await slow.getByLabel('Extra ms').fill('2500');
  await slow.getByRole('button', { name: 'Slow it' }).click();
  await expect(page.getByText('armed', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await tab(page, 'Tasks').click();
  const slowTask = page.locator('[role="row"][aria-label*="index 1, attempt 0, running"]');
  await expect(slowTask).toHaveCount(1, { timeout: RUN_TIMEOUT });
  const executorId = /executor (\S+)$/.exec((await slowTask.getAttribute('aria-label')) ?? '')?.[1];
  expect(executorId).toBeDefined();

  const kill = page.getByRole('form', { name: 'Kill an executor' });
  await kill.getByLabel('Executor').selectOption(executorId!);
  await kill.getByLabel('When').selectOption('now');
  await kill.getByRole('button', { name: 'Kill executor' }).click();

  await expect(page.getByRole('status').first()).toContainText('Finished', { timeout: RUN_TIMEOUT });
  await expect(page.locator('[role="row"][aria-label*="index 1, attempt 0, failed"]')).toHaveCount(1);
  await expect(page.locator('[role="row"][aria-label*="index 1, attempt 1, success"]')).toHaveCount(1);
  await expect(page.getByRole('grid', { name: 'Task attempts' })).toContainText('ExecutorLostFailure');
  await expect(page.getByTestId('failed-count')).not.toHaveText('0');
  await tab(page, 'Logs').click();
  await expect(page.getByTestId('driver-output')).toContainText(/2, +4, +6, +8,\s+10, 12, 14, 16/);
});

test('Stop cancels the running job', async ({ page }) => {
  await page.goto('/');
  await setProgram(page, 'console.log(await sc.parallelize([1, 2, 3, 4], 4).map((x) => x).collect());\n');
  await page.getByText('Faults', { exact: true }).click();
  const slow = page.getByRole('form', { name: 'Slow a partition' });
  await slow.getByLabel('Extra ms').fill('30000');
  await slow.getByRole('button', { name: 'Slow it' }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('task-count')).not.toHaveText('0', { timeout: RUN_TIMEOUT });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Stopped', { timeout: 10_000 });
  await tab(page, 'Jobs').click();
  await expect(page.locator('table.data tbody tr').first()).toContainText('failed');
});

test('ten thousand tasks: the tasks table keeps a DOM row only for what is in view, and the keyboard reaches the last', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('event-log-files').setInputFiles({
    name: 'app-synthetic',
    mimeType: 'text/plain',
    buffer: Buffer.from(syntheticEventLog(10_000)),
  });
  await expect(page.getByTestId('task-count')).toHaveText('10000', { timeout: 20_000 });
  await tab(page, 'Tasks').click();
  const grid = page.getByRole('grid', { name: 'Task attempts' });
  await expect(grid).toHaveAttribute('aria-rowcount', '10001');
  expect(await grid.locator('[role="row"]').count()).toBeLessThan(60);

  await grid.focus();
  const started = Date.now();
  for (let i = 0; i < 20; i++) await page.keyboard.press('PageDown');
  await page.keyboard.press('End');
  await expect(page.getByRole('heading', { name: /^Task 9999: partition 4999/ })).toBeVisible();
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(await grid.locator('[role="row"]').count()).toBeLessThan(60);

  // The tabs follow the arrow keys.
  await tab(page, 'Tasks').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab(page, 'SQL')).toHaveAttribute('aria-selected', 'true');
});

// The toolbar's two panels ("Embed", and "spark-submit" for a Python program) are one DropdownPanel: on a desktop it
// floats under its button, inside the window, on a phone it takes the toolbar's full width in the flow. Screenshots of
// both, at 1280 and 390 px, light and dark, go to /tmp/dropdown-*.png.
test('the Embed and spark-submit panels open under their buttons on a desktop and full width on a phone', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('radio', { name: 'Python' }).check();
  for (const [summary, label] of [
    ['Embed', 'Copy embed code'],
    ['spark-submit', 'Download for spark-submit'],
  ] as const) {
    const button = page.getByText(summary, { exact: true });
    const panel = page.getByRole('group', { name: label });
    await button.click();
    await expect(panel).toBeVisible();
    for (const look of LOOKS) {
      await page.setViewportSize(look.viewport);
      await page.emulateMedia({ colorScheme: look.colorScheme });
      await panel.scrollIntoViewIfNeeded();
      const [b, p] = [(await button.boundingBox())!, (await panel.boundingBox())!];
      const toolbar = (await button.locator('xpath=../..').boundingBox())!;
      expect(p.y, `${summary} panel below its button (${look.name})`).toBeGreaterThanOrEqual(b.y + b.height);
      if (look.viewport.width > 700) {
        // At its width (34rem / 40rem, 16 px a rem), inside the window, lined up with an edge of its button: its
        // right edge where there is room to the left of it, else its left edge (DropdownPanel decides when it opens;
        // where these buttons sit depends on what else the toolbar shows for the program's language).
        expect(p.width).toBeCloseTo(summary === 'Embed' ? 34 * 16 : 40 * 16, 0);
        expect(p.x, `${summary} panel inside the window (${look.name})`).toBeGreaterThanOrEqual(0);
        expect(p.x + p.width).toBeLessThanOrEqual(look.viewport.width);
        const edgeGap = Math.min(Math.abs(p.x - b.x), Math.abs(p.x + p.width - (b.x + b.width)));
        expect(edgeGap, `${summary} panel lined up with an edge of its button (${look.name})`).toBeLessThan(2);
      } else {
        expect(p.width, `${summary} panel as wide as the toolbar (${look.name})`).toBeGreaterThan(toolbar.width - 40);
        expect(p.x + p.width).toBeLessThanOrEqual(look.viewport.width);
      }
      await page.screenshot({ path: `/tmp/dropdown-${summary}-${look.name}.png` });
    }
    await page.setViewportSize(LOOKS[0].viewport);
    await button.click();
    await expect(panel).toBeHidden();
  }
});
