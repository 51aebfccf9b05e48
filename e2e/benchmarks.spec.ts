import { unzipSync } from 'fflate';
import { npyBytes, readNpy } from '../lib/data/npy';
import { expect, newUser, otherPerson, test } from './fixtures';
import { BenchmarksPage } from './pages/benchmarks-page';
import { SharingPage } from './pages/sharing-page';
import { StudiesPage } from './pages/studies-page';
import { TeamPage } from './pages/team-page';

async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Logits of the given class predictions (5 for the predicted class, 0 elsewhere), float64. */
function logitsOf(predicted: number[], classes: number): Buffer {
  const out = new Float64Array(predicted.length * classes);
  predicted.forEach((p, i) => (out[i * classes + p] = 5));
  return Buffer.from(npyBytes(out, [predicted.length, classes]));
}

/**
 * Benchmarks in the browser: the demo admin publishes an Iris scenario from its page; a person
 * of another team finds it under Benchmarks, downloads its package, creates an external study
 * from the benchmark page, uploads logits computed here on that package (one method predicting
 * exactly what the retrain predicts, one keeping the forgotten class) and submits the study from
 * the page. The leaderboard ranks the two methods with N and links to a working read-only
 * dashboard; the admin marks the entry verified; the benchmark's share link shows the
 * leaderboard signed out. At 390 px no benchmark page scrolls sideways and axe finds nothing
 * serious. Then the upload form of a small trained Lethe study: Lethe's retrain is offered as the
 * reference of an unlearned ONNX model only, needs the recipe declaration, and scores the model.
 */
