/**
 * External runs scored against Lethe's own retrain (issue 16): a real Lethe study (iris, an MLP,
 * two seeds, trained by a worker), then ONNX models exported by Lethe's exporter from Lethe's
 * stored weights uploaded with `reference: "lethe-retrain"`. The stored accuracies equal what
 * this test computes itself from the package arrays and the weights, the reference side equals
 * Lethe's retrain's own stored metrics, Lethe's retrain uploaded as a "method" agrees with its
 * reference everywhere, and ZRF equals the one Lethe computed for that retrain. Every refusal
 * (recipe not declared, logits, another architecture, no retrain of the seed, an external study,
 * mixed references in one method) is a 4xx saying why, and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findRun, findStudy, listRuns, loadArtifact } from '@/db/queries/studies';
import type { Run } from '@/db/schema';
import { npyBytes } from '@/lib/data/npy';
import { decodeBlob } from '@/lib/jobs/blob';
import { closeUploadPool } from '@/lib/jobs/upload-pool';
import { startWorker, type WorkerHandle } from '@/lib/jobs/worker';
import { exportLogitsModel } from '@/lib/ml/onnx/export-model';
import { readWeightValues } from '@/lib/ml/weights';
import { createStudy, studyWithRuns } from '@/lib/studies/service';
import { describeExternalReference, externalReferenceOf } from '@/lib/studies/external-reference';
import type { SerializedPredictor } from '@/lib/unlearning/predictor';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { packageArrays, type PackageArrays } from '@/test/package-arrays';
import { GET as getPackage } from '../../../scenarios/[scenarioId]/package/route';
import { POST as createStudyRoute } from '../../../teams/[teamId]/studies/route';
import { buildEvidence } from '@/lib/reviews/deletion-report';
import { GET as getResults } from '../results/route';
import { POST } from './route';


let worker: WorkerHandle;
let ctx: { token: string; teamId: string; scenarioId: string; studyId: string; runs: Run[]; pkg: PackageArrays };

beforeAll(async () => {
  vi.stubEnv('LETHE_EXTERNAL_RUN_MEMORY_MB', '256');
  worker = await startWorker({ concurrency: 2 });
  const { team, owner } = await makeTeam();
  const { scenario } = await irisForgetSetosa(owner, team);
  const { study } = await createStudy(owner, team.id, {
    name: 'Iris MLP',
    scenarioId: scenario.id,
    modelSpec: { kind: 'mlp', hidden: [8] },
    recipe: { epochs: 12, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } },
    seeds: 2,
  });
  const started = Date.now();
  for (;;) {
    const { study: s, runs } = await studyWithRuns(owner, study.id);
    if (s.finishedAt) {
      expect(runs.map((r) => `${r.kind}:${r.status}:${r.error ?? ''}`)).toEqual(runs.map((r) => `${r.kind}:succeeded:`));
      break;
    }
    if (Date.now() - started > 150_000) throw new Error('the Lethe study did not finish');
    await new Promise((r) => setTimeout(r, 300));
  }
  await worker.stop();
  const token = await tokenFor(owner);
  const res = await getPackage(new Request(`http://localhost/api/v1/scenarios/${scenario.id}/package`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ scenarioId: scenario.id }) });
  ctx = {
    token,
    teamId: team.id,
    scenarioId: scenario.id,
    studyId: study.id,
    runs: await listRuns(study.id),
    pkg: await packageArrays(new Uint8Array(await res.arrayBuffer())),
  };
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await closeUploadPool();
  vi.unstubAllEnvs();
});

const letheRun = (kind: 'original' | 'retrain', seed: number) => ctx.runs.find((r) => r.kind === kind && r.seed === seed && r.variant === 'standard') as Run;

/** A Lethe run's stored weights, as values in Lethe's parameter order. */
async function weightsOf(run: Run) {
  const bytes = await loadArtifact(run.id, 'model');
  const predictor = decodeBlob<SerializedPredictor>(bytes as Uint8Array);
  if (predictor.kind !== 'model') throw new Error('not a single model');
  return readWeightValues(predictor.weights);
}

/** That run exported to ONNX by Lethe's exporter. */
async function onnxOf(run: Run): Promise<Uint8Array> {
  const { spec, io, values } = await weightsOf(run);
  return exportLogitsModel([{ spec, io, values }]);
}

