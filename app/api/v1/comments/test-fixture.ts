/**
 * A team with a study (and a run and a comparison) for the review and sharing tests, stored
 * directly: these tests are about who may comment and share, not about training.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getDb } from '@/db/client';
import { findScenario } from '@/db/queries/scenarios';
import { insertStudyWithRuns } from '@/db/queries/studies';
import { comparisons } from '@/db/schema';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createScenario } from '@/lib/datasets/scenarios';
import { makeTeam, tokenFor } from '@/test/factories';

const IRIS = path.resolve(import.meta.dirname, '../../../../db/seed-data/iris.csv');

export async function teamWithStudy() {
  const { team, owner, members } = await makeTeam(['researcher', 'reviewer']);
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS)] }]);
  const view = await createScenario(owner, dataset.id, { name: 'Forget setosa', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['setosa'] } });
  const scenario = (await findScenario(view.id))!;
  const runId = crypto.randomUUID();
  const { study } = await insertStudyWithRuns(
    {
      teamId: team.id,
      scenarioId: scenario.id,
      datasetId: dataset.id,
      datasetVersionId: scenario.datasetVersionId,
      name: 'Reviewed study',
      description: '',
      modelSpec: { kind: 'logistic' },
      recipe: { epochs: 1, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.01 } },
      seeds: [0],
      methods: [],
      reproducedFrom: null,
      createdBy: owner.id,
    },
    [{ id: runId, kind: 'original', variant: 'standard', methodId: null, methodConfig: null, seed: 0, requestIndex: 0, dependsOn: [], inputHash: `fixture-${runId}`, reusedFromRunId: null }],
  );
  const db = await getDb();
  const [comparison] = await db.insert(comparisons).values({ teamId: team.id, datasetId: dataset.id, name: 'Saved comparison', runIds: [runId], createdBy: owner.id }).returning();
  return {
    team,
    studyId: study.id,
    runId,
    comparisonId: comparison.id,
    actors: { owner, researcher: members.researcher, reviewer: members.reviewer },
    tokens: {
      owner: await tokenFor(owner),
      researcher: await tokenFor(members.researcher),
      reviewer: await tokenFor(members.reviewer),
    },
  };
}
