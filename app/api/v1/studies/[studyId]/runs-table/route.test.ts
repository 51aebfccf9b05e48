/**
 * The runs table a study page polls and refreshes from, on a finished study seeded without
 * training: every run with its key metrics and no metrics records, or one group's runs
 * (?group=, what expanding a group on the study page loads); team members only.
 */
import { describe, expect, it } from 'vitest';
import { runGroupsJson, type RunsTableJson } from '@/app/_components/studies/study-format';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

describe('study runs table', () => {
  it('answers every run with key metrics to a member, or one group with ?group=; 404 to another team and for a group it does not have', async () => {
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

    // Expanding a group of the study page's folded table: ?group= answers that group's runs alone.
    const [, , finetune] = runGroupsJson(body, ['finetune']).groups;
    const url = (group: string) => `http://localhost:3000/api/v1/studies/${studyId}/runs-table?group=${encodeURIComponent(group)}`;
    const part = await callRoute(GET, { token: await tokenFor(owner), params: { studyId }, url: url(finetune.key) });
    expect(part.status).toBe(200);
    const group = part.body as unknown as RunsTableJson;
    expect(group.runs.map((r) => [r.kind, r.methodId])).toEqual([
      ['unlearned', 'finetune'],
      ['unlearned', 'finetune'],
    ]);
    expect(Object.keys(group.keyMetrics).sort()).toEqual(group.runs.map((r) => r.id).sort());
    const unknown = await callRoute(GET, { token: await tokenFor(owner), params: { studyId }, url: url('2:nothing:{}') });
    expect(unknown.status).toBe(404);
    expect((unknown.body.error as { message: string }).message).toContain('group: this study has no runs in group');
    expect((await callRoute(GET, { token: await tokenFor(owner), params: { studyId }, url: url('') })).status).toBe(422);
  }, 60_000);
});
