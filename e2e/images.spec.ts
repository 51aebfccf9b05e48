import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { PNG } from 'pngjs';
import { expect, newUser, test as base } from './fixtures';
import { DatasetsPage } from './pages/datasets-page';
import { ScenariosPage } from './pages/scenarios-page';

const test = base.extend<{ datasets: DatasetsPage; scenarios: ScenariosPage }>({
  datasets: async ({ page }, use) => use(new DatasetsPage(page)),
  scenarios: async ({ page }, use) => use(new ScenariosPage(page)),
});

/** An 8x8 greyscale PNG: "dark" images are dim with a bright left column, "bright" the reverse. */
function png(bright: boolean, variant: number): Uint8Array {
  const image = new PNG({ width: 8, height: 8 });
  for (let p = 0; p < 64; p++) {
    const v = (p % 8 === 0) !== bright ? 220 - variant : 20 + variant;
    image.data.set([v, v, v, 255], p * 4);
  }
  return new Uint8Array(PNG.sync.write(image));
}

/** A ZIP with one folder per class, as the wizard asks for. */
function imageZip(): string {
  const files: Zippable = {};
  for (let i = 0; i < 12; i++) {
    files[`dark/${i}.png`] = png(false, i);
    files[`bright/${i}.png`] = png(true, i);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lethe-e2e-zip-')), 'shapes.zip');
  fs.writeFileSync(file, zipSync(files));
  return file;
}

test('a researcher uploads a ZIP of images and builds a backdoor scenario with a pixel patch', async ({ page, auth, team, datasets, scenarios }) => {
  const user = newUser('images');
  await auth.signUp(user);
  await auth.expectSignedIn(user.name);
  const teamId = await team.create('Image lab');

  // Step 1: the ZIP format and the file; step 2: greyscale, a name.
  await datasets.chooseZip(teamId, imageZip());
  await expect(page.getByLabel('Channels')).toHaveValue('1');
  await datasets.setName('Shapes (e2e)');
  await datasets.recordUploadProgress();
  await datasets.submitUpload();
  const datasetId = await datasets.expectOnDatasetPage('Shapes (e2e)');
  expect(Math.max(...(await datasets.recordedProgress()))).toBe(100);

  // The folders became the classes; the images are shown, 24 of them.
  await expect(datasets.stat('Rows')).toHaveText('24');
  await expect(datasets.stat('Classes')).toHaveText('2');
  await expect(datasets.stat('Image size')).toHaveText('8×8');
  await expect(datasets.classBalanceBars()).toHaveCount(2);
  const firstImage = page.getByRole('img', { name: /^Row 0, class (dark|bright)$/ });
  await expect(firstImage).toBeVisible();
  expect(await firstImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);

  // A security scenario: a 2x2 white patch in the top-left corner relabels poisoned images "bright".
  await scenarios.openList(teamId, datasetId);
  await scenarios.startNew('security');
  await scenarios.pick('Backdoor');
  await expect(page.getByText('Trigger: a square patch stamped on the image')).toBeVisible();
  await expect(page.getByText('Images are 8×8 px')).toBeVisible();
  await page.getByLabel('Target class (what the trigger makes the model predict)').selectOption('bright');
  await page.getByLabel('Patch size (px)').fill('2');
  await page.getByLabel('Top row').fill('0');
  await page.getByLabel('Left column').fill('0');
  await page.getByLabel('Pixel value (0-255)').fill('255');
  expect(await scenarios.forgetCount()).toBeGreaterThan(0);
  // The preview shows poisoned images with the trigger stamped on them.
  const poisoned = scenarios.preview.getByTestId('poison-images').getByRole('img', { name: /with the trigger, relabelled bright/ });
  await expect(poisoned.first()).toBeVisible();
  expect(await poisoned.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);

  // A patch outside the image is refused inline and cannot be saved.
  await page.getByLabel('Top row').fill('7');
  await expect(page.getByText('runs past the image height 8 (row must be at most 6)')).toBeVisible();
  await expect(scenarios.saveButton).toBeDisabled();
  await page.getByLabel('Top row').fill('0');
  await expect(scenarios.saveButton).toBeEnabled();

  await scenarios.save('Corner patch');
  await expect(page.getByText(/a 2×2 patch of pixel value 255 with its top-left corner at row 0, column 0/)).toBeVisible();
});
