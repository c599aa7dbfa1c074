/**
 * What the playground's end-to-end tests share: writing and running a
 * program, and looking at the result in every look the site must work in —
 * 1280 and 390 px wide, light and dark — with a screenshot of each for a
 * person to look at and axe-core's colour-contrast rule run in each.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const RUN_TIMEOUT = 45_000;

export interface Look {
  name: string;
  viewport: { width: number; height: number };
  colorScheme: 'light' | 'dark';
}

/** The four looks: desktop and phone widths, light and dark. */
export const LOOKS: readonly Look[] = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { name: 'desktop-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  { name: 'phone-light', viewport: { width: 390, height: 844 }, colorScheme: 'light' },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' },
];

export function editor(page: Page) {
  return page.getByRole('textbox', { name: 'Driver program' });
}

export async function setProgram(page: Page, source: string): Promise<void> {
  await editor(page).fill(source);
  await expect(editor(page)).toContainText(source.split('\n')[0]);
}

export async function runAndWait(page: Page, outcome: RegExp = /Finished/): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText(outcome, { timeout: RUN_TIMEOUT });
}

export function tab(page: Page, name: string) {
  return page.getByRole('tab', { name: new RegExp(`^${name}`) });
}

/**
 * Text whose contrast is too low (WCAG AA), as axe-core's `color-contrast`
 * rule finds it on the page as it is now, in a form that reads well in a
 * failed assertion. Empty when every text passes.
 */
export async function contrastProblems(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? v.help}`),
  );
}

/**
 * Shows the page in each look in turn (same page, same run: only the
 * viewport and the colour scheme change), runs `check` there, saves a
 * screenshot to /tmp/<name>-<look>.png, and expects no contrast problem.
 */
export async function inEveryLook(
  page: Page,
  name: string,
  check: (look: Look) => Promise<void> = async () => {},
  options: { fullPage?: boolean; contrast?: boolean } = {},
): Promise<void> {
  for (const look of LOOKS) {
    await page.setViewportSize(look.viewport);
    await page.emulateMedia({ colorScheme: look.colorScheme });
    await check(look);
    await page.screenshot({ path: `/tmp/${name}-${look.name}.png`, fullPage: options.fullPage ?? true });
    if (options.contrast ?? true) expect(await contrastProblems(page), `contrast in ${look.name}`).toEqual([]);
  }
}
