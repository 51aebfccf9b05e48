import { checkScreen } from './screen-check';
import { expect, type Locator, type Page } from '@playwright/test';

export interface PublishInput {
  name: string;
  seeds: string;
  /** The "Ranked by" option's label. */
  rankedBy: string;
}

/**
 * Benchmarks: "Publish as benchmark" on a scenario's page, the Benchmarks list, one benchmark's
 * page (its leaderboard, the external-study and submit forms, the verify buttons, its share links).
 */
export class BenchmarksPage {
  constructor(readonly page: Page) {}

  async openScenario(teamId: string, scenarioId: string) {
    await this.page.goto(`/teams/${teamId}/scenarios/${scenarioId}`);
    await expect(this.page.getByTestId('publish-benchmark')).toBeVisible();
  }

  get publishForm(): Locator {
    return this.page.getByTestId('publish-benchmark-form');
  }

  /** Unfolds "Publish as benchmark" and fills the recipe; does not post. */
  async fillPublish(input: PublishInput) {
    const details = this.page.getByTestId('publish-benchmark');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await this.publishForm.getByLabel('Benchmark name').fill(input.name);
    await this.publishForm.getByLabel('Seeds').fill(input.seeds);
    await this.publishForm.getByLabel('Ranked by').selectOption({ label: input.rankedBy });
  }

  /** Posts the publish form and returns the id of the benchmark page it lands on. */
  async publish(): Promise<string> {
    await this.publishForm.getByRole('button', { name: 'Publish as benchmark' }).click();
    await this.page.waitForURL(/\/benchmarks\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop() as string;
  }

  /** The Benchmarks page, reached from the top navigation. */
  async openListFromNav() {
    await this.page.getByTestId('nav-benchmarks').click();
    await this.page.waitForURL(/\/benchmarks$/);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Benchmarks' })).toBeVisible();
  }

  /** A benchmark's card on the list, by its name. */
  listItem(name: string): Locator {
    return this.page.getByTestId('benchmark-list').getByRole('listitem').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async open(benchmarkId: string, name: string) {
    await this.page.goto(`/benchmarks/${benchmarkId}`);
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  /** Leaderboard lines as the table shows them (768 px and wider). */
  tableRows(): Locator {
    return this.page.getByTestId('leaderboard-row');
  }

  tableRow(method: string): Locator {
    return this.tableRows().filter({ hasText: method });
  }

  /** Leaderboard lines as blocks (below 768 px). */
  items(): Locator {
    return this.page.getByTestId('leaderboard-item');
  }

  /** The table's cells of one line, as text: rank, method, team, criterion, other metrics..., N, entry. */
  async rowCells(method: string): Promise<string[]> {
    return (await this.tableRow(method).locator('td').allTextContents()).map((t) => t.trim());
  }

  /** "Create an external study on this benchmark": fills the form and returns the new study's id. */
  async createExternalStudy(name: string, description: string): Promise<string> {
    const form = this.page.getByTestId('external-study-form');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Your models').fill(description);
    await form.getByRole('button', { name: 'Create external study' }).click();
    await this.page.waitForURL(/\/teams\/[0-9a-f-]{36}\/studies\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
    return this.page.url().split('/').pop() as string;
  }

  get submitForm(): Locator {
    return this.page.getByTestId('submit-entry-form');
  }

  async submit(studyOption: string) {
    await this.submitForm.getByLabel('Your study').selectOption({ label: studyOption });
    await this.submitForm.getByRole('button', { name: 'Submit to the leaderboard' }).click();
  }

  /** At the current viewport: no sideways scroll, no serious or critical axe violation (screen-check.ts). */
  checkScreen(url: string) {
    return checkScreen(this.page, url);
  }
}