/** The MLP's predicted classes on x (float64 arithmetic on the float32 weights): this test's own evaluation. */
function predictions(values: Float32Array[], x: Float32Array, d: number): number[] {
  const rows = x.length / d;
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    let h = Array.from(x.subarray(i * d, (i + 1) * d));
    for (let l = 0; l < values.length; l += 2) {
      const kernel = values[l];
      const bias = values[l + 1];
      const units = bias.length;
      const z = Array.from({ length: units }, (_, u) => h.reduce((s, v, j) => s + v * kernel[j * units + u], bias[u]));
      h = l + 2 < values.length ? z.map((v) => Math.max(0, v)) : z;
    }
    out.push(h.indexOf(Math.max(...h)));
  }
  return out;
}

function accuracy(predicted: number[], labels: BigInt64Array, rows: number[]): number {
  return rows.filter((i) => BigInt(predicted[i]) === labels[i]).length / rows.length;
}

async function upload(options: unknown, files: Array<[string, Uint8Array]>, studyId = ctx.studyId) {
  const form = new FormData();
  form.append('options', JSON.stringify(options));
  for (const [name, bytes] of files) form.append(name, new Blob([bytes as Uint8Array<ArrayBuffer>]), name === 'model' ? 'model.onnx' : `${name}.npy`);
  const req = new Request(`http://localhost/api/v1/studies/${studyId}/external-runs`, { method: 'POST', headers: { authorization: `Bearer ${ctx.token}` }, body: form });
  const res = await POST(req, { params: Promise.resolve({ studyId }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string; details: Record<string, unknown> } } };
}

interface UploadedRun {
  id: string;
  dependsOn: string[];
  external: { reference: unknown };
  metrics: { accuracy: Record<string, number>; scalars: Record<string, number>; reference: { agreement: Record<string, number>; gaps: { gaps: Record<string, { value: number; reference: number }> } } };
}

const LETHE = { role: 'unlearned', reference: 'lethe-retrain', sameRecipe: true } as const;

