import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** A results dashboard (study or comparison): headline, runs table, exports and charts. */
export class ResultsPage {
  constructor(readonly page: Page) {}

  async openStudy(teamId: string, studyId: string, query = '') {
    await this.page.goto(`/teams/${teamId}/studies/${studyId}/results${query ? `?${query}` : ''}`);
    await expect(this.page.getByTestId('results-dashboard')).toBeVisible();
  }

  get headline(): Locator {
    return this.page.getByTestId('results-headline');
  }

  rows(): Locator {
    return this.page.getByTestId('results-row');
  }

  /** Row labels top to bottom. */
  async rowLabels(): Promise<string[]> {
    return (await this.rows().getByTestId('results-row-label').allTextContents()).map((t) => t.replace(/(pinned|baseline|closest)/g, '').trim());
  }

  /** The raw numbers of one column (data-value of its cells), top to bottom. */
  async columnValues(metric: string, by: 'value' | 'gap' = 'value'): Promise<Array<number | null>> {
    const cells = this.page.getByTestId(`cell-${metric}-${by}`);
    return (await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''))).map((v) => (v === '' ? null : Number(v)));
  }

  async columnTexts(metric: string, by: 'value' | 'gap' = 'value'): Promise<string[]> {
    return this.page.getByTestId(`cell-${metric}-${by}`).allTextContents();
  }

  async sortBy(metric: string, by: 'value' | 'gap' = 'value') {
    await this.page.getByTestId(`sort-${metric}-${by}`).click();
  }

  /** Chart containers in the charts grid. */
  charts(): Locator {
    return this.page.getByTestId('results-charts').locator('> section');
  }

  /** Downloads an export and returns its text. */
  async download(which: 'csv' | 'json'): Promise<string> {
    const [file] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`export-${which}`).click()]);
    const path = await file.path();
    return fs.readFileSync(path, 'utf8');
  }
}
