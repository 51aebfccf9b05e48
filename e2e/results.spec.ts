import { parseCsv } from '../lib/results/export';
import { formatGap, formatValue } from '../lib/results/format';
import { expect, newUser, otherPerson, test } from './fixtures';
import { ResultsPage } from './pages/results-page';
import { StudiesPage } from './pages/studies-page';

/**
 * A reviewer reads a finished study's dashboard: every chart drawn, the table sorts, a copied
 * link reproduces the view, the CSV export holds the numbers the table shows; then builds,
 * saves and reopens a comparison. The study is small (Iris, MLP, 2 seeds, 2 methods) and runs
 * on the app's own worker.
 */
test.describe('results dashboards and comparisons', () => {
  test('a reviewer reads a dashboard, sorts, shares the view, exports, and saves a comparison', async ({ page, auth, browser }) => {
    test.setTimeout(420_000);
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Iris');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget versicolor', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['versicolor'] } });
    const created = await page.request.post(`/api/v1/teams/${teamId}/studies`, {
      data: { name: 'Iris results', scenarioId, seeds: 2, modelSpec: { kind: 'mlp', hidden: [16] }, recipe: { epochs: 10, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } }, methods: [{ methodId: 'finetune' }, { methodId: 'neggrad' }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const studyId = ((await created.json()) as { id: string }).id;
    await expect
      .poll(async () => ((await (await page.request.get(`/api/v1/studies/${studyId}`)).json()) as { finishedAt: string | null }).finishedAt !== null, { timeout: 300_000, intervals: [1000] })
      .toBe(true);

    // A reviewer joins the team.
    const invite = await page.request.post(`/api/v1/teams/${teamId}/invitations`, { data: { email: newUser('reviewer').email, role: 'reviewer' } });
    const { url, email } = (await invite.json()) as { url: string; email: string };
    const reviewer = await otherPerson(browser);
    await reviewer.page.goto(url);
    await reviewer.page.getByRole('link', { name: 'Create an account' }).click();
    await reviewer.page.waitForURL(/\/sign-up\?next=/);
    await reviewer.auth.signUp({ ...newUser('reviewer'), email }, reviewer.page.url());
    await reviewer.page.getByRole('button', { name: 'Join Demo lab' }).click();
    await expect(reviewer.page.getByTestId('team-name')).toHaveText('Demo lab');

    const results = new ResultsPage(reviewer.page);
    await results.openStudy(teamId, studyId);
    // Whether a method qualifies depends on the run; the criterion, the rule and the footnote are always stated.
    await expect(results.headline).toContainText('smallest average gap to retrain');
    await expect(reviewer.page.getByTestId('verdict-rule')).toContainText('retrained model of the same seed');
    await expect(reviewer.page.getByTestId('interval-footnote')).toContainText('n = 2 seeds');
    await expect(reviewer.page.getByTestId('null-noise-floor')).toBeVisible();
    expect(await results.rowLabels()).toEqual(['Original', 'Retrain', 'Fine-tune (FT)', 'Gradient ascent (NegGrad)']);
    await expect(results.rows().first()).toHaveAttribute('data-pinned', 'true');
    // Retraining is the baseline: its gaps are zero.
    expect((await results.columnValues('accuracy.forget', 'gap'))[1]).toBe(0);

    // Every chart is drawn: its SVG holds data marks (bars, lines, dots), and its screenshot is not blank.
    const marks = '.recharts-scatter-symbol, .recharts-bar-rectangle, .recharts-line-curve, .recharts-line .recharts-curve';
    const charts = results.charts();
    const count = await charts.count();
    expect(count).toBeGreaterThanOrEqual(7);
    for (let i = 0; i < count; i++) {
      const chart = charts.nth(i);
      const id = await chart.getAttribute('data-testid');
      await expect(chart.getByTestId('chart-body'), `${id} has a chart`).toBeVisible({ timeout: 30_000 });
      await expect
        .poll(async () => chart.locator('svg.recharts-surface').first().locator(marks).count(), { message: `${id} draws marks`, timeout: 30_000 })
        .toBeGreaterThanOrEqual(2);
      const shot = await chart.screenshot();
      expect(shot.length, `${id} screenshot`).toBeGreaterThan(5_000);
    }

    // Sorting: unpinned rows by test accuracy, descending; pinned rows stay on top.
    await results.sortBy('accuracy.test');
    await results.sortBy('accuracy.test');
    await expect(reviewer.page).toHaveURL(/sort=accuracy\.test:(asc|desc)/);
    const sortedUrl = reviewer.page.url();
    const dir = /sort=accuracy\.test:(asc|desc)/.exec(sortedUrl)?.[1];
    const values = (await results.columnValues('accuracy.test')).slice(2) as number[];
    const expected = [...values].sort((a, b) => (dir === 'asc' ? a - b : b - a));
    expect(values).toEqual(expected);
    await reviewer.page.getByTestId('differences-only').check();
    await expect(reviewer.page).toHaveURL(/diff=1/);
    const labels = await results.rowLabels();
    const headers = await reviewer.page.getByTestId('results-table').locator('thead th').allTextContents();

    // The link reproduces the view in a fresh page.
    const again = await reviewer.page.context().newPage();
    await again.goto(reviewer.page.url());
    const other = new ResultsPage(again);
    await expect(again.getByTestId('results-dashboard')).toBeVisible();
    expect(await other.rowLabels()).toEqual(labels);
    expect(await again.getByTestId('results-table').locator('thead th').allTextContents()).toEqual(headers);
    await expect(again.getByTestId('differences-only')).toBeChecked();
    await again.close();

    // The CSV export parses back to the numbers of the table (which the page carries to 6
    // significant digits, lib/results/page-payload.ts), formatted the same.
    const csv = parseCsv(await results.download('csv'));
    const header = csv[0];
    const shownLabels = await results.rowLabels();
    for (const metric of ['accuracy.test', 'accuracy.forget']) {
      const shown = await results.columnValues(metric);
      const texts = await results.columnTexts(metric);
      shownLabels.forEach((label, i) => {
        const line = csv.find((l) => l[0] === label && l !== header)!;
        const value = Number(line[header.indexOf(metric)]);
        expect(shown[i], `${label} ${metric}`).not.toBeNull();
        expect(Math.abs(value - (shown[i] ?? Number.NaN)), `${label} ${metric}`).toBeLessThanOrEqual(Math.abs(value) * 5e-6);
        expect(texts[i].startsWith(formatValue(metric, value)), `${label} ${metric} shows ${texts[i]}`).toBe(true);
      });
      const gaps = await results.columnTexts(metric, 'gap');
      shownLabels.forEach((label, i) => {
        const line = csv.find((l) => l[0] === label && l !== header)!;
        expect(gaps[i].startsWith(formatGap(metric, Number(line[header.indexOf(`${metric} gap`)])))).toBe(true);
      });
    }
    const json = JSON.parse(await results.download('json')) as { rows: Array<{ label: string; values: Record<string, { mean: number } | null> }> };
    expect(json.rows.map((r) => r.label).sort()).toEqual([...shownLabels].sort());

    // A comparison: the retrain and fine-tune of this study, measured to the study's own retrain (the default).
    await reviewer.page.goto(`/teams/${teamId}/comparisons/new?datasetId=${datasetId}`);
    await reviewer.page.getByTestId('pick-Iris results-Retrain').check();
    await reviewer.page.getByTestId('pick-Iris results-Fine-tune (FT)').check();
    await expect(reviewer.page.getByTestId('baseline-own-retrain')).toBeChecked();
    await reviewer.page.getByRole('button', { name: 'Compare 2 models' }).click();
    await reviewer.page.waitForURL(/\/comparisons\/view\?r=/);
    const comparison = new ResultsPage(reviewer.page);
    expect(await comparison.rowLabels()).toEqual(['Retrain', 'Fine-tune (FT)']);
    await comparison.sortBy('accuracy.forget', 'gap');
    await expect(reviewer.page).toHaveURL(/sort=accuracy\.forget:gap:asc/);
    const viewUrl = reviewer.page.url();
    const forgetGap = await comparison.columnValues('accuracy.forget', 'gap');

    // The unsaved link reproduces it, for the owner too.
    await page.goto(viewUrl);
    expect(await new ResultsPage(page).rowLabels()).toEqual(['Retrain', 'Fine-tune (FT)']);
    expect(await new ResultsPage(page).columnValues('accuracy.forget', 'gap')).toEqual(forgetGap);

    // Saved with a name (a reviewer may: a comparison is a view), listed, and reopened with its view.
    await reviewer.page.getByLabel('Comparison name').fill('Retrain vs fine-tune');
    await reviewer.page.getByRole('button', { name: 'Save comparison' }).click();
    await reviewer.page.waitForURL(/\/comparisons\/[0-9a-f-]{36}/);
    await expect(reviewer.page.getByRole('heading', { level: 1, name: 'Retrain vs fine-tune' })).toBeVisible();
    const savedId = /\/comparisons\/([0-9a-f-]{36})/.exec(reviewer.page.url())?.[1];
    await page.goto(`/teams/${teamId}/comparisons`);
    await expect(page.getByTestId('comparison-row-Retrain vs fine-tune')).toBeVisible();
    await page.goto(`/teams/${teamId}/comparisons/${savedId}`);
    expect(await new ResultsPage(page).columnValues('accuracy.forget', 'gap')).toEqual(forgetGap);
    await expect(page.getByTestId('sort-accuracy.forget-gap')).toHaveAttribute('aria-label', /sorted ascending/);
    await reviewer.close();
  });
});