describe('external runs scored against Lethe’s retrain', () => {
  it('scores a Lethe-exported model of the study’s spec against Lethe’s retrain of its seed, with the accuracies computed here', async () => {
    const { yTrain, yTest, forget, features } = ctx.pkg;
    const forgetRows = Array.from(forget, Number);
    const inForget = new Set(forgetRows);
    const retainRows = Array.from({ length: yTrain.length }, (_, i) => i).filter((i) => !inForget.has(i));
    const testRows = Array.from({ length: yTest.length }, (_, i) => i);
    for (const seed of [0, 1]) {
      // Lethe's original of the seed, uploaded as a "method" that did nothing.
      const original = letheRun('original', seed);
      const retrain = letheRun('retrain', seed);
      const res = await upload({ ...LETHE, seed, method: 'Did nothing' }, [['model', await onnxOf(original)]]);
      expect(res.status, JSON.stringify(res.body.error)).toBe(201);
      const run = res.body as unknown as UploadedRun;
      const { values } = await weightsOf(original);
      const train = predictions(values, ctx.pkg.xTrain, features);
      const test = predictions(values, ctx.pkg.xTest, features);
      expect(run.metrics.accuracy).toEqual({ forget: accuracy(train, yTrain, forgetRows), retain: accuracy(train, yTrain, retainRows), test: accuracy(test, yTest, testRows) });
      // the original still knows setosa: the comparison below is between different models
      expect(run.metrics.accuracy.forget).toBeGreaterThan(0.9);
      // The reference side is Lethe's retrain of this seed, as Lethe itself evaluated it.
      const retrainMetrics = (await findRun(retrain.id))?.metrics as { accuracy: Record<string, number> };
      for (const split of ['forget', 'retain', 'test']) expect(run.metrics.reference.gaps.gaps[`accuracy.${split}`].reference, split).toBe(retrainMetrics.accuracy[split]);
      expect(run.dependsOn).toEqual([retrain.id]);
      expect(run.external.reference).toEqual({ kind: 'lethe-retrain', runId: retrain.id, seed, requestIndex: 0, specChecked: true, recipeDeclared: true });
    }
    const summary = (await findStudy(ctx.studyId))?.summary as { methods: Array<{ methodId: string; seeds: number; distinguishability: { numModels: number } | null }> };
    expect(summary.methods.find((m) => m.methodId === 'Did nothing (external)')).toMatchObject({ seeds: 2, distinguishability: { numModels: 2 } });
  }, 120_000);

  it('Lethe’s retrain uploaded as a method agrees with its reference everywhere, and has the ZRF Lethe computed for it', async () => {
    const retrain = letheRun('retrain', 0);
    const res = await upload({ ...LETHE, seed: 0, method: 'Exact retrain' }, [['model', await onnxOf(retrain)]]);
    expect(res.status, JSON.stringify(res.body.error)).toBe(201);
    const run = res.body as unknown as UploadedRun;
    expect(run.metrics.reference.agreement).toEqual({ forget: 1, retain: 1, test: 1 });
    const own = (await findRun(retrain.id))?.metrics as { accuracy: Record<string, number>; scalars: Record<string, number> };
    expect(run.metrics.accuracy).toEqual(own.accuracy);
    expect(own.scalars.zrf).toBeGreaterThan(0);
    expect(run.metrics.scalars.zrf).toBeCloseTo(own.scalars.zrf, 5);
    const stored = await findRun(run.id);
    const reference = externalReferenceOf(stored as Run);
    expect(reference && describeExternalReference(reference)).toBe(`Lethe’s retrain (seed 0, run ${retrain.id.slice(0, 8)}), same spec checked, recipe declared by the uploader`);
  }, 60_000);

  it('refuses every upload that may not use Lethe’s retrain, saying why, and stores nothing', async () => {
    const before = (await listRuns(ctx.studyId)).length;
    const model = await onnxOf(letheRun('original', 0));
    const k = ctx.pkg.classes;
    const logits = (rows: number) => npyBytes(new Float64Array(rows * k), [rows, k]);
    const { values: original } = await weightsOf(letheRun('original', 0));
    // the study's spec is 4 → 8 (relu) → 3; this one has 4 hidden units
    const narrow = exportLogitsModel([{ spec: { kind: 'mlp', hidden: [4], activation: 'relu', dropout: 0 }, io: { inputShape: [4], numClasses: 3 }, values: [original[0].slice(0, 16), original[1].slice(0, 4), original[2].slice(0, 12), original[3]] }]);
    const tanh = exportLogitsModel([{ spec: { kind: 'mlp', hidden: [8], activation: 'tanh', dropout: 0 }, io: { inputShape: [4], numClasses: 3 }, values: original }]);
    const external = await callRoute(createStudyRoute, { method: 'POST', token: ctx.token, params: { teamId: ctx.teamId }, body: { external: true, name: 'Outside', description: 'An MLP trained in PyTorch', scenarioId: ctx.scenarioId } });
    const externalId = (external.body as { id: string }).id;
    const cases: Array<{ status: number; message: string | RegExp; details?: Record<string, unknown>; send: () => ReturnType<typeof upload> }> = [
      {
        status: 422,
        message: 'options.sameRecipe: reference "lethe-retrain" needs sameRecipe: true, your declaration that the model was trained with the study\'s training recipe (Lethe cannot check a recipe from weights).',
        send: () => upload({ role: 'unlearned', reference: 'lethe-retrain', seed: 0, method: 'M' }, [['model', model]]),
      },
      { status: 422, message: 'options.reference: Only an unlearned run is scored against a reference; a retrain run leaves reference out.', send: () => upload({ role: 'retrain', reference: 'lethe-retrain', sameRecipe: true, seed: 0 }, [['model', model]]) },
      { status: 422, message: 'options.sameRecipe: sameRecipe declares the recipe for reference "lethe-retrain"; leave it out otherwise.', send: () => upload({ role: 'unlearned', sameRecipe: true, seed: 0, method: 'M' }, [['model', model]]) },
      {
        status: 422,
        message: /^reference "lethe-retrain" needs the model itself \(one ONNX "model" part\): uploaded logits cannot show that the model has the study's spec/,
        send: () => upload({ ...LETHE, seed: 0, method: 'M' }, [['logits_train', logits(ctx.pkg.yTrain.length)], ['logits_test', logits(ctx.pkg.yTest.length)]]),
      },
      {
        status: 422,
        message: "model.onnx does not have the study's model spec, so Lethe's retrain cannot be its reference: layer 1 has 4 units; the study's spec has 8.",
        details: { field: 'model', reason: 'spec_mismatch', differences: ["layer 1 has 4 units; the study's spec has 8"] },
        send: () => upload({ ...LETHE, seed: 0, method: 'M' }, [['model', narrow]]),
      },
      { status: 422, message: "model.onnx does not have the study's model spec, so Lethe's retrain cannot be its reference: layer 1 uses tanh; the study's spec uses relu.", send: () => upload({ ...LETHE, seed: 0, method: 'M' }, [['model', tanh]]) },
      { status: 409, message: 'reference "lethe-retrain": this study has no succeeded Lethe retrain of seed 5. Its retrains of seeds 0, 1 succeeded.', send: () => upload({ ...LETHE, seed: 5, method: 'M' }, [['model', model]]) },
      { status: 409, message: /^reference "lethe-retrain": this is an external study, so Lethe trained no retrain here/, send: () => upload({ ...LETHE, seed: 0, method: 'M' }, [['model', model]], externalId) },
    ];
    for (const c of cases) {
      const res = await c.send();
      expect({ status: res.status, message: res.body.error?.message }).toEqual({ status: c.status, message: typeof c.message === 'string' ? c.message : expect.stringMatching(c.message) });
      if (c.details) expect(res.body.error?.details).toMatchObject(c.details);
    }
    expect((await listRuns(ctx.studyId)).length).toBe(before);
    expect((await listRuns(externalId)).length).toBe(0);
  }, 120_000);

  it('every seed of a method uses one reference: a second kind is refused (409)', async () => {
    // the group's own retrain of seed 1, then a method scored against it, then the same method against Lethe's
    const k = ctx.pkg.classes;
    const files = (): Array<[string, Uint8Array]> => [
      ['logits_train', npyBytes(Float64Array.from({ length: ctx.pkg.yTrain.length * k }, (_, i) => Math.sin(i)), [ctx.pkg.yTrain.length, k])],
      ['logits_test', npyBytes(Float64Array.from({ length: ctx.pkg.yTest.length * k }, (_, i) => Math.cos(i)), [ctx.pkg.yTest.length, k])],
    ];
    expect((await upload({ role: 'retrain', seed: 1 }, files())).status).toBe(201);
    const own = await upload({ role: 'unlearned', seed: 1, method: 'Ours' }, files());
    expect(own.status).toBe(201);
    const ownRun = own.body as unknown as UploadedRun & { id: string };
    const stored = await findRun(ownRun.id);
    const reference = externalReferenceOf(stored as Run);
    expect(reference?.kind).toBe('own-retrain');
    expect(reference && describeExternalReference(reference)).toMatch(/^the group’s own uploaded retrain of seed 1 \(run [0-9a-f]{8}\)$/);
    const mixed = await upload({ ...LETHE, seed: 0, method: 'Ours' }, [['model', await onnxOf(letheRun('original', 0))]]);
    expect(mixed.status).toBe(409);
    expect(mixed.body.error?.message).toBe(`"Ours" seed 1 was scored against reference "own-retrain" (run ${ownRun.id}); every seed of a method uses the same reference, so send reference "own-retrain" or use another method label.`);
  }, 60_000);

  it('the results read model (dashboard, share page, exports) measures each uploaded method against the retrain it was scored against, and says which', async () => {
    const res = await callRoute(getResults, { token: ctx.token, params: { studyId: ctx.studyId } });
    expect(res.status).toBe(200);
    const rows = (res.body as { table: { rows: Array<{ key: string; label: string; detail: string; note: string | null; baselineKey: string | null }> } }).table.rows;
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    const letheRetrain = byLabel.get('Retrain');
    expect(byLabel.get('Did nothing (external)')).toMatchObject({
      baselineKey: letheRetrain?.key,
      detail: 'scored against Lethe’s retrain of each seed (same spec checked, recipe declared by the uploader)',
      note: expect.stringContaining('Uploaded model: no weight distance (it was not initialised by Lethe).'),
    });
    expect(byLabel.get('Ours (external)')).toMatchObject({
      baselineKey: byLabel.get('Retrain (external)')?.key,
      detail: 'scored against the group’s own uploaded retrain of each seed',
      note: expect.stringContaining('Uploaded logits: no ZRF or weight distance (both need the model itself).'),
    });
    // the deletion report says the same and compares with Lethe's retrain row
    const evidence = buildEvidence(await listRuns(ctx.studyId), ((await findStudy(ctx.studyId))?.summary ?? null) as Record<string, unknown> | null, {});
    const didNothing = evidence.methods.find((m) => m.methodId === 'Did nothing (external)');
    expect(didNothing?.reference).toBe('Lethe’s own retrain of each seed (the uploaded model’s spec checked, its recipe declared by the uploader)');
    expect(didNothing?.referenceModel).toEqual(evidence.retrain);
    expect(evidence.methods.find((m) => m.methodId === 'Ours (external)')?.reference).toBe('the group’s own uploaded retrain');
  });
});
