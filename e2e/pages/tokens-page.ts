import { expect, type Page } from '@playwright/test';

export class TokensPage {
  constructor(readonly page: Page) {}

  async create(name: string): Promise<string> {
    await this.page.goto('/tokens');
    const form = this.page.getByTestId('token-form');
    await form.getByLabel('Name').fill(name);
    await form.getByRole('button', { name: 'Create token' }).click();
    const value = form.getByTestId('value-API token');
    await expect(value).toContainText('lethe_');
    return ((await value.textContent()) ?? '').trim();
  }

  async revoke(name: string) {
    await this.page.goto('/tokens');
    this.page.once('dialog', (d) => void d.accept());
    const row = this.page.getByTestId(`token-${name}`);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(row.getByText('revoked')).toBeVisible();
  }
}
