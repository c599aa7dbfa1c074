/**
 * The learner's playground end to end: their own files (upload → textFile →
 * saveAsTextFile → read back → reload), output beside the summary, and
 * mistakes said in words. Each scenario runs at one size and theme, and the
 * pair of scenarios covers 1280 and 390 px, light and dark; screenshots go to
 * /tmp/learner-*.png for a person to look at.
 */
import { expect, test } from '@playwright/test';
import { RUN_TIMEOUT, editor, inEveryLook, runAndWait, setProgram, tab } from './helpers';

const LOOKS = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' as const },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' as const },
];

const file = (name: string, text: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });

for (const look of LOOKS) {
  test.describe(look.name, () => {
    test.use({ viewport: look.viewport, colorScheme: look.colorScheme });

    test(`own files: upload, textFile("some_data*"), saveAsTextFile, read back, reload (${look.name})`, async ({
      page,
    }) => {
      await page.goto('/');
      await page.evaluate(() => localStorage.clear());
      await page.getByText('Files', { exact: true }).click();
      await page
        .getByLabel('Add data files')
        .setInputFiles([
          file('some_data1.txt', 'a b c\n'),
          file('some_data2.txt', 'd e f\n'),
          file('some_data3.txt', 'g h i\n'),
        ]);
      const listed = page.getByTestId('learner-file');
      await expect(listed).toHaveCount(3);
      await page.getByRole('button', { name: 'Preview some_data2.txt' }).click();
      await expect(page.getByLabel('First bytes of some_data2.txt')).toHaveText('d e f\n');

      await setProgram(
        page,
        [
          'const words = sc.textFile("some_data*").flatMap((l) => l.split(" "));',
          'console.log("words", await words.count());',
          'await words.saveAsTextFile("out");',
          'console.log("back", await sc.textFile("out").count());',
        ].join('\n'),
      );
      await runAndWait(page);
      // The driver's output is there without opening a tab.
      const output = page.getByTestId('run-output');
      await expect(output).toContainText('words 9');
      await expect(output).toContainText('back 9');
      await expect(page.locator('[data-path="out/_SUCCESS"]')).toBeVisible();
      await expect(page.locator('[data-path="out/part-00000"]')).toBeVisible();
      await page.screenshot({ path: `/tmp/learner-${look.name}-files.png`, fullPage: true });

      // Spark never overwrites: the second run fails at the action's line with Hadoop's exception.
      await runAndWait(page, /Failed/);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('FileAlreadyExistsException: Output directory out already exists');
      await expect(alert).toContainText('At line 3');

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download out/part-00000' }).click();
      // The browser may add an extension for the file's type (out_part-00000.txt).
      expect((await download).suggestedFilename()).toMatch(/^out_part-00000/);

      await page.reload();
      await page.getByText('Files', { exact: true }).click();
      await expect(page.locator('[data-path="out/part-00001"]')).toBeVisible();
      await expect(page.getByTestId('learner-file')).toHaveCount(
        3 + 1 + (await page.locator('[data-path^="out/part-"]').count()),
      );
      await page.getByRole('button', { name: 'Delete some_data3.txt' }).click();
      await expect(page.locator('[data-path="some_data3.txt"]')).toHaveCount(0);
    });

    test(`mistakes: no action, a missing await, a name that does not exist (${look.name})`, async ({ page }) => {
      await page.goto('/');
      await page.evaluate(() => localStorage.clear());
      await setProgram(page, 'const nums = sc.parallelize([1, 2, 3]);\nconst doubled = nums.map((x) => x * 2);');
      await runAndWait(page);
      const note = page.getByTestId('program-note');
      await expect(note).toContainText('Transformations are lazy: nothing ran. map at line 2');
      await page.screenshot({ path: `/tmp/learner-${look.name}-no-action.png`, fullPage: true });

      await setProgram(page, 'const nums = sc.parallelize([1, 2, 3]);\nconsole.log(nums.count());');
      await runAndWait(page);
      await expect(note).toContainText('(line 2): count() returns a Promise');

      await setProgram(
        page,
        'const nums = sc.parallelize([1, 2, 3]);\nconsole.log(await nums.reducebykey((a, b) => a + b).count());',
      );
      await runAndWait(page, /Failed/);
      await expect(page.getByTestId('failure-hint')).toContainText(
        'RDD has no method "reducebykey". Did you mean reduceByKey',
      );
      await page.screenshot({ path: `/tmp/learner-${look.name}-mistake.png`, fullPage: true });
    });

    test(`a long task: a notice with stage, partition and time, and Stop ends the run (${look.name})`, async ({
      page,
    }) => {
      await page.goto('/');
      await page.evaluate(() => localStorage.clear());
      await setProgram(
        page,
        [
          'const rdd = sc.parallelize([1, 2], 2).map((x) => {',
          '  const until = Date.now() + (x === 2 ? 20000 : 0);',
          '  while (Date.now() < until) {}',
          '  return x;',
          '});',
          'console.log(await rdd.collect());',
        ].join('\n'),
      );
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const notice = page.getByTestId('long-task-notice');
      await expect(notice).toContainText(
        /Task 1 of stage 0 \(partition 1\) has been running for\s+\d+ s on executor \d/,
        {
          timeout: RUN_TIMEOUT,
        },
      );
      await page.screenshot({ path: `/tmp/learner-${look.name}-long-task.png`, fullPage: true });
      await notice.getByRole('button', { name: 'Stop the run' }).click();
      await expect(page.getByRole('status').first()).toContainText('Stopped', { timeout: 10_000 });
      await expect(notice).toHaveCount(0);
    });

    test(`a share link keeps the learner's own program one click away, across a reload (${look.name})`, async ({
      page,
      context,
    }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.goto('/');
      await setProgram(page, 'console.log("shared", await sc.parallelize([1, 2]).count());');
      await page.getByRole('button', { name: 'Share' }).click();
      await expect(page.getByText('Link copied.')).toBeVisible();
      const link = await page.evaluate(() => navigator.clipboard.readText());
      await setProgram(page, 'console.log("my own work", await sc.parallelize([1, 2, 3]).count());');
      // Saving to storage is an effect: let it happen before leaving.
      await page.waitForTimeout(300);

      // A new document, as opening the link in a new tab would be (a hash change alone reloads nothing).
      await page.goto('about:blank');
      await page.goto(link);
      await expect(editor(page)).toContainText('console.log("shared"');
      const kept = page.getByTestId('kept-program');
      await expect(kept).toContainText('your own program is kept');
      await page.screenshot({ path: `/tmp/learner-${look.name}-share.png`, fullPage: false });
      await page.reload();
      await kept.getByRole('button', { name: 'Bring back my program' }).click();
      await expect(editor(page)).toContainText('my own work');
      await expect(kept).toContainText('the shared one is kept');
      await kept.getByRole('button', { name: 'Swap in the shared program' }).click();
      await expect(editor(page)).toContainText('console.log("shared"');
    });
  });
}

