/**
 * The runs table a study page polls and refreshes from, on a finished study seeded without
 * training: every run with its key metrics and no metrics records; team members only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunsTableJson } from '@/app/_components/studies/study-format';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createScenario } from '@/lib/datasets/scenarios';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

const IRIS = path.resolve(import.meta.dirname, '../../../../../../db/seed-data/iris.csv');

describe('study runs table', () => {
  it('answers every run with key metrics to a member, 404 to another team', async () => {
    const { team, owner } = await makeTeam();
    const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
    const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS)] }]);
    const scenario = await createScenario(owner, dataset.id, { name: 'Forget setosa', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });
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
