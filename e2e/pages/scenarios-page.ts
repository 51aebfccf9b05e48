import { expect, type Locator, type Page } from '@playwright/test';

type Category = 'security' | 'privacy' | 'usability' | 'fidelity';

/** The scenario pages: a dataset's list, the builder with its live preview, a scenario's page. */
export class ScenariosPage {
  constructor(readonly page: Page) {}

  /** The id of a team the signed-in user is in, by name (the API answers with the session cookie). */
  async teamId(name: string): Promise<string> {
    const res = await this.page.request.get('/api/v1/me');
    expect(res.ok()).toBeTruthy();
    const team = ((await res.json()) as { teams: Array<{ id: string; name: string }> }).teams.find((t) => t.name === name);
    if (!team) throw new Error(`not in a team named ${name}`);
    return team.id;
  }

  async datasetId(teamId: string, name: string): Promise<string> {
    const res = await this.page.request.get(`/api/v1/teams/${teamId}/datasets`);
    expect(res.ok()).toBeTruthy();
    const dataset = ((await res.json()) as { datasets: Array<{ id: string; name: string }> }).datasets.find((d) => d.name === name);
    if (!dataset) throw new Error(`no dataset named ${name}`);
    return dataset.id;
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