test('the data inside partitions after a shuffle: from the DAG (mouse and keyboard) and from a task', async ({
  page,
}) => {
  // Eight axe-core passes (four looks, two views) take a while on a busy machine.
  test.setTimeout(180_000);
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await setProgram(
    page,
    [
      'const words = sc.parallelize(["a b a", "c a b"], 2).flatMap((line) => line.split(" "));',
      'const pairs = words.map((w) => [w, 1]);',
      'const counts = pairs.reduceByKey((a, b) => a + b, 2).cache();',
      'console.log(await counts.collect());',
      'console.log(await counts.count());',
    ].join('\n'),
  );
  await runAndWait(page);
  await tab(page, 'Stage DAG').click();
  await page.getByRole('button', { name: 'Show partitions' }).click();
  const view = page.getByTestId('partition-data');
  await expect(view.getByRole('heading', { level: 3 })).toContainText('Partitions of reduceByKey (ShuffledRDD)');
  await expect(view).toContainText('After the shuffle');
  // The DAG shows the last job, count(): its tasks read the blocks collect() cached instead of fetching the shuffle.
  await expect(view.locator('[data-block-status="read"]')).toHaveCount(2);
  await expect(view).toContainText('read from the cached block rdd_');
  // HashPartitioner puts a key in nonNegativeMod(key.hashCode, 2): "b" (98) in 0, "a" (97) and "c" (99) in 1.
  const partition = (i: number) => view.locator(`[data-partition="${i}"]`);
  await expect(partition(0)).toContainText('1 row');
  await expect(partition(0)).toContainText("[ 'b', 2 ]");
  await expect(partition(1)).toContainText('2 rows');
  await expect(partition(1)).toContainText("[ 'a', 3 ]");
  await expect(partition(1)).toContainText("[ 'c', 1 ]");

  // The keyboard reaches any RDD of the graph: the map before the shuffle holds the pairs as map() made them.
  const mapNode = page
    .locator('[data-rdd-key]')
    .filter({ hasText: /\bmap\b/ })
    .first();
  await mapNode.focus();
  await page.keyboard.press('Enter');
  await expect(view.getByRole('heading', { level: 3 })).toContainText('Partitions of map (MapPartitionsRDD)');
  await expect(view).toContainText('Before the shuffle');
  await expect(partition(0)).toContainText("[ 'a', 1 ]");
  await expect(partition(0)).toContainText('3 rows');
  // flatMap's partitions hold the words, one row each, split from partition 0's one line.
  const flatMapNode = page
    .locator('[data-rdd-key]')
    .filter({ hasText: /flatMap/ })
    .first();
  await flatMapNode.focus();
  await page.keyboard.press('Enter');
  await expect(view.getByRole('heading', { level: 3 })).toContainText('Partitions of flatMap');
  await expect(partition(0)).toContainText('3 rows');
  await expect(partition(0).getByRole('listitem')).toHaveText(["'a'", "'b'", "'a'"]);
  await inEveryLook(page, 'learner-partitions-dag', async () => {
    await expect(partition(1)).toBeVisible();
  });

  // A task on the timeline: every RDD of its stage, for its partition.
  await tab(page, 'Timeline').click();
  await page.getByRole('application').focus();
  await page.keyboard.press('Enter');
  await expect(view.getByRole('heading', { level: 3 })).toContainText(/Partition \d as task \d+ saw it/);
  await expect(view).toContainText('ParallelCollectionRDD');
  await inEveryLook(page, 'learner-partitions-task', async () => {
    await expect(view).toBeVisible();
  });
});

