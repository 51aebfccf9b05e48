import { expect, newUser, otherPerson, test } from './fixtures';
import { StudiesPage } from './pages/studies-page';

const DIGITS = 'Digits 8x8';
const EPOCHS = 80;

test.describe('studies', () => {
  test.beforeEach(async ({ auth }) => {
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
  });

  test('a study planned live, launched, followed live until its runs succeed with metrics', async ({ page }) => {
    // Ten small models on a 2-core machine: generous, but the page must get there on its own.
    test.setTimeout(300_000);
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, DIGITS);
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget class 3', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['3'] } });

    await studies.openNew(teamId, scenarioId);
    await expect(page.getByTestId('study-dataset-summary')).toContainText(DIGITS);
    // Retraining is always part of a study and cannot be unticked.
    await expect(studies.method('retrain').getByRole('checkbox')).toBeChecked();
    await expect(studies.method('retrain').getByRole('checkbox')).toBeDisabled();
    // Certified removal needs a logistic model; the default for digits is not one.
    await expect(studies.method('certified-removal').getByRole('checkbox')).toBeDisabled();
    await expect(studies.method('certified-removal')).toContainText('Works only with logistic regression models');

    await studies.setName('Digits without 3');
    await studies.setSeeds(2);
    // Seeds of their own for a retry, which would otherwise reuse the first attempt's models.
    await studies.setFirstSeed(100 * test.info().retry);
    // Enough epochs that training lasts a few seconds: the page has to see its progress bars move.
    await studies.setEpochs(EPOCHS);
    // Nothing to compare with retraining yet: Launch waits for a method.
    await expect(studies.launchButton).toBeDisabled();
    await expect(page.getByText('Choose at least one method to compare with retraining.')).toBeVisible();
    await studies.chooseMethods(['finetune', 'neggrad', 'scrub']);
    await expect(studies.launchButton).toBeEnabled();
    // Hyperparameters come from each method's schema, with its bounds.
    await expect(studies.method('scrub').getByLabel('SCRUB: temperature')).toHaveValue('2');
    await studies.expectPlan({ original: 2, retrain: 2, unlearned: 6, total: 10 });
    await expect(studies.plan.getByTestId('plan-reused')).toHaveText('0');
    await expect(studies.plan.getByTestId('plan-estimate')).toHaveText(/(about \d+ min|under a minute) on \d+ workers? \(\d+ at a time\)/);

    // A value the server refuses is reported next to its field, and the plan says why.
    await studies.setEpochs(0);
    await expect(studies.plan.getByTestId('plan-error')).toContainText('Epochs: Too small');
    await expect(page.getByTestId('recipe-epochs')).toHaveAttribute('aria-invalid', 'true');
    await studies.setEpochs(EPOCHS);
    await studies.expectPlan({ original: 2, retrain: 2, unlearned: 6, total: 10 });

    const studyId = await studies.launch();
    await expect(page.getByRole('heading', { level: 1, name: 'Digits without 3' })).toBeVisible();
    await expect(page.getByTestId('study-header')).toContainText('Forget class 3');
    await expect(studies.runRows()).toHaveCount(10);
    await expect(page.getByTestId('run-group-original')).toBeVisible();
    await expect(page.getByTestId('run-group-scrub')).toBeVisible();

    // Live progress: bars appear and move without a reload (at least two different values seen).
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          for (const v of await studies.progressValues()) seen.add(v);
          return seen.size;
        },
        { timeout: 120_000, intervals: [200] },
      )
      .toBeGreaterThanOrEqual(2);

    await expect(studies.runRows({ status: 'succeeded' })).toHaveCount(10, { timeout: 240_000 });
    await expect(page.getByTestId('study-done-banner')).toContainText('All runs are done: 10 succeeded');
    await expect(page.getByTestId('study-status')).toContainText('succeeded');

    // Metrics in the table: retraining never saw class 3, so it gets none of the forget set right.
    const retrain = studies.runRows({ kind: 'retrain' }).first();
    await expect(retrain.getByTestId('metric-forget')).toHaveText('0.0%');
    await expect(retrain.getByTestId('metric-test')).toHaveText(/^\d+\.\d%$/);
    const scrub = studies.runRows({ method: 'scrub' }).first();
    await expect(scrub.getByTestId('metric-retain')).toHaveText(/^\d+\.\d%$/);
    await expect(scrub.getByTestId('metric-gap')).toHaveText(/^\d+\.\d pp$/);

    // The expandable panel shows the loss curve and the log.
    await scrub.getByRole('button', { name: /Show details/ }).click();
    await expect(page.getByTestId('run-details').getByTestId('loss-chart')).toBeVisible();

    // The run page: metrics, manifest, log.
    await scrub.getByRole('link', { name: /Open run/ }).click();
    await expect(page.getByTestId('run-page-status')).toContainText('succeeded');
    await expect(page.getByTestId('run-accuracy-forget')).toContainText('%');
    await expect(page.getByTestId('run-mia-auc')).toHaveText(/^\d\.\d{3}/);
    await expect(page.getByTestId('run-manifest')).toContainText('"datasetHash"');
    await expect(page.getByRole('button', { name: 'Copy manifest' })).toBeVisible();

    // Listed with its counts; the jobs page shows its runs and the live worker.
    await page.goto(`/teams/${teamId}/studies`);
    await expect(page.getByTestId('study-row-Digits without 3')).toContainText('10 ✓');
    await expect(page.getByTestId('study-row-Digits without 3')).toContainText('usability');
    await page.goto(`/teams/${teamId}/jobs?studyId=${studyId}`);
    await expect(page.getByTestId('job-row')).toHaveCount(10);
    await page.getByRole('checkbox', { name: 'failed' }).check();
    await expect(page.getByText('No runs match.')).toBeVisible();
    await page.getByRole('checkbox', { name: 'succeeded' }).check();
    await expect(page.getByTestId('job-row')).toHaveCount(10);
    await expect(page.getByTestId('worker-row').first()).toBeVisible();
  });

  test('a reviewer sees studies but cannot launch or cancel; an outsider gets not found', async ({ page, browser }) => {
    test.setTimeout(120_000);
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, DIGITS);
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget class 5', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['5'] } });
    const body = { name: 'Reviewed study', scenarioId, seeds: 1, recipe: { epochs: 1, batchSize: 64, optimizer: { kind: 'adam', learningRate: 0.001 } }, methods: [{ methodId: 'finetune', config: {} }] };
    const created = await page.request.post(`/api/v1/teams/${teamId}/studies`, { data: body });
    expect(created.status(), await created.text()).toBe(201);
    const studyId = ((await created.json()) as { id: string }).id;
    const studyUrl = `/teams/${teamId}/studies/${studyId}`;

    // The owner sees the actions.
    await page.goto(studyUrl);
    await expect(page.getByRole('button', { name: 'Reproduce' })).toBeVisible();
    // Reproduce asks before queueing the runs; declining leaves everything as it was.
    const question = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      }),
    );
    await page.getByRole('button', { name: 'Reproduce' }).click();
    expect(await question).toMatch(/queues its 3 runs/);
    await expect(page).toHaveURL(new RegExp(`${studyUrl}$`));

    const invite = await page.request.post(`/api/v1/teams/${teamId}/invitations`, { data: { email: newUser('reviewer').email, role: 'reviewer' } });
    expect(invite.status()).toBe(201);
    const { url, email } = (await invite.json()) as { url: string; email: string };

    const reviewer = await otherPerson(browser);
    await reviewer.page.goto(url);
    await reviewer.page.getByRole('link', { name: 'Create an account' }).click();
    await reviewer.page.waitForURL(/\/sign-up\?next=/);
    await reviewer.auth.signUp({ ...newUser('reviewer'), email }, reviewer.page.url());
    await reviewer.page.getByRole('button', { name: 'Join Demo lab' }).click();
    await expect(reviewer.page.getByTestId('team-name')).toHaveText('Demo lab');

    // Reads the study, without any action.
    await reviewer.page.goto(studyUrl);
    await expect(reviewer.page.getByRole('heading', { level: 1, name: 'Reviewed study' })).toBeVisible();
    await expect(reviewer.page.locator('[data-testid="run-row"]')).toHaveCount(3);
    await expect(reviewer.page.getByRole('button', { name: 'Cancel study' })).toHaveCount(0);
    await expect(reviewer.page.getByRole('button', { name: 'Reproduce' })).toHaveCount(0);
    await expect(reviewer.page.getByRole('button', { name: /^(Cancel|Retry) run/ })).toHaveCount(0);
    await reviewer.page.goto(`/teams/${teamId}/studies`);
    await expect(reviewer.page.getByTestId('study-row-Reviewed study')).toBeVisible();
    await expect(reviewer.page.getByRole('link', { name: 'New study' })).toHaveCount(0);

    // The form is not for them, and the API refuses the same launch.
    const form = await reviewer.page.goto(`/teams/${teamId}/studies/new?scenarioId=${scenarioId}`);
    expect(form?.status()).toBe(403);
    await expect(reviewer.page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(reviewer.page.getByRole('button', { name: 'Launch study' })).toHaveCount(0);
    const refused = await reviewer.page.request.post(`/api/v1/teams/${teamId}/studies`, { data: body });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    await reviewer.close();

    // Someone outside the team: the study does not exist for them.
    const outsider = await otherPerson(browser);
    await outsider.auth.signUp(newUser('outsider'));
    await outsider.page.waitForURL((u) => !u.pathname.startsWith('/sign-up'));
    const res = await outsider.page.goto(studyUrl);
    expect(outsider.page.url()).toContain(studyUrl);
    expect(res?.status()).toBe(404);
    await expect(outsider.page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await outsider.close();
  });
});