test.describe('benchmarks', () => {
  test('publish from the scenario page, enter from another team, rank, verify, share; phone-width pages pass', async ({ page, auth, browser }) => {
    test.setTimeout(240_000);
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Iris');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget setosa (benchmark)', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });

    // The admin publishes it: one seed is refused at the seeds box, two are accepted.
    const admin = new BenchmarksPage(page);
    const name = `Iris: forget setosa ${Date.now()}`;
    await admin.openScenario(teamId, scenarioId);
    await admin.fillPublish({ name, seeds: '0', rankedBy: 'Forget accuracy gap to retrain' });
    await admin.publishForm.getByRole('button', { name: 'Publish as benchmark' }).click();
    await expect(page.locator('#benchmark-seeds-error')).toContainText('at least 2 seeds');
    await admin.publishForm.getByLabel('Seeds', { exact: true }).fill('0, 1');
    const benchmarkId = await admin.publish();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const recipe = page.getByTestId('benchmark-recipe');
    await expect(recipe).toContainText('0, 1 (2 seeds');
    await expect(recipe).toContainText('Forget accuracy gap to retrain, lower is better');
    await expect(page.getByText('No entries yet')).toBeVisible();
    // Its own team has no study on the scenario yet: the page says how to enter.
    await expect(page.getByTestId('no-entry-studies')).toContainText('Create an external study');
    await admin.openListFromNav();
    await expect(admin.listItem(name)).toContainText('By Demo lab');
    await expect(admin.listItem(name)).toContainText('over 2 seeds · no entries yet');

    // A second person signs up, makes a team and finds the benchmark under Benchmarks.
    const entrant = await otherPerson(browser);
    const entrantUser = newUser('entrant');
    await entrant.auth.signUp(entrantUser);
    await entrant.auth.expectSignedIn(entrantUser.name);
    const entrantTeam = `Outside lab ${entrantUser.name.split(' ')[1]}`;
    await new TeamPage(entrant.page).create(entrantTeam);
    const theirs = new BenchmarksPage(entrant.page);
    await theirs.openListFromNav();
    await expect(theirs.listItem(name)).toContainText('By Demo lab');
    await theirs.listItem(name).getByRole('link', { name, exact: true }).click();
    await expect(entrant.page.getByRole('heading', { level: 1, name })).toBeVisible();
    // Neither verify nor share is theirs.
    await expect(entrant.page.getByTestId('share-panel')).toHaveCount(0);

    // The package, downloaded with their session (the page's link points at the same URL).
    const packageHref = await entrant.page.getByTestId('scenario-package-npy').getAttribute('href');
    expect(packageHref).toBe(`/api/v1/scenarios/${scenarioId}/package`);
    const zip = await entrant.page.request.get(packageHref!);
    expect(zip.status()).toBe(200);
    const files = unzipSync(new Uint8Array(await zip.body()));
    const read = async (file: string) => Array.from((await readNpy(chunksOf(files[file]), { maxBytes: 1 << 20, name: file })).data as BigInt64Array, Number);
    const [yTrain, yTest, forget] = await Promise.all([read('y_train.npy'), read('y_test.npy'), read('forget.npy')]);
    const classes = (JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { classNames: string[] }).classNames.length;
    expect(forget.length).toBeGreaterThan(0);
    const forgotten = new Set(forget);
    // Their retrain never saw setosa: it calls those training rows the next class. "Exact"
    // predicts what the retrain predicts (forget-accuracy gap 0); "Keeps" still knows setosa (gap 1).
    const retrain = { train: logitsOf(yTrain.map((y, i) => (forgotten.has(i) ? (y + 1) % classes : y)), classes), test: logitsOf(yTest, classes) };
    const keeps = { train: logitsOf(yTrain, classes), test: logitsOf(yTest, classes) };

    // An external study, created from the benchmark page.
    const studyName = 'Exact or not';
    const studyId = await theirs.createExternalStudy(studyName, 'Predictions written by the e2e test: a retrain without setosa and two methods.');
    await expect(entrant.page.getByTestId('external-empty-state')).toBeVisible();

    // Submitting it before anything is uploaded: the server's reason shows at the study choice.
    const studyOption = `${studyName} (${entrantTeam}, external)`;
    await theirs.open(benchmarkId, name);
    await theirs.submit(studyOption);
    await expect(entrant.page.locator('#entry-study-error')).toContainText('has no uploaded method runs');
    await expect(entrant.page.getByTestId('leaderboard')).toHaveCount(0);

    for (const seed of [0, 1]) {
      for (const [options, logits] of [
        [{ role: 'retrain', seed }, retrain],
        [{ role: 'unlearned', seed, method: 'Exact' }, retrain],
        [{ role: 'unlearned', seed, method: 'Keeps' }, keeps],
      ] as const) {
        const res = await entrant.page.request.post(`/api/v1/studies/${studyId}/external-runs`, {
          multipart: {
            options: JSON.stringify(options),
            logits_train: { name: 'logits_train.npy', mimeType: 'application/octet-stream', buffer: logits.train },
            logits_test: { name: 'logits_test.npy', mimeType: 'application/octet-stream', buffer: logits.test },
          },
        });
        expect(res.status(), `${JSON.stringify(options)}: ${await res.text()}`).toBe(201);
      }
    }

    // Submitted from the page: the leaderboard ranks both methods with N = 2.
    await theirs.open(benchmarkId, name);
    await theirs.submit(studyOption);
    // The page re-renders: the study was the only one to offer, so the form gives way to the sentence saying it is entered.
    await expect(theirs.tableRows()).toHaveCount(2);
    await expect(entrant.page.getByTestId('no-entry-studies')).toContainText('on the leaderboard already');
    await expect(theirs.submitForm).toHaveCount(0);
    const exactCells = await theirs.rowCells('Exact (external)');
    expect(exactCells[0]).toBe('1');
    expect(exactCells[2]).toContain(entrantTeam);
    expect(exactCells.at(-2)).toBe('2');
    const keepsCells = await theirs.rowCells('Keeps (external)');
    expect(keepsCells[0]).toBe('2');
    expect(keepsCells.at(-2)).toBe('2');
    await expect(theirs.tableRows().first()).toContainText('Exact (external)');
    await expect(theirs.tableRow('Exact (external)').getByTestId('entry-verify')).toHaveCount(0);
    await expect(theirs.tableRow('Exact (external)').getByTestId('entry-withdraw')).toBeVisible();

    // The entry's dashboard link opens the read-only share page of the study's dashboard.
    await theirs.tableRow('Exact (external)').getByTestId('leaderboard-dashboard').click();
    await entrant.page.waitForURL(/\/share\/shr_/);
    await expect(entrant.page.getByTestId('shared-title')).toHaveText(studyName);
    await expect(entrant.page.getByTestId('results-dashboard')).toBeVisible();
    await expect(entrant.page.getByTestId('results-row').filter({ hasText: 'Exact (external)' })).toHaveCount(1);
    await expect(entrant.page.getByTestId('results-row').filter({ hasText: 'Keeps (external)' })).toHaveCount(1);

    // The admin sees the entry on the list and marks it verified; the mark shows to both.
    await admin.openListFromNav();
    await expect(admin.listItem(name)).toContainText('1 entry');
    await admin.listItem(name).getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(admin.tableRows()).toHaveCount(2);
    await expect(admin.tableRow('Exact (external)').getByTestId('entry-withdraw')).toHaveCount(0);
    const verify = admin.tableRow('Exact (external)').getByTestId('entry-verify');
    await expect(verify).toHaveText('Mark verified');
    await expect(admin.tableRow('Exact (external)').getByText('verified', { exact: true })).toHaveCount(0);
    await verify.click();
    await expect(verify).toHaveText('Mark unverified');
    // One entry, two lines: both carry the mark.
    for (const method of ['Exact (external)', 'Keeps (external)']) await expect(admin.tableRow(method).getByText('verified', { exact: true })).toBeVisible();
    await theirs.open(benchmarkId, name);
    await expect(theirs.tableRow('Exact (external)').getByText('verified', { exact: true })).toBeVisible();

    // The benchmark's share link, opened with no session: recipe and leaderboard, nothing of the team.
    const shareUrl = await new SharingPage(page).createShareLink();
    const outsider = await browser.newContext();
    const anon = await outsider.newPage();
    await anon.goto(shareUrl);
    await expect(anon.getByTestId('shared-title')).toHaveText(name);
    await expect(anon.getByTestId('benchmark-recipe')).toContainText('Forget accuracy gap to retrain');
    await expect(anon.getByTestId('leaderboard-row')).toHaveCount(2);
    const anonExact = anon.getByTestId('leaderboard-row').filter({ hasText: 'Exact (external)' });
    await expect(anonExact.locator('td').first()).toHaveText('1');
    await expect(anonExact.getByText('verified', { exact: true })).toBeVisible();
    await expect(anon.getByTestId('entry-verify')).toHaveCount(0);
    await expect(anon.getByRole('navigation')).toHaveCount(0);
    await expect(anon.locator('form')).toHaveCount(0);
    await anonExact.getByTestId('leaderboard-dashboard').click();
    await anon.waitForURL(/\/share\/shr_/);
    await expect(anon.getByTestId('shared-title')).toHaveText(studyName);
    await expect(anon.getByTestId('results-dashboard')).toBeVisible();

    // A phone's width: the lines become blocks with rank and N; no page scrolls sideways; axe passes.
    await page.setViewportSize({ width: 390, height: 844 });
    await admin.checkScreen('/benchmarks');
    await admin.checkScreen(`/benchmarks/${benchmarkId}`);
    await expect(admin.tableRows().first()).toBeHidden();
    const block = admin.items().filter({ hasText: 'Exact (external)' });
    await expect(block.getByLabel('Rank 1')).toBeVisible();
    await expect(block.locator('dt').last()).toHaveText('N (seeds)');
    await expect(block.locator('dd').last()).toHaveText('2');
    await entrant.page.setViewportSize({ width: 390, height: 844 });
    await theirs.checkScreen(`/benchmarks/${benchmarkId}`);
    await anon.setViewportSize({ width: 390, height: 844 });
    await new BenchmarksPage(anon).checkScreen(shareUrl);
    await expect(anon.getByTestId('leaderboard-item')).toHaveCount(2);

    await outsider.close();
    await entrant.close();
  });

  test('the upload form of a Lethe study offers Lethe’s retrain as the reference of an ONNX model, with the recipe declaration', async ({ page, auth }) => {
    test.setTimeout(180_000);
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Iris');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget a fifth (reference choice)', category: 'privacy', seed: 2, selector: { kind: 'randomFraction', fraction: 0.2 } });
    const created = await page.request.post(`/api/v1/teams/${teamId}/studies`, {
      data: { name: 'Reference choice', scenarioId, seeds: 1, modelSpec: { kind: 'mlp', hidden: [8] }, recipe: { epochs: 2, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } }, methods: [{ methodId: 'finetune', config: {} }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const studyId = ((await created.json()) as { id: string }).id;
    const study = async () => (await (await page.request.get(`/api/v1/studies/${studyId}`)).json()) as { finishedAt: string | null; runs: Array<{ kind: string; status: string }> };
    await expect.poll(async () => (await study()).finishedAt !== null, { timeout: 150_000, intervals: [1_000] }).toBe(true);
    expect((await study()).runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    await page.goto(`/teams/${teamId}/studies/${studyId}`);
    await expect(page.getByTestId('study-header')).toBeVisible();
    await page.getByTestId('external-upload-details').locator('summary').click();
    const form = studies.uploadForm;
    const reference = form.getByTestId('external-reference');
    await studies.pickInUpload('Unlearned');
    // Logits cannot show a model's spec: no choice for them, nor for a retrain.
    await expect(reference).toHaveCount(0);
    await studies.pickInUpload('ONNX model');
    await expect(reference).toBeVisible();
    await expect(reference.getByRole('radio', { name: 'Our uploaded retrain' })).toBeChecked();
    await expect(reference).toContainText('Scored against your uploaded retrain of this seed');
    await studies.pickInUpload('Retrain');
    await expect(reference).toHaveCount(0);
    await studies.pickInUpload('Unlearned');
    await studies.pickInUpload('Lethe’s retrain');
    await expect(reference).toContainText('checks the model’s graph against this study’s spec');
    const declaration = form.getByTestId('external-same-recipe');
    await expect(declaration).not.toBeChecked();
    await expect(reference.locator('label').filter({ has: page.getByTestId('external-same-recipe') })).toContainText('2 epochs, batch 16, adam lr 0.01');

    // An ONNX model of the study's spec (4 -> 8 relu -> 3), exported by Lethe's own exporter with seeded weights.
    const { exportLogitsModel } = await import('../lib/ml/onnx/export-model');
    let state = 11;
    const weights = (n: number) => Float32Array.from({ length: n }, () => ((state = (state * 48271) % 2147483647) / 2147483647) - 0.5);
    const onnx = exportLogitsModel([{ spec: { kind: 'mlp', hidden: [8], activation: 'relu', dropout: 0 }, io: { inputShape: [4], numClasses: 3 }, values: [weights(32), weights(8), weights(24), weights(3)] }]);
    await form.getByTestId('external-method').fill('Random MLP');
    await form.getByLabel('model.onnx').setInputFiles({ name: 'model.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(onnx) });

    // Without the declaration the server refuses, said at the checkbox; nothing is stored.
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect(reference.getByRole('alert')).toContainText('needs sameRecipe: true');
    await expect(page.getByText('Random MLP (external)')).toHaveCount(0);
    await declaration.check();
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect(form.getByRole('status')).toHaveText('Uploaded and scored: Random MLP, seed 0.');
    await expect(page.getByTestId('study-external-note')).toContainText('scored against Lethe’s retrain of each seed (same spec checked, recipe declared by the uploader)');
    await expect(studies.runRows({ kind: 'unlearned' })).toHaveCount(2);
  });
});
