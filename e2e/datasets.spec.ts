import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, newUser, otherPerson, test as base } from './fixtures';
import { DatasetsPage } from './pages/datasets-page';
import { TokensPage } from './pages/tokens-page';

// The brief's __dirname is not defined in an ES module (package.json has "type": "module").
const IRIS = path.resolve(import.meta.dirname, '../db/seed-data/iris.csv');
const DIGITS = path.resolve(import.meta.dirname, '../db/seed-data/digits.csv');

const test = base.extend<{ datasets: DatasetsPage }>({
  datasets: async ({ page }, use) => use(new DatasetsPage(page)),
});

/** A CSV whose line 33 has one field too many: past the 20 rows the preview reads. */
function raggedCsv(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-e2e-csv-')), 'ragged.csv');
  const lines = ['a,b,label'];
  for (let i = 0; i < 60; i++) lines.push(i === 31 ? `${i},${i * 2},x,extra` : `${i},${i * 2},${i % 2 ? 'x' : 'y'}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test.describe('datasets', () => {
  test('a researcher uploads iris.csv through the wizard and lands on its page', async ({ page, auth, team, datasets }) => {
    const owner = newUser('ds-owner');
    await auth.signUp(owner);
    await auth.expectSignedIn(owner.name);
    const teamId = await team.create('Dataset lab');

    // The empty list says what to do next.
    await datasets.openList(teamId);
    await expect(page.getByText('No datasets yet')).toBeVisible();
    await datasets.uploadButton().first().click();

    await datasets.chooseCsv(teamId, IRIS);
    // The schema step shows the preview and the inferred columns: four numeric features, the label last.
    await expect(page.getByTestId('csv-preview')).toContainText('5.1');
    for (const c of ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']) {
      await expect(datasets.column(c).getByLabel(`Type of ${c}`)).toHaveValue('numeric');
      await expect(datasets.column(c).getByLabel(`Role of ${c}`)).toHaveValue('feature');
    }
    await expect(datasets.column('species').getByLabel('Role of species')).toHaveValue('label');
    await expect(page.getByLabel('Train fraction')).toHaveValue('0.8');
    await datasets.setName('Iris (e2e)');

    await datasets.recordUploadProgress();
    await datasets.submitUpload();
    await datasets.expectOnDatasetPage('Iris (e2e)');
    expect(Math.max(...(await datasets.recordedProgress()))).toBe(100);

    await expect(datasets.stat('Rows')).toHaveText('150');
    await expect(datasets.stat('Train')).toHaveText('120');
    await expect(datasets.stat('Test')).toHaveText('30');
    await expect(datasets.classBalanceBars()).toHaveCount(3);
    await expect(page.getByTestId('schema-species')).toContainText('label');
    await expect(page.getByTestId('rows-range')).toContainText('Rows 1–25 of 150');
    await expect(page.getByTestId('rows-table').locator('tbody tr')).toHaveCount(25);

    // The list shows it with its counts.
    await datasets.openList(teamId);
    const row = page.getByTestId('dataset-Iris (e2e)');
    await expect(row).toContainText('150');
    await expect(row).toContainText('v1');
  });

  test('the schema step of a 65-column file starts collapsed and has bulk actions', async ({ page, auth, team, datasets }) => {
    const owner = newUser('ds-wide');
    await auth.signUp(owner);
    await auth.expectSignedIn(owner.name);
    const teamId = await team.create('Wide lab');
    await datasets.chooseCsv(teamId, DIGITS);

    // Collapsed: only the columns that are not plain features (the label) are listed.
    await expect(page.getByTestId('column-role-counts')).toHaveText('64 features, 1 label');
    await expect(page.getByTestId('column-choices').locator('tbody tr')).toHaveCount(1);
    await expect(datasets.column('digit').getByLabel('Role of digit')).toHaveValue('label');

    // Search, select a range with shift-click, and ignore the selected columns in one go.
    await page.getByLabel('Find columns').fill('px_0_');
    await expect(page.getByTestId('column-choices').locator('tbody tr')).toHaveCount(8);
    await page.getByLabel('Select px_0_0').click();
    await page.getByLabel('Select px_0_3').click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('column-selected-count')).toHaveText('4 selected');
    await page.getByLabel('Role for the selected columns').selectOption('ignore');
    await page.getByRole('button', { name: 'Set role' }).click();
    await expect(page.getByTestId('column-role-counts')).toHaveText('60 features, 1 label, 4 ignored');
    await expect(datasets.column('px_0_2').getByLabel('Role of px_0_2')).toHaveValue('ignore');

    // One click makes every numeric column a feature again; the label stays.
    await page.getByRole('button', { name: 'All numeric columns → feature' }).click();
    await expect(page.getByTestId('column-role-counts')).toHaveText('64 features, 1 label');
    await page.getByLabel('Find columns').fill('');
    await page.getByRole('button', { name: 'Show all 65 columns' }).click();
    await expect(page.getByTestId('column-choices').locator('tbody tr')).toHaveCount(65);
  });

  test('a ragged CSV shows the failing line inline and creates nothing', async ({ page, auth, team, datasets }) => {
    const user = newUser('ds-ragged');
    await auth.signUp(user);
    await auth.expectSignedIn(user.name);
    const teamId = await team.create('Ragged lab');
    await datasets.chooseCsv(teamId, raggedCsv());
    await datasets.setName('Ragged');
    await datasets.submitUpload();
    const error = page.getByTestId('upload-error');
    await expect(error).toContainText('Nothing was saved');
    await expect(error).toContainText(/line 33/i);
    // The choices are kept: back on step 2 the name is still there to retry with another file.
    await page.getByRole('button', { name: 'Change the schema' }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Ragged');

    const list = await page.request.get(`/api/v1/teams/${teamId}/datasets?archived=include`);
    expect((await list.json()).datasets).toEqual([]);
  });

  test('a writer edits, versions, archives and deletes a dataset; outsiders get 404', async ({ page, auth, team, datasets, browser }) => {
    const user = newUser('ds-writer');
    await auth.signUp(user);
    await auth.expectSignedIn(user.name);
    const teamId = await team.create('Versioning lab');
    // Uploaded through the API with the browser session, as the wizard does; the wizard has its own test.
    const created = await page.request.post(`/api/v1/teams/${teamId}/datasets`, {
      multipart: { options: JSON.stringify({ name: 'Iris v' }), file: { name: 'iris.csv', mimeType: 'text/csv', buffer: fs.readFileSync(IRIS) } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`/teams/${teamId}/datasets/${id}`);

    // Inline description edit.
    await page.getByRole('button', { name: 'Edit name and description' }).click();
    await page.getByTestId('dataset-details-form').getByLabel('Description').fill('Fisher’s irises, for the e2e test.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('dataset-description')).toHaveText('Fisher’s irises, for the e2e test.');

    // A new version with another split seed.
    await page.getByText('Change the schema or split…').click();
    const panel = page.getByTestId('new-version-panel');
    await panel.getByLabel('Split seed').fill('7');
    await panel.getByLabel('Note (optional)').fill('Another split');
    await panel.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page).toHaveURL(/version=2/);
    await expect(page.getByRole('table', { name: 'Versions' })).toContainText('Another split');

    // Outsiders: the same URL is not found for someone of another team.
    const outsider = await otherPerson(browser);
    const outsiderUser = newUser('ds-outsider');
    await outsider.auth.signUp(outsiderUser);
    await outsider.auth.expectSignedIn(outsiderUser.name);
    const res = await outsider.page.goto(`/teams/${teamId}/datasets/${id}`);
    expect(res?.status()).toBe(404);
    await expect(outsider.page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await outsider.close();

    // Archive hides it from the list; the filter shows it again.
    await page.getByTestId('archive-form').getByRole('button', { name: 'Archive' }).click();
    await expect(page.getByTestId('archive-form').getByRole('status')).toContainText('Archived');
    await datasets.openList(teamId);
    await expect(page.getByTestId('dataset-Iris v')).toHaveCount(0);
    await page.getByTestId('archived-filter').click();
    await expect(page.getByTestId('dataset-Iris v')).toContainText('archived');

    // Delete asks for the exact name.
    await page.getByRole('link', { name: 'Iris v' }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByTestId('delete-dataset-dialog');
    await expect(dialog.getByTestId('dataset-dependents')).toContainText('No scenarios or studies use it');
    const confirm = dialog.getByRole('button', { name: 'Delete permanently' });
    await dialog.getByLabel(/to confirm/).fill('iris v');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(/to confirm/).fill('Iris v');
    await confirm.click();
    await expect(page.getByText('Deleted “Iris v”.')).toBeVisible();
    const list = await page.request.get(`/api/v1/teams/${teamId}/datasets?archived=include`);
    expect((await list.json()).datasets).toEqual([]);
  });

  test('a reviewer sees no Upload button and the upload API refuses them (403)', async ({ auth, team, datasets, browser, request }) => {
    const user = newUser('ds-lead');
    await auth.signUp(user);
    await auth.expectSignedIn(user.name);
    const teamId = await team.create('Review lab');
    const reviewerUser = newUser('ds-reviewer');
    const link = await team.invite(teamId, reviewerUser.email, 'reviewer');
    await datasets.openList(teamId);
    await expect(datasets.uploadButton().first()).toBeVisible();

    const reviewer = await otherPerson(browser);
    await reviewer.page.goto(link);
    await reviewer.page.getByRole('link', { name: 'Create an account' }).click();
    await reviewer.page.waitForURL(/\/sign-up\?next=/);
    await reviewer.auth.signUp(reviewerUser, reviewer.page.url());
    await reviewer.page.getByRole('button', { name: 'Join Review lab' }).click();
    await expect(reviewer.page.getByTestId('team-name')).toHaveText('Review lab');

    // UI: the list has no Upload button, its empty state says who uploads, and the wizard is 403.
    const reviewerDatasets = new DatasetsPage(reviewer.page);
    await reviewerDatasets.openList(teamId);
    await expect(reviewerDatasets.uploadButton()).toHaveCount(0);
    await expect(reviewer.page.getByText('Researchers and owners of this team upload datasets')).toBeVisible();
    const wizard = await reviewer.page.goto(`/teams/${teamId}/datasets/new`);
    expect(wizard?.status()).toBe(403);

    // API: the same gate, with the reviewer's token.
    const token = await new TokensPage(reviewer.page).create('reviewer upload');
    const refused = await request.post(`/api/v1/teams/${teamId}/datasets`, {
      headers: { authorization: `Bearer ${token}` },
      multipart: { options: JSON.stringify({ name: 'Not allowed' }), file: { name: 'iris.csv', mimeType: 'text/csv', buffer: fs.readFileSync(IRIS) } },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
    await reviewer.close();
  });

  test('the demo admin reads the seeded datasets and manages them from /admin/datasets', async ({ page, auth }) => {
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await expect(page.getByTestId('team-name')).toHaveText('Demo lab');
    await page.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Datasets' }).click();
    await expect(page.getByRole('table', { name: 'Datasets' }).locator('tbody tr')).toHaveCount(5);

    // The synthetic dataset has data subjects and sensitive groups.
    await page.getByRole('link', { name: 'Synthetic credit (generated)' }).click();
    await expect(page.getByTestId('subject-stats')).toContainText('Subjects');
    await expect(page.getByRole('table', { name: 'Group sizes of sex' })).toBeVisible();

    await page.goto('/admin');
    await page.getByRole('link', { name: 'All datasets' }).click();
    await expect(page.getByRole('heading', { name: 'All datasets' })).toBeVisible();
    const wine = page.getByTestId('admin-dataset-Demo lab-Wine');
    await wine.getByLabel('New name for Wine').fill('Wine (renamed)');
    await wine.getByRole('button', { name: 'Rename' }).click();
    await expect(page.getByTestId('admin-dataset-Demo lab-Wine (renamed)')).toBeVisible();
  });
});
