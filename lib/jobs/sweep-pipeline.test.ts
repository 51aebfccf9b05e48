/**
 * A hyperparameter sweep through the real pipeline and the real route (PGlite, pg-boss, ML
 * threads): a bad sweep answers 422 naming the field and stores nothing; a 2-point sweep on iris
 * carves its validation split, every run is also scored on it, the dashboard data keeps one
 * chosen point and states the sweep; an identical sweep study reuses its originals and retrains,
 * a study without the sweep never does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listStudies } from '@/db/queries/studies';
import { studyResults } from '@/lib/results/study-results-service';
import { deletionReport } from '@/lib/reviews/deletion-report';
import { cancelStudy, createStudy, reproduceStudy, studyWithRuns } from '@/lib/studies/service';
import { studyStatus } from '@/lib/studies/views';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { POST as postStudy } from '@/app/api/v1/teams/[teamId]/studies/route';
import { startWorker, type WorkerHandle } from './worker';

let worker: WorkerHandle;

beforeAll(async () => {
  worker = await startWorker({ concurrency: 2 });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

const recipe = { epochs: 10, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } };

describe('hyperparameter sweep', () => {
  it('answers 422 for a bad sweep, naming the field, and stores nothing', async () => {
    const { team, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, team);
    const token = await tokenFor(owner);
    const post = (methods: unknown[], extra: Record<string, unknown> = {}) =>
      callRoute(postStudy, { method: 'POST', token, params: { teamId: team.id }, body: { name: 'Sweep', scenarioId: scenario.id, recipe, methods, validationFraction: 0.2, ...extra } });
    const cases: Array<[unknown[], string, RegExp]> = [
      [[{ methodId: 'finetune', sweep: { momentum: [0.1, 0.2] } }], 'methods.0.sweep.momentum', /no numeric setting "momentum"/],
      [[{ methodId: 'scrub' }, { methodId: 'finetune', sweep: { learningRate: [0.01, 0.02, 5] } }], 'methods.1.sweep.learningRate.2', /Fine-tune/],
      [[{ methodId: 'finetune', sweep: { learningRate: [0.01, 'a'] } }], 'methods.0.sweep.learningRate.1', /number/],
      [[{ methodId: 'finetune', sweep: { learningRate: [0.01, 0.02, 0.03], epochs: [1, 2, 3] } }], 'methods.0.sweep', /9 grid points/],
      [[{ methodId: 'finetune', sweep: { learningRate: [0.01, 0.02], epochs: [1, 2], batchSize: [8, 16] } }], 'methods.0.sweep', /1 or 2 settings/],
      [[{ methodId: 'finetune', sweep: { learningRate: [0.01] } }], 'methods.0.sweep.learningRate', /at least 2/],
      [[{ methodId: 'finetune', sweep: { learningRate: [0.01, 0.02] } }], 'validationFraction', /at most 0.3/],
      [Array.from({ length: 7 }, () => ({ methodId: 'finetune', sweep: { learningRate: [0.001, 0.002, 0.004, 0.008], epochs: [1, 2] } })), 'methods', /at most 48/],
    ];
    for (const [methods, field, message] of cases) {
      const res = await post(methods, field === 'validationFraction' ? { validationFraction: 0.5 } : {});
      const error = res.body.error as { code: string; message: string; details: { field: string } };
      expect(res.status, field).toBe(422);
      expect(error.details.field, error.message).toBe(field);
      expect(error.message).toMatch(message);
    }
    // iris: 80 training rows outside the forget set; 5% of them is 4, too few to choose by
    const small = await post([{ methodId: 'finetune', sweep: { learningRate: [0.01, 0.02] } }], { validationFraction: 0.05 });
    expect(small.status).toBe(422);
    expect((small.body.error as { details: { field: string } }).details.field).toBe('validationFraction');
    expect(await listStudies({ teamId: team.id })).toHaveLength(0);
  });

  it('runs a 2-point sweep: validation accuracy on every run, one chosen point on the dashboard', async () => {
    const { team, owner } = await makeTeam();
    const { scenario } = await irisForgetSetosa(owner, team);
    const body = {
      name: 'Iris sweep',
      scenarioId: scenario.id,
      modelSpec: { kind: 'mlp', hidden: [16] },
      recipe,
      seeds: 2,
      validationFraction: 0.2,
      methods: [{ methodId: 'finetune', config: { epochs: 2 }, sweep: { learningRate: [0.001, 0.05] } }, { methodId: 'neggrad' }],
    };
    const { study, runs, plan } = await createStudy(owner, team.id, body);
    expect(plan.methodConfigurations).toBe(3);
    expect(plan.validation).toMatchObject({ fraction: 0.2, rows: 16 });
    expect(study.validation).toEqual(plan.validation);
    expect(study.methods.map((m) => m.sweep?.point ?? null)).toEqual([0, 1, null]);
    expect(runs).toHaveLength(2 + 2 + 3 * 2);

    const started = Date.now();
    let finished = await studyWithRuns(owner, study.id);
    while (!finished.study.finishedAt) {
      if (Date.now() - started > 180_000) throw new Error(`sweep study still ${studyStatus(finished.runs)}`);
      await new Promise((r) => setTimeout(r, 300));
      finished = await studyWithRuns(owner, study.id);
    }
    for (const r of finished.runs) {
      expect(r.status, `${r.kind} ${r.error}`).toBe('succeeded');
      const scalars = (r.metrics as { scalars: Record<string, number> }).scalars;
      expect(scalars['accuracy.validation'], r.kind).toBeGreaterThanOrEqual(0);
      expect(r.manifest).toMatchObject({ data: { rows: { validation: 16, train: 120 - 16 } } });
    }

    const data = await studyResults(owner, study.id);
    const [sweep] = data.table.sweeps ?? [];
    expect(data.table.sweeps).toHaveLength(1);
    expect(sweep).toMatchObject({ methodId: 'finetune', settings: ['learningRate'], provisional: false, validationRows: 16 });
    expect(sweep.points.map((p) => p.n)).toEqual([2, 2]);
    expect(sweep.points.filter((p) => p.chosen)).toHaveLength(1);
    const chosen = sweep.points[sweep.chosen];
    const finetuneRows = data.table.rows.filter((r) => r.methodId === 'finetune');
    expect(finetuneRows).toHaveLength(1);
    expect(finetuneRows[0].methodConfig).toEqual(chosen.config);
    expect(finetuneRows[0].detail).toMatch(/chosen by the sweep at learningRate/);
    for (const v of data.headline.verdicts) for (const m of v.methods.filter((x) => x.methodId === 'finetune')) expect(m.config).toEqual(chosen.config);
    // The deletion report reads the runs its own way: it too sees the chosen point only.
    const report = await deletionReport(owner, study.id);
    expect(report.evidence.methods.filter((m) => m.methodId === 'finetune').map((m) => m.config)).toEqual([chosen.config]);

    // The same sweep again reuses originals and retrains; the study without the sweep trains on other rows and reuses nothing.
    const again = await createStudy(owner, team.id, { ...body, name: 'Iris sweep again' });
    expect(again.runs.filter((r) => r.reusedFromRunId).map((r) => r.kind).sort()).toEqual(['original', 'original', 'retrain', 'retrain']);
    const plain = await createStudy(owner, team.id, { ...body, name: 'Iris plain', methods: [{ methodId: 'finetune', config: { epochs: 2, learningRate: 0.001 } }] });
    expect(plain.runs.filter((r) => r.reusedFromRunId)).toHaveLength(0);
    expect(plain.study.validation).toBeNull();
    // Reproducing the study sends its sweep again: the same grid points on the same validation rows.
    const reproduced = await reproduceStudy(owner, study.id);
    expect(reproduced.study.methods).toEqual(study.methods);
    expect(reproduced.study.validation).toEqual(study.validation);
    for (const s of [again, plain, reproduced]) await cancelStudy(owner, s.study.id);
  }, 240_000);
});
