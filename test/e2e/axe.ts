/** axe-core in the e2e tests: the WCAG 2.0 and 2.1 A and AA rules, colour contrast among them. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Fails with every violation axe-core finds in what the page shows now (open
 * shadow roots and same-origin frames included), each named with its elements.
 *
 * @example
 * await expectAccessible(page, 'course list 1280 light');
 */
export async function expectAccessible(page: Page, what: string, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  expect(
    violations.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    what,
  ).toEqual([]);
}
