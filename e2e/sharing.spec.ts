import { expect, newUser, otherPerson, test } from './fixtures';
import { SharingPage } from './pages/sharing-page';
import { StudiesPage } from './pages/studies-page';

/**
 * Review and sharing: a reviewer comments on a privacy study and approves it; the owner creates
 * a share link that a signed-out browser opens (that study only, nothing to act on, no way into
 * the team) until it is revoked; the deletion report lists the subjects and the evidence.
 */
test.describe('reviews, share links and the deletion report', () => {
  test('reviewer comments and approves; a share link shows one study signed out until revoked; the report prints', async ({ page, auth, browser }) => {
    test.setTimeout(420_000);
    await auth.signIn('admin@lethe.local', 'lethe-demo-1');
    await auth.expectSignedIn('Demo Admin');
    const studies = new StudiesPage(page);
    const teamId = await studies.teamId('Demo lab');
    const datasetId = await studies.datasetId(teamId, 'Synthetic credit (generated)');
    const scenarioId = await studies.createScenario(datasetId, { name: 'Forget C0001', category: 'privacy', seed: 1, selector: { kind: 'subjects', subjectIds: ['C0001', 'C0002'] } });
    const created = await page.request.post(`/api/v1/teams/${teamId}/studies`, {
      data: { name: 'Privacy study', scenarioId, modelSpec: { kind: 'logistic' }, recipe: { epochs: 3, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.01 } }, seeds: 2, methods: [{ methodId: 'finetune' }] },
    });
    expect(created.status(), await created.text()).toBe(201);
    const studyId = ((await created.json()) as { id: string }).id;
    await expect
      .poll(
        async () => {
          const body = (await (await page.request.get(`/api/v1/studies/${studyId}`)).json()) as { runs: Array<{ status: string }> };
          return body.runs.every((r) => !['waiting', 'queued', 'running'].includes(r.status));
        },
        { timeout: 300_000, intervals: [1000] },
      )
      .toBe(true);

    // A reviewer joins, comments and approves; the history shows it.
    const invite = await page.request.post(`/api/v1/teams/${teamId}/invitations`, { data: { email: newUser('reviewer').email, role: 'reviewer' } });
    const { url: inviteUrl, email } = (await invite.json()) as { url: string; email: string };
    const reviewer = await otherPerson(browser);
    await reviewer.page.goto(inviteUrl);
    await reviewer.page.getByRole('link', { name: 'Create an account' }).click();
    await reviewer.page.waitForURL(/\/sign-up\?next=/);
    await reviewer.auth.signUp({ ...newUser('reviewer'), email }, reviewer.page.url());
    await reviewer.page.getByRole('button', { name: 'Join Demo lab' }).click();
    await expect(reviewer.page.getByTestId('team-name')).toHaveText('Demo lab');
    const asReviewer = new SharingPage(reviewer.page);
    await asReviewer.openStudy(teamId, studyId);
    await expect(asReviewer.comments.getByTestId('comments-empty')).toBeVisible();
    await expect(asReviewer.share).toHaveCount(0); // reviewers do not share
    await asReviewer.comment('Two seeds are too few for distinguishability.');
    await asReviewer.setReview('Approved', 'Fine for the pilot.');
    await expect(asReviewer.review.getByTestId('review-status-badge')).toHaveAttribute('data-status', 'approved');
    await reviewer.page.reload();
    await expect(asReviewer.review.getByTestId('review-history-item').first()).toHaveAttribute('data-status', 'approved');
    await expect(asReviewer.comments.getByTestId('comment-body')).toHaveText(['Two seeds are too few for distinguishability.']);
    await reviewer.page.screenshot({ path: 'test-results/sharing-study-reviewer.png', fullPage: true });
    await reviewer.close();

    // The owner shares the study.
    const owner = new SharingPage(page);
    await owner.openStudy(teamId, studyId);
    await expect(owner.comments.getByTestId('comment')).toHaveCount(1);
    const shareUrl = await owner.createShareLink();

    // A new, signed-out browser sees that study only.
    const outsider = await browser.newContext();
    const anon = await outsider.newPage();
    await anon.goto(shareUrl);
    await expect(anon.getByTestId('shared-title')).toHaveText('Privacy study');
    // The team's dashboard, read-only: the same verdict with its rule in words, table and charts.
    await expect(anon.getByTestId('results-row').first()).toBeVisible();
    await expect(anon.getByTestId('results-headline')).toContainText('retrained model of the same seed');
    await expect(anon.getByTestId('results-charts')).toBeVisible();
    await expect(anon.getByTestId('shared-review')).toBeVisible();
    await expect(anon.getByRole('navigation')).toHaveCount(0);
    // View controls (sort, columns, print) stay; nothing writes: no form, no text field. Exports
    // and per-run data come from the link's own routes, never the gated team API.
    await expect(anon.locator('form')).toHaveCount(0);
    await expect(anon.getByRole('textbox')).toHaveCount(0);
    await expect(anon.getByTestId('chart-distribution-loss')).toBeVisible();
    const sharedApi = `/api/v1/shared/${shareUrl.split('/share/')[1]}/`;
    const hrefs = (await anon.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).filter((h) => !h.startsWith('#'));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => !h.startsWith(sharedApi))).toEqual([]);
    const exportHref = await anon.getByTestId('export-csv-seeds').getAttribute('href');
    const perSeed = await anon.request.get(exportHref!);
    expect(perSeed.status()).toBe(200);
    expect(await perSeed.text()).not.toContain(studyId);
    await expect(anon.getByText('Two seeds are too few')).toHaveCount(0);
    await anon.screenshot({ path: 'test-results/sharing-public.png', fullPage: true });
    await anon.emulateMedia({ colorScheme: 'dark' });
    await anon.screenshot({ path: 'test-results/sharing-public-dark.png', fullPage: true });
    // The team's pages stay closed to the link holder.
    await anon.goto(`/teams/${teamId}/studies/${studyId}`);
    await expect(anon).toHaveURL(/\/sign-in/);
    expect((await anon.request.get(`/api/v1/studies/${studyId}`)).status()).toBe(401);

    // Revoked: the same browser gets the explanation.
    await owner.revokeFirstActive();
    await anon.goto(shareUrl);
    await expect(anon.getByTestId('share-gone')).toContainText('revoked');
    await expect(anon.getByTestId('shared-title')).toHaveCount(0);
    expect((await anon.request.get(exportHref!)).status()).toBe(404);
    await outsider.close();

    // The deletion report names the subjects and states the evidence, and prints without the app's header.
    await expect(owner.page.getByTestId('deletion-report-link')).toBeVisible();
    await owner.openReport(teamId, studyId);
    await expect(page.getByTestId('report-subjects')).toContainText('C0001');
    await expect(page.getByTestId('report-subjects')).toContainText('C0002');
    await expect(page.getByTestId('report-who')).toContainText('admin@lethe.local');
    await expect(page.getByTestId('report-method')).toHaveCount(1);
    await expect(page.getByTestId('report-method')).toContainText('Fine-tune');
    await expect(page.getByTestId('report-verdict')).toContainText('retrained model of the same seed');
    await expect(page.getByTestId('report-rows')).not.toContainText('—');
    await expect(page.getByTestId('report-mia')).toContainText('AUC 0.');
    await expect(page.getByTestId('report-distinguishability')).toContainText('N = 2');
    await expect(page.getByTestId('report-caveats')).toContainText('says nothing');
    await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
    await page.screenshot({ path: 'test-results/sharing-report.png', fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await page.screenshot({ path: 'test-results/sharing-report-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/sharing-report-dark.png', fullPage: true });
  });
});
