/**
 * The whole pipeline on the test database (PGlite, or Postgres with DATABASE_URL): a study on a
 * real dataset is planned, queued in pg-boss, run by a worker in ML threads, evaluated and
 * summarised; cancelling stops it; an identical study reuses the originals and retrains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from '@/db/queries/studies';
import { createDataset, datasetImagePng, parseUploadOptions } from '@/lib/datasets/service';
import { forgetExamples } from '@/lib/results/study-results-service';
import { createScenario } from '@/lib/datasets/scenarios';
import { cancelStudy, createStudy, studyWithRuns } from '@/lib/studies/service';
import { studyStatus } from '@/lib/studies/views';
import { irisForgetSetosa, makeTeam } from '@/test/factories';
import { TIMED_PHASE } from '@/lib/metrics/timing';
import { startWorker, type WorkerHandle } from './worker';

let worker: WorkerHandle;

beforeAll(async () => {
  worker = await startWorker({ concurrency: 2 });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

async function irisScenario() {
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  return { team, owner, scenario };
}

/** Polls until `until(status, summarised)` holds; `summarised` = every run ended and the summary was written. */
async function waitForStudy(actor: Parameters<typeof studyWithRuns>[0], id: string, until: (status: string, summarised: boolean) => boolean, timeoutMs = 120_000) {
  const started = Date.now();
  for (;;) {
    const { study, runs } = await studyWithRuns(actor, id);
    const status = studyStatus(runs);
    if (until(status, study.finishedAt !== null)) return { study, runs, status };
    if (Date.now() - started > timeoutMs) throw new Error(`study ${id} still ${status} after ${timeoutMs} ms: ${runs.map((r) => `${r.kind}/${r.methodId}/${r.status}/${r.error ?? ''}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const recipe = { epochs: 15, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } };

describe('study pipeline', () => {
  it('runs a study to completion: originals, retrains and methods per seed, with metrics and a summary', async () => {
    const { team, owner, scenario } = await irisScenario();
    const { study, runs } = await createStudy(owner, team.id, {
      name: 'Iris forget setosa',
      scenarioId: scenario.id,
      modelSpec: { kind: 'mlp', hidden: [16] },
      recipe,
      seeds: 2,
      methods: [{ methodId: 'finetune' }, { methodId: 'neggrad' }],
    });
    expect(runs).toHaveLength(2 + 2 + 4);
    const finished = await waitForStudy(owner, study.id, (_s, summarised) => summarised);
    expect(finished.runs.map((r) => `${r.kind}:${r.status}:${r.error ?? ''}`)).toEqual(finished.runs.map((r) => `${r.kind}:succeeded:`));
    const original = finished.runs.find((r) => r.kind === 'original');
    const metrics = original?.metrics as { accuracy: { forget: number; test: number } };
    expect(metrics.accuracy.forget).toBeGreaterThan(0.9);
    const retrain = finished.runs.find((r) => r.kind === 'retrain');
    // The retrained model never saw setosa: it cannot predict that class at all.
    expect((retrain?.metrics as { accuracy: { forget: number } }).accuracy.forget).toBe(0);
    const unlearned = finished.runs.find((r) => r.kind === 'unlearned');
    expect((unlearned?.metrics as { reference: { gaps: { averageGap: number } } }).reference.gaps.averageGap).toBeGreaterThanOrEqual(0);
    expect(unlearned?.manifest).toMatchObject({ data: { forgetSetHash: scenario.forgetSetHash }, seeds: { run: unlearned?.seed } });
    // which engine computed the outputs, and the measured speeds the plan's estimate reads
    expect(unlearned?.manifest).toMatchObject({ evaluation: { name: 'ort', threadsFrom: 'pool' } });
    expect((unlearned?.manifest as { timings: { evaluationGflops: number } }).timings.evaluationGflops).toBeGreaterThan(0);
    expect((original?.manifest as { timings: { trainGflops: number } }).timings.trainGflops).toBeGreaterThan(0);
    // Timing: every model warmed up before its clock started, all timed over the same phase, and
    // the reported speedup is exactly the ratio of the manifests' timed seconds (same seed).
    type Timed = { timings: { computeSeconds: number; warmUpSeconds: number | null; timedPhase: string } };
    for (const r of finished.runs) {
      const t = (r.manifest as Timed).timings;
      expect(t.timedPhase, r.kind).toBe(TIMED_PHASE);
      expect(t.warmUpSeconds, r.kind).toBeGreaterThan(0);
      expect(t.computeSeconds, r.kind).toBeGreaterThan(0);
    }
    for (const r of finished.runs.filter((x) => x.kind === 'unlearned')) {
      const ref = finished.runs.find((x) => x.kind === 'retrain' && x.seed === r.seed)!;
      const speedup = (r.metrics as { timing: { speedup: number } }).timing.speedup;
      expect(speedup).toBeCloseTo((ref.manifest as Timed).timings.computeSeconds / (r.manifest as Timed).timings.computeSeconds, 10);
    }
    const summary = finished.study.summary as { methods: Array<{ methodId: string; seeds: number; distinguishability: { numModels: number } | null }> };
    expect(summary.methods.map((m) => m.methodId).sort()).toEqual(['finetune', 'neggrad']);
    expect(summary.methods[0].distinguishability?.numModels).toBe(2);
    // U-LiRA / KLoM from the stored per-example outputs: 2 seeds give KLoM (2 vs 2) but not
    // U-LiRA (it needs 3), and say so; the originals are the null baseline.
    const evidence = (finished.study.summary as { methods: Array<{ perExample: { uLira: unknown; uLiraNote: string; klom: Record<string, { unlearnedModels: number }> } }>; perExampleBaselines: Array<{ original: { klom: Record<string, unknown> } | null }> });
    expect(evidence.methods[0].perExample.uLira).toBeNull();
    expect(evidence.methods[0].perExample.uLiraNote).toMatch(/at least 3 seeds/);
    expect(evidence.methods[0].perExample.klom.forget.unlearnedModels).toBe(2);
    expect(Object.keys(evidence.perExampleBaselines[0].original?.klom ?? {}).sort()).toEqual(['forget', 'retain', 'test']);

    // The same inputs again: originals and retrains are reused, not recomputed.
    const again = await createStudy(owner, team.id, { name: 'Again', scenarioId: scenario.id, modelSpec: { kind: 'mlp', hidden: [16] }, recipe, seeds: 2, methods: [{ methodId: 'finetune' }] });
    expect(again.runs.filter((r) => r.reusedFromRunId).map((r) => r.kind).sort()).toEqual(['original', 'original', 'retrain', 'retrain']);
    const second = await waitForStudy(owner, again.study.id, (_s, summarised) => summarised);
    expect(second.status).toBe('succeeded');
  }, 240_000);

  it('runs the methods that train their own original (SISA, Amnesiac, certified removal) through the queue', async () => {
    const { team, owner, scenario } = await irisScenario();
    const { study } = await createStudy(owner, team.id, {
      name: 'Own originals',
      scenarioId: scenario.id,
      modelSpec: { kind: 'logistic' },
      recipe,
      seeds: 1,
      methods: [{ methodId: 'sisa', config: { shards: 2, slices: 2 } }, { methodId: 'amnesiac' }, { methodId: 'certified-removal' }],
    });
    const finished = await waitForStudy(owner, study.id, (_s, summarised) => summarised);
    expect(finished.runs.map((r) => `${r.kind}/${r.methodId ?? r.variant}:${r.status}:${r.error ?? ''}`).filter((r) => !r.includes(':succeeded:'))).toEqual([]);
    // each method started from an original of its own variant
    const variants = finished.runs.filter((r) => r.kind === 'original').map((r) => r.variant.split(':')[0]);
    expect(variants.sort()).toEqual(['amnesiac', 'certified', 'sisa', 'standard']);
    // certified removal reports its budget; setosa (a third of the rows) is far beyond ε = 1, so it retrained
    const certified = finished.runs.find((r) => r.kind === 'unlearned' && r.methodId === 'certified-removal');
    const stats = (certified?.manifest as { methodStats: Record<string, unknown> }).methodStats;
    expect(stats).toMatchObject({ retrained: true, removedPoints: 40 });
    expect(stats.budget).toBeGreaterThan(0);
    expect(stats.budgetNeeded).toBeGreaterThan(1);
    expect((certified?.metrics as { accuracy: { forget: number } }).accuracy.forget).toBe(0);
    // Certified removal is compared with its own certified retrain (the perturbed objective on the
    // retain set), not with the plain retrain; the other methods keep the plain one.
    const certifiedRetrain = finished.runs.find((r) => r.kind === 'retrain' && r.variant === 'certified');
    expect(certifiedRetrain?.status).toBe('succeeded');
    expect(certified?.dependsOn[1]).toBe(certifiedRetrain?.id);
    const sisaRun = finished.runs.find((r) => r.kind === 'unlearned' && r.methodId === 'sisa');
    expect(sisaRun?.dependsOn[1]).toBe(finished.runs.find((r) => r.kind === 'retrain' && r.variant === 'standard')?.id);
  }, 240_000);

  it('runs a study on an image dataset (MLP on flat pixels) and serves the forget-set image grid', async () => {
    const { team, owner } = await makeTeam();
    const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
    // 80 synthetic 8x8 images: class 0 bright on the left half, class 1 on the right half.
    const n = 80;
    const pixels = new Uint8Array(n * 64);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 2;
      for (let p = 0; p < 64; p++) pixels[i * 64 + p] = (p % 8 < 4) === (labels[i] === 0) ? 200 + (i % 50) : (i * 7 + p) % 40;
    }
    const idx = (magic: number, dims: number[], data: Uint8Array) => {
      const header = new Uint8Array(4 + dims.length * 4);
      const view = new DataView(header.buffer);
      view.setUint32(0, magic);
      dims.forEach((d, i) => view.setUint32(4 + i * 4, d));
      return new Uint8Array([...header, ...data]);
    };
    const dataset = await createDataset(access, parseUploadOptions({ name: 'Halves', classNames: ['left', 'right'] }), [
      { role: 'images', name: 'train-images-idx3-ubyte', source: [idx(0x803, [n, 8, 8], pixels)] },
      { role: 'labels', name: 'train-labels-idx1-ubyte', source: [idx(0x801, [n], labels)] },
    ]);
    const scenario = await createScenario(owner, dataset.id, { name: 'Forget some left images', category: 'privacy', seed: 2, selector: { kind: 'randomFraction', fraction: 0.25 } });
    const { study } = await createStudy(owner, team.id, {
      name: 'Images',
      scenarioId: scenario.id,
      modelSpec: { kind: 'mlp', hidden: [8] },
      recipe: { epochs: 5, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } },
      seeds: 2,
      methods: [{ methodId: 'finetune' }],
    });
    const finished = await waitForStudy(owner, study.id, (_s, summarised) => summarised);
    expect(finished.runs.every((r) => r.status === 'succeeded')).toBe(true);
    const grid = await forgetExamples(owner, study.id, { limit: 6 });
    expect(grid.items.length).toBeGreaterThan(0);
    for (const item of grid.items) {
      expect(Object.values(item.predictions).every((p) => p === 0 || p === 1)).toBe(true);
      const png = await datasetImagePng(owner, dataset.id, 1, item.row);
      expect(png.slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));
    }
    expect(Object.keys(grid.runs).length).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('cancels a study: running work stops and nothing stays running', async () => {
    const { team, owner, scenario } = await irisScenario();
    const { study } = await createStudy(owner, team.id, {
      name: 'Long',
      scenarioId: scenario.id,
      modelSpec: { kind: 'mlp', hidden: [64] },
      recipe: { ...recipe, epochs: 1000, batchSize: 4 },
      seeds: 1,
      methods: [{ methodId: 'finetune' }],
    });
    await waitForStudy(owner, study.id, (s) => s === 'running', 60_000);
    const cancelledAt = Date.now();
    await cancelStudy(owner, study.id);
    for (;;) {
      const runs = await listRuns(study.id);
      if (runs.every((r) => ['cancelled', 'failed', 'succeeded'].includes(r.status))) break;
      if (Date.now() - cancelledAt > 15_000) throw new Error('runs still active 15 s after cancel');
      await new Promise((r) => setTimeout(r, 200));
    }
    const runs = await listRuns(study.id);
    expect(runs.every((r) => r.status === 'cancelled')).toBe(true);
  }, 120_000);
});
