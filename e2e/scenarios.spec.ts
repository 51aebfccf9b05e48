import { expect, otherPerson, newUser, test } from './fixtures';
import { ScenariosPage } from './pages/scenarios-page';

const CREDIT = 'Synthetic credit (generated)';

test.describe('scenarios', () => {
  test.beforeEach(async ({ auth }) => {
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
  });

  test('a privacy scenario forgetting two chosen customers previews live, saves, and has its own page', async ({ page, browser }) => {
    const scenarios = new ScenariosPage(page);
    const teamId = await scenarios.teamId('Demo lab');
    const datasetId = await scenarios.datasetId(teamId, CREDIT);
    await scenarios.openList(teamId, datasetId);
    await expect(page.getByText('No scenarios yet')).toBeVisible();

    await scenarios.startNew('privacy');
    await scenarios.pick('Choose subjects');
    // No subject chosen yet: the spec is refused and the message sits by the picker.
    await expect(page.getByTestId('subject-picker').getByRole('alert')).toContainText('at least one subject');
    await scenarios.chooseSubjects(['C0001', 'C0002']);
    expect(await scenarios.forgetCount()).toBeGreaterThan(0);
    const subjects = scenarios.preview.getByTestId('preview-subjects');
    await expect(subjects.getByTestId('subject-count')).toHaveText('2');
    await expect(subjects).toContainText('C0001');
    await expect(subjects).toContainText('C0002');
    await expect(scenarios.preview.getByTestId('class-chart')).toBeVisible();
    await expect(scenarios.preview.getByTestId('group-chart-sex')).toBeVisible();

    await scenarios.save('Forget C0001 and C0002');
    await expect(page.getByTestId('scenario-notice')).toHaveText('Scenario saved.');
    await expect(page.getByText('Privacy: right to be forgotten')).toBeVisible();
    await expect(page.getByTestId('spec-selector')).toContainText('C0001, C0002');
    await expect(page.getByTestId('preview-subjects')).toContainText('C0002');
    const scenarioUrl = page.url();

    // Edit: the builder opens with the saved spec; saving changes the same scenario.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Selected subjects' }).getByRole('listitem')).toHaveCount(2);
    await scenarios.chooseSubjects(['C0003']);
    await expect(scenarios.preview.getByTestId('subject-count')).toHaveText('3');
    await scenarios.saveButton.click();
    await expect(page.getByTestId('scenario-notice')).toHaveText('Changes saved.');
    expect(page.url().split('?')[0]).toBe(scenarioUrl.split('?')[0]);
    await expect(page.getByTestId('spec-selector')).toContainText('C0001, C0002, C0003');

    // Listed on the dataset's scenarios page.
    await scenarios.openList(teamId, datasetId);
    await expect(page.getByTestId('scenario-row-Forget C0001 and C0002')).toContainText('privacy');

    // Someone outside the team gets "not found", not the scenario.
    const outsider = await otherPerson(browser);
    const stranger = newUser('outsider');
    await outsider.auth.signUp(stranger);
    await outsider.auth.expectSignedIn(stranger.name);
    const res = await outsider.page.goto(scenarioUrl);
    expect(res?.status()).toBe(404);
    await expect(outsider.page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await outsider.close();
  });

  test('a usability predicate matching no rows is refused inline and cannot be saved', async ({ page }) => {
    const scenarios = new ScenariosPage(page);
    const teamId = await scenarios.teamId('Demo lab');
    await scenarios.openList(teamId, await scenarios.datasetId(teamId, CREDIT));
    await scenarios.startNew('usability');
    expect(await scenarios.forgetCount()).toBeGreaterThan(0);
    await scenarios.pick('Conditions');
    await page.getByLabel('Column', { exact: true }).selectOption('income_k');
    await page.getByLabel('Operator', { exact: true }).selectOption('>');
    await page.getByLabel('Value', { exact: true }).fill('100000');
    const form = page.locator('form');
    await expect(form.getByRole('alert').filter({ hasText: 'matches no training rows' })).toBeVisible();
    await expect(scenarios.preview.getByTestId('preview-blocked')).toBeVisible();
    await expect(page.getByTestId('save-refused')).toBeVisible();
    await expect(scenarios.saveButton).toBeDisabled();

    // Fixing the value brings the preview back and allows saving.
    await page.getByLabel('Value', { exact: true }).fill('60');
    expect(await scenarios.forgetCount()).toBeGreaterThan(0);
    await expect(scenarios.saveButton).toBeEnabled();
  });

  test('a security label-flip scenario shows a sample of poisoned rows', async ({ page }) => {
    const scenarios = new ScenariosPage(page);
    const teamId = await scenarios.teamId('Demo lab');
    await scenarios.openList(teamId, await scenarios.datasetId(teamId, CREDIT));
    await scenarios.startNew('security');
    await scenarios.pick('Label flip');
    await page.getByLabel('From class').selectOption('approved');
    await page.getByLabel('To class').selectOption('denied');
    await page.getByLabel('Share flipped (%)').fill('20');
    await page.getByLabel('Identified share of the poison (%)').fill('50');
    expect(await scenarios.forgetCount()).toBeGreaterThan(0);
    const sample = scenarios.preview.getByTestId('poison-table');
    await expect(sample).toBeVisible();
    await expect(sample.getByRole('row').nth(1)).toContainText('approved → denied');
    await expect(scenarios.preview.getByTestId('poisoned-count')).not.toHaveText('0');

    await scenarios.save('Flip 20% of approvals');
    await expect(page.getByText('Label flip: 20.0 % of the training rows of class “approved” are relabelled “denied”.')).toBeVisible();
    await expect(page.getByTestId('poison-table')).toBeVisible();
  });
});
