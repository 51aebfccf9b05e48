import crypto from 'node:crypto';
import { test as base, type Browser, type Page } from '@playwright/test';
import { AuthPage } from './pages/auth-page';
import { TeamPage } from './pages/team-page';
import { TokensPage } from './pages/tokens-page';

export const PASSWORD = 'e2e-password-1';

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

export function newUser(label: string): TestUser {
  return { name: `${label} ${crypto.randomBytes(2).toString('hex')}`, email: `${label}-${crypto.randomBytes(4).toString('hex')}@example.org`, password: PASSWORD };
}

/** A second person in their own browser context (own cookies). */
export async function otherPerson(browser: Browser): Promise<{ page: Page; auth: AuthPage; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, auth: new AuthPage(page), close: () => context.close() };
}

export const test = base.extend<{ auth: AuthPage; team: TeamPage; tokens: TokensPage }>({
  auth: async ({ page }, use) => use(new AuthPage(page)),
  team: async ({ page }, use) => use(new TeamPage(page)),
  tokens: async ({ page }, use) => use(new TokensPage(page)),
});

export { expect } from '@playwright/test';
