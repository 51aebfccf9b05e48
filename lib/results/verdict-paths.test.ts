/**
 * One study, four pages: the dashboard (study results), a comparison of all its runs, the share
 * page and the deletion report read the study through different loaders; each must give the
 * same verdict. A finished study is seeded without training (seed-fixture) with one method that
 * behaves like retrain, so the verdict has a known answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '@/db/queries/studies';
import { deletionReport } from '@/lib/reviews/deletion-report';
import { createShareLink } from '@/lib/reviews/service';
import { sharedView } from '@/lib/reviews/shared';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { comparisonResults } from './comparisons-service';
import { seedFinishedStudy } from './seed-fixture';
import { studyResults } from './study-results-service';
import type { StudyVerdict } from './verdict';

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name: 'Paths', seeds: 3, methods: ['finetune', 'scrub', 'neggrad'], matchRetrain: ['scrub'], numClasses: 3, sizes: { forget: 60, retain: 200, test: 200 } });
  return { team, owner, studyId };
}

beforeAll(async () => {
  ctx = await setup();
}, 120_000);

/** What must agree: who is named on which criterion, and which metrics have power. */
function essence(v: StudyVerdict) {
  return {
    criteria: v.criteria.map((c) => [c.id, c.winners]),
    closest: v.closest,
    power: v.metrics.map((m) => [m.key, m.hasPower]),
    disqualified: v.methods.map((m) => [m.key, m.disqualified.length > 0]).sort(),
  };
}

describe('the same study gives the same verdict on every page', () => {
  it('dashboard, comparison, share page and deletion report agree, and name the method that matches retrain', async () => {
    const dashboard = await studyResults(ctx.owner, ctx.studyId);
    expect(dashboard.headline.verdicts).toHaveLength(1);
    const expected = essence(dashboard.headline.verdicts[0]);
    expect(expected.closest).toEqual(['scrub:[]:r0']);
    // The study summary carries the original's forget quality: the null a method must beat.
    const fq = dashboard.headline.verdicts[0].metrics.find((m) => m.key === 'distinguishability.forgetQuality');
    expect(typeof fq?.original).toBe('number');

    const runIds = (await listRuns(ctx.studyId)).map((r) => r.id);
    const comparison = await comparisonResults(ctx.owner, ctx.team.id, { runIds, baselineRunId: runIds[0], title: 'All runs' });
    expect(essence(comparison.headline.verdicts[0])).toEqual(expected);

    const { token } = await createShareLink(ctx.owner, ctx.team.id, { targetType: 'study', targetId: ctx.studyId });
    const shared = await sharedView(token);
    if (shared.kind !== 'study') throw new Error('expected a study');
    expect(essence(shared.results.headline.verdicts[0])).toEqual(expected);
    expect(JSON.stringify(shared.results)).not.toContain(ctx.studyId);

    const report = await deletionReport(ctx.owner, ctx.studyId);
    expect(essence(report.evidence.verdict)).toEqual(expected);
    expect(report.evidence.methods.find((m) => m.methodId === 'scrub')!.closestBy.length).toBeGreaterThan(0);
  });
});
