import { expect, test } from './fixtures';
import { StudiesPage } from './pages/studies-page';

test.describe('external studies', () => {
  test.beforeEach(async ({ auth }) => {
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
  });

  test('an owner creates an external study in the UI and gets the upload form, with the route’s errors inline', async ({ page }) => {
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Digits 8x8');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget a tenth (external)', category: 'privacy', seed: 7, selector: { kind: 'randomFraction', fraction: 0.1 } });

    await studies.openNew(teamId, scenarioId);
    await page.getByTestId('external-study-link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'New external study' })).toBeVisible();
    const form = page.getByTestId('external-study-form');
    await form.getByLabel('Name', { exact: true }).fill('Our PyTorch method');
    // The description of the models is required: the server's message shows under its box.
    await form.getByRole('button', { name: 'Create external study' }).click();
    await expect(form.getByText('Describe the model the group trains (architecture, recipe).')).toBeVisible();
    await form.getByLabel('Your models').fill('Linear softmax, 64 -> 10, trained with SGD in PyTorch.');
    await form.getByRole('button', { name: 'Create external study' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Our PyTorch method' })).toBeVisible();
    await expect(page.getByTestId('external-empty-state')).toContainText('Download the package');
    const upload = page.getByTestId('external-upload-form');
    await expect(upload).toBeVisible();
    // No files chosen: said at each box before anything is sent.
    await upload.getByRole('button', { name: 'Upload' }).click();
    await expect(upload.getByText('Choose the logits on x_train (.npy).')).toBeVisible();
    // A file that is not NPY: the route's message names the file, shown at its box; nothing is stored.
    const junk = { mimeType: 'application/octet-stream', buffer: Buffer.from('this is not numpy data at all') };
    await upload.getByLabel('logits_train.npy').setInputFiles({ name: 'logits_train.npy', ...junk });
    await upload.getByLabel('logits_test.npy').setInputFiles({ name: 'logits_test.npy', ...junk });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await expect(page.locator('#external-logits-train-error')).toContainText('logits_train.npy is not a NumPy .npy file');
    await expect(page.getByTestId('external-empty-state')).toBeVisible();
  });
});
