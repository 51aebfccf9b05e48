/**
 * A hyperparameter sweep through the UI: the method card's "Sweep" disclosure prefills a small
 * grid, says inline what is wrong, the live plan counts the expanded configurations and the
 * validation rows; the launched study's dashboard shows the sweep with one chosen point, the
 * runs table only that point, at a phone's width without sideways scroll or serious axe findings.
 */
import { expect, test } from './fixtures';
import { checkScreen } from './pages/screen-check';
import { ResultsPage } from './pages/results-page';
import { StudiesPage } from './pages/studies-page';

test.describe('hyperparameter sweeps', () => {
  test.beforeEach(async ({ auth }) => {
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
  });

  test('a sweep chosen in the form runs, and its dashboard shows the chosen setting and the sweep', async ({ page }) => {
    test.setTimeout(300_000);
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Digits 8x8');
    const scenarioId = await studies.createScenario(datasetId, { name: `Sweep forget 5 ${test.info().retry}`, category: 'usability', seed: 2, selector: { kind: 'class', classes: ['5'] } });

    await studies.openNew(teamId, scenarioId);
    await studies.setName('Digits sweep');
    await studies.setSeeds(2);
    await studies.setFirstSeed(200 + 10 * test.info().retry);
    await studies.setEpochs(5);
    await studies.chooseMethods(['finetune']);
    const sweep = await studies.openSweep('finetune');
    const values = sweep.getByTestId('method-finetune-sweep-values-0');
    // Prefilled around the method's default for this scenario kind: half, the default, double.
    await expect(values).toHaveValue(/^[\d.e-]+, [\d.e-]+, [\d.e-]+$/);
    await values.fill('0.01');
    await expect(sweep).toContainText('Give 2 to 4 values (1 now).');
    await values.fill('0.005, 0.05');
    await expect(sweep).not.toContainText('Give 2 to 4 values');
    await expect(page.getByTestId('validation-fraction')).toHaveValue('0.1');
    await expect(studies.plan.getByTestId('plan-configurations')).toHaveText('2');
    await expect(studies.plan.getByTestId('plan-validation')).toHaveText(/^\d+$/);
    await studies.expectPlan({ original: 2, retrain: 2, unlearned: 4, total: 8 });
    // A value the method's schema refuses comes back from the dry run, next to the box.
    await values.fill('0.005, 5');
    await expect(studies.plan.getByTestId('plan-error')).toContainText('Sweep of learningRate (value 2)');
    await values.fill('0.005, 0.05');
    await studies.expectPlan({ original: 2, retrain: 2, unlearned: 4, total: 8 });
    const studyId = await studies.launch();

    await expect
      .poll(async () => ((await (await page.request.get(`/api/v1/studies/${studyId}`)).json()) as { status: string }).status, { timeout: 240_000, intervals: [2000] })
      .toBe('succeeded');
    const results = new ResultsPage(page);
    await results.openStudy(teamId, studyId);
    const section = page.getByTestId('sweep-section');
    await expect(section).toContainText('lowest average gap to the retrain of the same seed on forget, retain and validation accuracy');
    await expect(section).toContainText('carved from the training data, never the test set');
    await expect(section.getByTestId('sweep-chosen')).toHaveCount(1);
    await expect(section.getByTestId('sweep-point')).toHaveCount(1);
    await expect(section.getByTestId('sweep-chosen')).toContainText('✓ chosen');
    const finetune = results.rows().filter({ hasText: 'Fine-tune' });
    await expect(finetune).toHaveCount(1);
    await expect(finetune).toContainText('chosen by the sweep at learningRate');

    await page.setViewportSize({ width: 390, height: 844 });
    await checkScreen(page, `/teams/${teamId}/studies/${studyId}/results`);
    await checkScreen(page, `/teams/${teamId}/studies/new?scenarioId=${scenarioId}`);
  });
});
