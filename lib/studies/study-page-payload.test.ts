/**
 * What the study page sends its runs table, on a finished study seeded without training (real
 * metrics records of 10 classes with a sensitive attribute, lib/results/seed-fixture): the key
 * metrics the SQL projection keeps are the ones computed from the full records, and the props
 * stay small enough that a 32-seed x 10-method study fits the page budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyMetrics, runsTableJson } from '@/app/_components/studies/study-format';
import { listRuns } from '@/db/queries/studies';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { createScenario } from '@/lib/datasets/scenarios';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { makeTeam } from '@/test/factories';
import { studyWithTableRuns } from './service';
import { runView, studyStatus } from './views';

const DIGITS = path.resolve(import.meta.dirname, '../../db/seed-data/digits.csv');
const METHODS = ['finetune', 'neggrad', 'neggrad-plus', 'random-labels', 'scrub', 'salun', 'ssd', 'fisher', 'amnesiac', 'sisa'];
const SEEDS = 2;

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { team, owner } = await makeTeam();
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Digits' }), [{ role: 'file', name: 'digits.csv', source: [fs.readFileSync(DIGITS)] }]);
  const scenario = await createScenario(owner, dataset.id, { name: 'Forget 3', category: 'usability', seed: 1, selector: { kind: 'class', classes: ['3'] } });
  const { studyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, seeds: SEEDS, methods: METHODS, numClasses: 10, sizes: { forget: 180, retain: 1200, test: 360 }, groups: 2, summarise: false });
  return { owner, studyId };
}

beforeAll(async () => {
  ctx = await setup();
}, 240_000);

describe('study page runs payload', () => {
  it('keeps exactly the key metrics of the full records', async () => {
    const { runs } = await studyWithTableRuns(ctx.owner, ctx.studyId);
    const full = await listRuns(ctx.studyId);
    expect(runs.map((r) => r.id)).toEqual(full.map((r) => r.id));
    const fromFull = Object.fromEntries(full.map((r) => [r.id, keyMetrics(r.metrics)]));
    const fromSlim = Object.fromEntries(runs.map((r) => [r.id, keyMetrics(r.metrics)]));
    expect(fromSlim).toEqual(fromFull);
    // The fixture's runs have accuracies, a MIA AUC and timing; unlearned ones gaps to their retrain.
    const unlearned = full.find((r) => r.kind === 'unlearned');
    const m = fromSlim[unlearned?.id ?? ''];
    expect(m?.accuracy.forget).toBeTypeOf('number');
    expect(m?.miaAuc).toBeTypeOf('number');
    expect(m?.averageGap).toBeTypeOf('number');
    expect(m?.accuracyGap.test).toBeTypeOf('number');
  });

  it('serialises under 1 KB a run, so 32 seeds x 10 methods (384 runs) stay under 384 KB', async () => {
    const { runs } = await studyWithTableRuns(ctx.owner, ctx.studyId);
    const full = await listRuns(ctx.studyId);
    const props = runsTableJson(studyStatus(runs), runs.map((r) => runView(r)));
    expect(props.runs).toHaveLength(SEEDS * (METHODS.length + 2));
    expect(Object.keys(props.keyMetrics)).toHaveLength(props.runs.length);
    const perRun = JSON.stringify(props).length / props.runs.length;
    // What the page sent before: every run's whole metrics record.
    const before = JSON.stringify(full.map((r) => runView(r))).length / full.length;
    expect(perRun).toBeLessThan(1024);
    expect(before / perRun).toBeGreaterThan(20);
  });
});
