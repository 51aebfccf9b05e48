/**
 * The read model behind a share link: the token alone authorizes it, it refuses unknown,
 * revoked and expired tokens with the same 404, and it is the private dashboard's data (the
 * same loader, ids replaced), so a link holder reads what the team reads.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { listRuns } from '@/db/queries/studies';
import { shareLinks } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { comparisonResults, createComparison } from '@/lib/results/comparisons-service';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { studyResults } from '@/lib/results/study-results-service';
import { createExternalStudy } from '@/lib/studies/external-runs';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { createShareLink, revokeShareLink, setReviewStatus, SHARE_LINK_GONE } from './service';
import { sharedView } from './shared';
import { shareRedactor, studyShareRedactor } from './shared-parts';

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name: 'Shared study', seeds: 3, methods: ['finetune', 'scrub'], matchRetrain: ['scrub'], numClasses: 3, sizes: { forget: 60, retain: 200, test: 200 } });
  return { team, owner, studyId, scenarioId: scenario.id };
}

beforeAll(async () => {
  ctx = await setup();
}, 120_000);

async function refused(token: string) {
  const err = await sharedView(token).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('not_found');
  expect((err as AppError).message).toBe(SHARE_LINK_GONE);
}

describe('the shared dashboard read model', () => {
  it('is the private dashboard of the study, ids replaced, with the review status and its note but not who set it', async () => {
    await setReviewStatus(ctx.owner, ctx.studyId, { status: 'approved', note: 'Scrub matches retrain on every seed.' });
    const { token } = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'study', targetId: ctx.studyId });
    const shared = await sharedView(token);
    if (shared.kind !== 'study') throw new Error('expected a study');
    const dashboard = await studyResults(ctx.owner, ctx.studyId);
    expect(shared.results).toEqual((await studyShareRedactor(ctx.studyId)).redact({ ...dashboard, teamId: '' }));
    expect(shared.results.headline.verdicts[0].closest).toEqual(dashboard.headline.verdicts[0].closest);
    expect(shared.results.table.rows.length).toBeGreaterThan(2);
    expect(shared.review).toMatchObject({ status: 'approved', note: 'Scrub matches retrain on every seed.' });
    const text = JSON.stringify(shared);
    for (const secret of [ctx.team.id, ctx.studyId, ctx.owner.email, ctx.owner.id, ...(await listRuns(ctx.studyId)).map((r) => r.id)]) expect(text).not.toContain(secret);
  });

  it('describes a Lethe study’s model from its spec, with its planned seeds and methods', async () => {
    const { token } = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'study', targetId: ctx.studyId });
    const shared = await sharedView(token);
    if (shared.kind !== 'study') throw new Error('expected a study');
    expect(shared.external).toBe(false);
    expect(shared.modelDescription).not.toMatch(/outside Lethe/);
    expect(shared.seeds).toHaveLength(3);
  });

  it('describes an external study’s model by its description, not as Lethe’s empty spec (logistic regression)', async () => {
    const study = await createExternalStudy(ctx.owner, ctx.team.id, { external: true, name: 'Our PyTorch method', description: 'Linear softmax, trained with SGD in PyTorch.', scenarioId: ctx.scenarioId });
    const { token } = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'study', targetId: study.id });
    const shared = await sharedView(token);
    if (shared.kind !== 'study') throw new Error('expected a study');
    expect(shared).toMatchObject({ external: true, modelDescription: 'Trained outside Lethe: Linear softmax, trained with SGD in PyTorch.', seeds: [], methods: [] });
  });

  it('gives a shared comparison the comparison dashboard', async () => {
    const runIds = (await listRuns(ctx.studyId)).map((r) => r.id);
    const comparison = await createComparison(ctx.owner, ctx.team.id, { name: 'All of it', runIds });
    const { token } = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'comparison', targetId: comparison.id });
    const shared = await sharedView(token);
    if (shared.kind !== 'comparison') throw new Error('expected a comparison');
    const dashboard = await comparisonResults(ctx.owner, ctx.team.id, { runIds, baselineRunId: comparison.baselineRunId, title: 'All of it' });
    expect(shared.results).toEqual(shareRedactor([ctx.studyId], runIds).redact({ ...dashboard, teamId: '' }));
    expect(JSON.stringify(shared)).not.toContain(ctx.team.id);
  });

  it('refuses an unknown, a revoked and an expired token alike (404)', async () => {
    await refused('shr_' + 'a'.repeat(43));
    await refused('not-a-token');

    const revoked = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'study', targetId: ctx.studyId });
    await sharedView(revoked.token);
    await revokeShareLink(ctx.owner, revoked.link.id);
    await refused(revoked.token);

    const expiring = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'study', targetId: ctx.studyId, expiresAt: new Date(Date.now() + 60_000) });
    await sharedView(expiring.token);
    // Expire it now, as the clock would.
    await (await getDb()).update(shareLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(shareLinks.id, expiring.link.id));
    await refused(expiring.token);
  });
});
