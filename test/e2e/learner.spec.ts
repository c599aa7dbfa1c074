/**
 * The learner's playground end to end: their own files (upload → textFile →
 * saveAsTextFile → read back → reload), output beside the summary, and
 * mistakes said in words. Each scenario runs at one size and theme, and the
 * pair of scenarios covers 1280 and 390 px, light and dark; screenshots go to
 * /tmp/learner-*.png for a person to look at.
 */
import { expect, test, type Page } from '@playwright/test';

const RUN_TIMEOUT = 45_000;
const LOOKS = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' as const },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' as const },
];

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
