import { expect, type Locator, type Page } from '@playwright/test';
import { datasetIdByName, teamIdByName } from './api-lookups';

export interface ScenarioBody {
  name: string;
  category: 'security' | 'privacy' | 'usability' | 'fidelity';
  seed: number;
  selector: Record<string, unknown>;
}

/** The study pages: the "New study" form with its live plan, a study's live runs table, runs and jobs. */
export class StudiesPage {
  constructor(readonly page: Page) {}

  /** The id of a team the signed-in user is in, by name. */
  teamId(name: string): Promise<string> {
    return teamIdByName(this.page, name);
  }

  datasetId(teamId: string, name: string): Promise<string> {
    return datasetIdByName(this.page, teamId, name);
  }

  async createScenario(datasetId: string, body: ScenarioBody): Promise<string> {
    const res = await this.page.request.post(`/api/v1/datasets/${datasetId}/scenarios`, { data: body });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  async openNew(teamId: string, scenarioId: string) {
    await this.page.goto(`/teams/${teamId}/studies/new?scenarioId=${scenarioId}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'New study' })).toBeVisible();
  }

  async setName(name: string) {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
  }

  async setSeeds(n: number) {
    await this.page.getByTestId('seed-count').fill(String(n));
  }

  async setFirstSeed(n: number) {
    await this.page.getByLabel('First seed').fill(String(n));
  }

  async setEpochs(n: number | string) {
    await this.page.getByTestId('recipe-epochs').fill(String(n));
  }

  method(id: string): Locator {
    return this.page.getByTestId(`method-${id}`);
  }

  async chooseMethods(ids: string[]) {
    for (const id of ids) await this.method(id).getByRole('checkbox').check();
  }

  get plan(): Locator {
    return this.page.getByTestId('plan-summary');
  }

  /** Waits until the live plan shows these run counts. */
  async expectPlan(counts: { original: number; retrain: number; unlearned: number; total: number }) {
    await expect(this.plan.getByTestId('plan-total')).toHaveText(String(counts.total));
    await expect(this.plan.getByTestId('plan-original')).toHaveText(String(counts.original));
    await expect(this.plan.getByTestId('plan-retrain')).toHaveText(String(counts.retrain));
    await expect(this.plan.getByTestId('plan-unlearned')).toHaveText(String(counts.unlearned));
  }

  /** Opens a method card's "Sweep" disclosure and turns the sweep on. */
  async openSweep(methodId: string) {
    const sweep = this.page.getByTestId(`method-${methodId}-sweep`);
    await sweep.locator('summary').click();
    await sweep.getByRole('checkbox', { name: 'Try a small grid of settings and keep the best' }).check();
    return sweep;
  }

  get launchButton(): Locator {
    return this.page.getByRole('button', { name: 'Launch study' });
  }

  /** Launches and returns the new study's id from the page it lands on. */
  async launch(): Promise<string> {
    await this.launchButton.click();
    await this.page.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
    return this.page.url().split('/').pop() as string;
  }

  /** "Upload an external run" (an external study's page; folded away on a Lethe study's page). */
  get uploadForm(): Locator {
    return this.page.getByTestId('external-upload-form');
  }

  /** The upload form's segmented controls are native radios inside labels; clicking the label picks one. */
  async pickInUpload(option: string) {
    await this.uploadForm.locator('label').filter({ has: this.page.getByRole('radio', { name: option, exact: true }) }).click();
    await expect(this.uploadForm.getByRole('radio', { name: option, exact: true })).toBeChecked();
  }

  /** The one-line summaries of a folded study's groups (originals, retrains, then each method). */
  groupSummaries(): Locator {
    return this.page.getByTestId('run-group-summary');
  }

  runRows(filter: { status?: string; kind?: string; method?: string } = {}): Locator {
    let selector = '[data-testid="run-row"]';
    if (filter.status) selector += `[data-status="${filter.status}"]`;
    if (filter.kind) selector += `[data-kind="${filter.kind}"]`;
    if (filter.method) selector += `[data-method="${filter.method}"]`;
    return this.page.locator(selector);
  }

  /** Current values (percent) of every visible run progress bar. */
  async progressValues(): Promise<number[]> {
    return this.page.getByTestId('run-progress').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('aria-valuenow'))));
  }
}
