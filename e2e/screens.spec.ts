/**
 * Every page a signed-in researcher or admin reaches, at a phone's 390x844: nothing scrolls
 * sideways, and axe-core finds no serious or critical violation. Signed-out pages too.
 */
import { expect, test } from './fixtures';
import { checkScreen } from './pages/screen-check';
import { StudiesPage } from './pages/studies-page';

test.use({ viewport: { width: 390, height: 844 } });

test.describe('screens', () => {
  test('signed-out pages', async ({ page }) => {
    for (const url of ['/sign-in', '/sign-up']) await checkScreen(page, url);
  });

  test('every page of a team with a finished study', async ({ page, auth }) => {
    test.setTimeout(400_000);
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Iris');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget class setosa (screens)', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });
    const created = await page.request.post(`/api/v1/teams/${teamId}/studies`, {
      data: { name: 'Screens study', scenarioId, seeds: 2, modelSpec: { kind: 'mlp', hidden: [16] }, recipe: { epochs: 10, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } }, methods: [{ methodId: 'finetune', config: {} }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const studyId = ((await created.json()) as { id: string }).id;
    const studyJson = async () => (await (await page.request.get(`/api/v1/studies/${studyId}`)).json()) as { finishedAt: string | null; runs: Array<{ id: string }> };
    await expect.poll(async () => (await studyJson()).finishedAt !== null, { timeout: 300_000, intervals: [2_000] }).toBe(true);
    const runId = (await studyJson()).runs[0]?.id;

    const team = `/teams/${teamId}`;
    const urls = [
      '/',
      team,
      `${team}/datasets`,
      `${team}/datasets/new`,
      `${team}/datasets/${datasetId}`,
      `${team}/datasets/${datasetId}/scenarios`,
      `${team}/datasets/${datasetId}/scenarios/new`,
      `${team}/scenarios`,
      `${team}/scenarios/${scenarioId}`,
      `${team}/studies`,
      `${team}/studies/new?scenarioId=${scenarioId}`,
      `${team}/studies/${studyId}`,
      `${team}/studies/${studyId}/results`,
      `${team}/studies/${studyId}/deletion-report`,
      ...(runId ? [`${team}/studies/${studyId}/runs/${runId}`] : []),
      `${team}/comparisons`,
      `${team}/comparisons/new`,
      `${team}/jobs`,
      `${team}/members`,
      `${team}/audit`,
      '/tokens',
      '/profile',
      '/teams/new',
      '/admin',
      '/admin/datasets',
    ];
    for (const url of urls) await checkScreen(page, url);
  });
});