// A learner's `while (true) {}` inside a map: the loop's guard (engine/closure/loop-guard.ts) fails the attempt at
// the loop's own line after kindling.task.timeout less a tenth, the page never freezes (the driver and the tasks run
// in workers), Stop works while the loop spins, and the next run works. A 3 s timeout keeps the test short; with
// spark.task.maxFailures = 1 the first guarded attempt aborts the job.
test('a runaway loop in a map: Stop works while it spins, it fails at the loop’s own line, and the next run works', async ({
  page,
}) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByText('Cluster', { exact: true }).click();
  await page.getByRole('button', { name: 'Add a setting' }).click();
  await page.getByLabel('Configuration key 1').fill('kindling.task.timeout');
  await page.getByLabel('Value of kindling.task.timeout').fill('3s');
  const loop = [
    'const squares = sc.parallelize([1, 2, 3, 4], 2).map((x) => {',
    '  while (true) {}',
    '  return x * x;',
    '});',
    'console.log(await squares.collect());',
  ].join('\n');
  await setProgram(page, loop);

  // Stop while the loop spins (attempts are guarded and retried meanwhile): the page answers at once.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Running', { timeout: RUN_TIMEOUT });
  // The page's own thread is free while a task thread loops: a script runs, and the editor takes keys.
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => document.title)).toContain('Kindling');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Stopped', { timeout: 15_000 });
  await expect(editor(page)).toContainText('while (true) {}');

  // One attempt only: the guard ends it, and the run fails at line 2 (the loop), not line 5 (collect).
  await page.getByRole('button', { name: 'Add a setting' }).click();
  await page.getByLabel('Configuration key 2').fill('spark.task.maxFailures');
  await page.getByLabel('Value of spark.task.maxFailures').fill('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Failed', { timeout: RUN_TIMEOUT });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(/RunawayLoopError: The loop at line 2 kept running for 2\.\d s/);
  await expect(alert).toContainText('At line 2');
  await expect(alert.locator('.error-line')).toContainText('while (true) {}');
  await expect(alert).not.toContainText('At line 5');
  await expect(page.getByTestId('failure-hint')).toHaveText(
    'A loop in a function the tasks ran (line 2) never ended; the job was started by the action at line 5.',
  );
  await expect(editor(page)).toContainText('while (true) {}');

  // The executors survived the loop: the next run works.
  await setProgram(page, 'console.log(await sc.parallelize([1, 2, 3, 4], 2).map((x) => x * x).collect());');
  await runAndWait(page);
  await expect(page.getByTestId('run-output')).toContainText('[ 1, 4, 9, 16 ]');
});
