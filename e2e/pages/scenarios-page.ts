import { expect, type Locator, type Page } from '@playwright/test';
import { datasetIdByName, teamIdByName } from './api-lookups';

type Category = 'security' | 'privacy' | 'usability' | 'fidelity';

/** The scenario pages: a dataset's list, the builder with its live preview, a scenario's page. */
export class ScenariosPage {
  constructor(readonly page: Page) {}

  /** The id of a team the signed-in user is in, by name. */
  teamId(name: string): Promise<string> {
    return teamIdByName(this.page, name);
  }

  datasetId(teamId: string, name: string): Promise<string> {
    return datasetIdByName(this.page, teamId, name);
  }

  async openList(teamId: string, datasetId: string) {
    await this.page.goto(`/teams/${teamId}/datasets/${datasetId}/scenarios`);
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('Scenarios of');
  }

  /** From the list, "New scenario", then a category card. */
  async startNew(category: Category) {
    await this.page.getByRole('link', { name: 'New scenario' }).first().click();
    await expect(this.page.getByRole('heading', { name: 'New scenario' })).toBeVisible();
    await this.page.getByTestId(`category-${category}`).click();
    await expect(this.page.getByRole('heading', { name: `2. Define the ${category} scenario` })).toBeVisible();
  }

  /** Segmented controls are native radios inside labels; clicking the label picks one. */
  async pick(option: string) {
    await this.page.locator('label').filter({ has: this.page.getByRole('radio', { name: option, exact: true }) }).click();
  }

  async chooseSubjects(ids: string[]) {
    const picker = this.page.getByTestId('subject-picker');
    for (const id of ids) {
      await picker.getByRole('searchbox').fill(id);
      await picker.getByRole('checkbox', { name: id, exact: true }).check();
    }
    for (const id of ids) await expect(picker.getByRole('button', { name: `Remove ${id}` })).toBeVisible();
  }

  get preview(): Locator {
    return this.page.getByTestId('preview-panel');
  }

  /** Waits until the preview shows a forget set and returns its row count. */
  async forgetCount(): Promise<number> {
    const stat = this.preview.getByTestId('forget-count');
    await expect(stat).toHaveText(/^[\d,]+ rows$/);
    return Number(((await stat.textContent()) ?? '').replace(/[^\d]/g, ''));
  }

  async setName(name: string) {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
  }

  get saveButton(): Locator {
    return this.page.getByRole('button', { name: /^Save/ });
  }

  async save(name: string) {
    await this.setName(name);
    await this.saveButton.click();
    await this.page.waitForURL(/\/teams\/[0-9a-f-]{36}\/scenarios\/[0-9a-f-]{36}/);
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }
}
