/**
 * The runs table a study page polls and refreshes from, on a finished study seeded without
 * training: every run with its key metrics and no metrics records; team members only.
 */
import { describe, expect, it } from 'vitest';
import type { RunsTableJson } from '@/app/_components/studies/study-format';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

describe('study runs table', () => {
  it('answers every run with key metrics to a member, 404 to another team', async () => {
    const { team, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, team);
    const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, seeds: 2, methods: ['finetune'], numClasses: 3, sizes: { forget: 40, retain: 90, test: 30 }, summarise: false });
    const res = await callRoute(GET, { token: await tokenFor(owner), params: { studyId } });
    expect(res.status).toBe(200);
    const body = res.body as unknown as RunsTableJson;
    expect(body.status).toBe('succeeded');
    expect(body.runs).toHaveLength(2 * 3);
    for (const run of body.runs) {
      expect(run).not.toHaveProperty('metrics');
      expect(body.keyMetrics[run.id]?.accuracy.test).toBeTypeOf('number');
    }
    const other = await makeTeam();
    expect((await callRoute(GET, { token: await tokenFor(other.owner), params: { studyId } })).status).toBe(404);
  }, 60_000);
});
