import { unzipSync } from 'fflate';
import { npyBytes } from '../lib/data/npy';
import { expect, test } from './fixtures';
import { ResultsPage } from './pages/results-page';
import { StudiesPage } from './pages/studies-page';

/**
 * A study of more than 24 runs, built without training: an external study on Iris whose 27 runs
 * (9 seeds of an original, a retrain and one method) are uploaded logits. Its study page opens
 * folded per group and loads a group's runs only when asked; its dashboard renders a first view
 * from the page and loads the rest (every metric, the charts) after it.
 */
test.describe('a study too large to show whole', () => {
  test('the study page folds its groups and loads one on demand; the dashboard loads its rest after the page', async ({ page, auth }) => {
    test.setTimeout(300_000);
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Iris');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget a fifth (27 runs)', category: 'privacy', seed: 3, selector: { kind: 'randomFraction', fraction: 0.2 } });
    const created = await page.request.post(`/api/v1/teams/${teamId}/studies`, { data: { external: true, name: 'Twenty-seven runs', description: 'Random linear scores, to fill a large study.', scenarioId } });
    expect(created.status(), await created.text()).toBe(201);
    const studyId = ((await created.json()) as { id: string }).id;

    const zip = await page.request.get(`/api/v1/scenarios/${scenarioId}/package`);
    expect(zip.status()).toBe(200);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(await zip.body()))['manifest.json'])) as { split: { train: number; test: number }; classNames: string[] };
    const classes = manifest.classNames.length;
    // Scores from a small deterministic generator: the page's structure is under test, not the numbers.
    let state = 7;
    const scores = (rows: number) => Float32Array.from({ length: rows * classes }, () => ((state = (state * 48271) % 2147483647) / 2147483647) * 4 - 2);
    const seeds = Array.from({ length: 9 }, (_, i) => i + 1);
    for (const seed of seeds) {
      for (const role of ['original', 'retrain', 'unlearned'] as const) {
        const res = await page.request.post(`/api/v1/studies/${studyId}/external-runs`, {
          multipart: {
            options: JSON.stringify({ role, seed, ...(role === 'unlearned' ? { method: 'Scaled scores' } : {}) }),
            logits_train: { name: 'logits_train.npy', mimeType: 'application/octet-stream', buffer: Buffer.from(npyBytes(scores(manifest.split.train), [manifest.split.train, classes])) },
            logits_test: { name: 'logits_test.npy', mimeType: 'application/octet-stream', buffer: Buffer.from(npyBytes(scores(manifest.split.test), [manifest.split.test, classes])) },
          },
        });
        expect(res.status(), `${role} of seed ${seed}: ${await res.text()}`).toBe(201);
      }
    }

    // The study page: three groups, each one summary line; no run rows until one is opened.
    await page.goto(`/teams/${teamId}/studies/${studyId}`);
    const summaries = studies.groupSummaries();
    await expect(summaries).toHaveCount(3);
    for (let i = 0; i < 3; i++) await expect(summaries.nth(i)).toHaveAttribute('data-runs', '9');
    await expect(studies.runRows()).toHaveCount(0);
    const toggle = summaries.last().getByTestId('group-toggle');
    await expect(toggle).toHaveText('Show 9 runs');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    const [groupResponse] = await Promise.all([page.waitForResponse((r) => r.url().includes(`/api/v1/studies/${studyId}/runs-table?group=`)), toggle.click()]);
    expect(groupResponse.status()).toBe(200);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(studies.runRows({ kind: 'unlearned' })).toHaveCount(9);
    await expect(studies.runRows().first()).toHaveAttribute('aria-label', /^Scaled scores.*, seed 1$/);
    await toggle.click();
    await expect(studies.runRows()).toHaveCount(0);

    // The dashboard: the first view comes with the page, the rest loads after it.
    const rest = page.waitForResponse((r) => r.url().endsWith(`/api/v1/studies/${studyId}/results`));
    const results = new ResultsPage(page);
    await results.openStudy(teamId, studyId);
    expect((await rest).status()).toBe(200);
    await expect(results.rows()).toHaveCount(3);
    await expect(page.getByTestId('results-charts')).toBeVisible();
    await expect(page.getByText('Loading the charts…')).toHaveCount(0);
    await expect(page.getByText(/Loading the values of all \d+ metrics/)).toHaveCount(0);
    const labels = await results.rowLabels();
    expect(labels[2]).toContain('Scaled scores');
  });
});
