/**
 * Python in the playground: the language switch (the same example in PySpark,
 * the learner's program kept for the way back), a PySpark run with its DAG and
 * output, the share link that carries the language, and "Download for
 * spark-submit". One scenario runs Python (its start-up is the expensive part);
 * the other, at the other size and theme, does not. Screenshots go to
 * /tmp/python-*.png for a person to look at.
 */
import { expect, test, type Page } from '@playwright/test';

const RUN_TIMEOUT = 90_000;

function editor(page: Page) {
  return page.getByRole('textbox', { name: 'Driver program' });
}

async function switchTo(page: Page, language: 'Python' | 'JavaScript'): Promise<void> {
  await page.getByRole('radio', { name: language }).check();
  await expect(page.getByRole('radio', { name: language })).toBeChecked();
}

test.describe('desktop-light', () => {
  test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });

  test('switch to Python, run the word count as PySpark, and come back to JavaScript', async ({ page }) => {
    test.setTimeout(150_000);
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await switchTo(page, 'Python');
    // The word count example, as a spark-submit script.
    await expect(editor(page)).toContainText('sc = SparkContext.getOrCreate()');
    await expect(editor(page)).toContainText('.reduceByKey(lambda a, b: a + b)');
    // Python is highlighted as Python: `lambda` and `import` are keywords.
    const keyword = page.locator('.cm-content span', { hasText: /^import$/ }).first();
    await expect(keyword).toBeVisible();

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status').first()).toContainText('Finished', { timeout: RUN_TIMEOUT });
    const output = page.getByTestId('run-output');
    await expect(output).toContainText('distinct words: 312');
    await expect(output).toContainText("most common: [('the', 81)");
    // Call sites name the program's Python file, as PySpark's do.
    await expect(output).toContainText('PairwiseRDD[3] at reduceByKey at playground.py:12');
    await page.screenshot({ path: '/tmp/python-desktop-light-run.png', fullPage: true });

    // The spark-submit panel: the program unchanged and the script with the cluster's shape.
    await page.getByText('spark-submit', { exact: true }).click();
    const script = page.getByLabel('program.submit.sh');
    await expect(script).toHaveValue(/--conf spark\.executor\.instances=2 \\\n {2}--conf spark\.executor\.cores=2/);
    await expect(script).toHaveValue(/\n {2}program\.py\n$/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download program.py' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('program.py');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile((await saved.path())!, 'utf8')).toContain('sc = SparkContext.getOrCreate()');
    await page.screenshot({ path: '/tmp/python-desktop-light-submit.png', fullPage: true });

    // Back to JavaScript: the same example in JavaScript; the Python one is kept for next time.
    await page.getByText('spark-submit', { exact: true }).click();
    await switchTo(page, 'JavaScript');
    await expect(editor(page)).toContainText('const lines = sc.textFile("data/books/*.txt");');
    await expect(page.getByText('spark-submit', { exact: true })).toHaveCount(0);

    // Stop while the driver is busy in Python, not in a job: the page is not cross-origin isolated, so the driver
    // worker cannot get the cancel message or a SharedArrayBuffer's SIGINT; it finds the run's blob URL revoked
    // (engine/python/interrupt.ts), and the program ends at its line, as Ctrl-C ends a PySpark driver.
    await switchTo(page, 'Python');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    // Its print, half a second into the loop, reaches the page while the driver is still busy.
    const loop = [
      'import time',
      'began = time.time()',
      'while True:',
      '    if began and time.time() - began > 0.5:',
      '        print("still looping", flush=True)',
      '        began = None',
    ];
    await editor(page).fill(loop.join('\n'));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output).toContainText('still looping', { timeout: RUN_TIMEOUT });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByRole('status').first()).toContainText('Stopped', { timeout: 10_000 });
    const traceback = page.getByTestId('python-traceback');
    await expect(traceback).toContainText(/line [3-6], in <module>/);
    await expect(traceback).toContainText('KeyboardInterrupt');
    await expect(traceback).toContainText('Stopped with the Stop button');
    await page.screenshot({ path: '/tmp/python-desktop-light-stopped.png', fullPage: true });
  });
});

test.describe('phone-dark', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });

  test("a learner's own program is kept across the switch, and a share link carries the language", async ({
    page,
    context,
  }) => {
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await editor(page).fill('const mine = sc.parallelize([1, 2, 3]);\nconsole.log(await mine.count());');
    await switchTo(page, 'Python');
    // Not an example: the first example in Python comes in, the JavaScript program is kept.
    await expect(editor(page)).toContainText('# Word count over data/books/*.txt');
    await editor(page).fill('print(sc.parallelize([1, 2, 3]).count())');
    await page.getByRole('radio', { name: 'Python' }).focus();
    await page.screenshot({ path: '/tmp/python-phone-dark-editor.png', fullPage: true });
    await switchTo(page, 'JavaScript');
    await expect(editor(page)).toContainText('const mine = sc.parallelize([1, 2, 3]);');
    await switchTo(page, 'Python');
    await expect(editor(page)).toContainText('print(sc.parallelize([1, 2, 3]).count())');

    // The script says the program leans on the shell's sc, and how to make it.
    await page.getByText('spark-submit', { exact: true }).click();
    await expect(page.getByLabel('program.submit.sh')).toHaveValue(/# Note: the program uses sc without creating it/);
    await page.screenshot({ path: '/tmp/python-phone-dark-submit.png', fullPage: true });

    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page).toHaveURL(/#share=2\./);
    const link = page.url();
    const reader = await context.newPage();
    await reader.goto(link);
    await expect(reader.getByRole('radio', { name: 'Python' })).toBeChecked();
    await expect(editor(reader)).toContainText('print(sc.parallelize([1, 2, 3]).count())');
  });
});
