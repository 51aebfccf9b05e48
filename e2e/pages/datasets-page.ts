import { expect, type Page } from '@playwright/test';

/** A team's dataset pages: the list, the upload wizard and a dataset's page. */
export class DatasetsPage {
  constructor(readonly page: Page) {}

  async openList(teamId: string) {
    await this.page.goto(`/teams/${teamId}/datasets`);
    await expect(this.page.getByRole('heading', { name: 'Datasets', level: 1 })).toBeVisible();
  }

  uploadButton() {
    return this.page.getByTestId('upload-dataset');
  }

  /** Step 1 of the wizard with a CSV file; ends on the schema step. */
  async chooseCsv(teamId: string, filePath: string) {
    await this.chooseFile(teamId, null, 'CSV or TSV file', filePath);
  }

  /** Step 1 of the wizard with a ZIP of class folders of images; ends on the schema step. */
  async chooseZip(teamId: string, filePath: string) {
    await this.chooseFile(teamId, /ZIP of images/, 'ZIP file', filePath);
  }

  private async chooseFile(teamId: string, format: RegExp | null, fileLabel: string, filePath: string) {
    await this.page.goto(`/teams/${teamId}/datasets/new`);
    if (format) await this.page.getByRole('radio', { name: format }).check();
    await this.page.getByLabel(fileLabel).setInputFiles(filePath);
    await this.page.getByRole('button', { name: 'Next: schema' }).click();
    await expect(this.page.getByRole('heading', { name: /Step 2/ })).toBeVisible();
  }

  column(name: string) {
    return this.page.getByTestId(`column-${name}`);
  }

  async setName(name: string) {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
  }

  /**
   * Records every value the byte progress bar shows. The bar is transient (the wizard moves on to
   * the dataset page as soon as the server is done), so the test reads the record afterwards; the
   * move is a client-side navigation, so the record survives it.
   */
  async recordUploadProgress() {
    await this.page.evaluate(() => {
      const w = window as unknown as { __uploadProgress: number[] };
      w.__uploadProgress = [];
      const record = () => {
        const value = document.querySelector('[data-testid="upload-bytes-progress"]')?.getAttribute('aria-valuenow');
        if (value) w.__uploadProgress.push(Number(value));
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
  }

  async recordedProgress(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { __uploadProgress?: number[] }).__uploadProgress ?? []);
  }

  async submitUpload() {
    await this.page.getByRole('button', { name: 'Upload and save' }).click();
  }

  async expectOnDatasetPage(name: string): Promise<string> {
    await expect(this.page).toHaveURL(/\/datasets\/[0-9a-f-]{36}/);
    await expect(this.page.getByTestId('dataset-name')).toHaveText(name);
    const id = /\/datasets\/([0-9a-f-]{36})/.exec(this.page.url())?.[1];
    if (!id) throw new Error(`no dataset id in ${this.page.url()}`);
    return id;
  }

  stat(label: string) {
    return this.page.getByTestId('dataset-stats').locator('div', { has: this.page.getByText(label, { exact: true }) }).locator('dd').first();
  }

  classBalanceBars() {
    return this.page.getByTestId('class-balance-chart').locator('svg .recharts-bar-rectangle');
  }
}
