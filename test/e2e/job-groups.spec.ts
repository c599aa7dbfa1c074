/**
 * sc.setJobGroup and sc.setJobDescription reach the jobs table as the Spark
 * UI shows them: the group after the job's id ("0 (reports)"), the
 * description instead of the call site. At 1280 px light and 390 px dark;
 * screenshots go to /tmp/job-groups-*.png for a person to look at.
 */
import { expect, test } from '@playwright/test';

const LOOKS = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' as const },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' as const },
];

const PROGRAM = [
  'sc.setJobGroup("reports", "monthly totals");',
  'await sc.parallelize([1, 2, 3, 4], 2).count();',
  'sc.setJobDescription("second count");',
  'await sc.parallelize([1, 2], 2).count();',
  'sc.clearJobGroup();',
  'await sc.parallelize([5], 1).count();',
].join('\n');

for (const look of LOOKS) {
  test(`the jobs table shows each job's group and description (${look.name})`, async ({ page }) => {
    await page.setViewportSize(look.viewport);
    await page.emulateMedia({ colorScheme: look.colorScheme });
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    const editor = page.getByRole('textbox', { name: 'Driver program' });
    await editor.fill(PROGRAM);
    await expect(editor).toContainText('setJobGroup');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('status').first()).toContainText(/Finished/, { timeout: 45_000 });
    await page.getByRole('tab', { name: /^Jobs/ }).click();

    const rows = page.locator('table.data tbody tr');
    await expect(rows).toHaveCount(3);
    // Newest first, as the Spark UI lists jobs.
    const headers = rows.locator('th[scope="row"]');
    await expect(headers).toHaveText(['2', '1 (reports)', '0 (reports)']);
    await expect(rows.locator('td.desc')).toHaveText([/^count at /, 'second count', 'monthly totals']);
    // The row's button is still reachable from the keyboard and names the job.
    await page.getByRole('button', { name: /^Job 1:/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /^Job 1:/ })).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: `/tmp/job-groups-${look.name}.png`, fullPage: true });
  });
}
