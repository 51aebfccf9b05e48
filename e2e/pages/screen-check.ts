import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * At the page's current viewport: nothing scrolls sideways and axe-core finds no serious or
 * critical violation (as e2e/screens.spec.ts checks every page).
 */
export async function checkScreen(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect.soft(overflow, `${url} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(serious, `axe on ${url}`).toEqual([]);
}
