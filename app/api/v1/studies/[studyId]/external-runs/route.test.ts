/**
 * POST /api/v1/studies/{id}/external-runs through the route handler: an external study created
 * by the API, the scenario package downloaded by the API, logits of known linear models computed
 * here in float64 on the package arrays and uploaded; the stored metrics hold exactly the
 * accuracies computed here, and the study summary scores the method against the uploaded
 * retrains. Every bad upload is refused with a 4xx naming the problem, and nothing is stored.
 * A reviewer cannot upload (403), another team cannot see the study (404). Scoring runs in the
 * upload lane with LETHE_EXTERNAL_RUN_MEMORY_MB set low here: a model over it is refused (422).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findStudy, listRuns } from '@/db/queries/studies';
import { createScenario } from '@/lib/datasets/scenarios';
import { createDataset, parseUploadOptions } from '@/lib/datasets/service';
import { npyBytes, npyHeaderFor, type NpyArray } from '@/lib/data/npy';
import { closeUploadPool } from '@/lib/jobs/upload-pool';
import { buildLogitsGraph, exportLogitsModel } from '@/lib/ml/onnx/export-model';
import { encodeOnnxModel } from '@/lib/ml/onnx/onnx-model';
import { seedFinishedStudy } from '@/lib/results/seed-fixture';
import { callRoute, makeTeam, tokenFor } from '@/test/factories';
import { npyOf, packageArrays, type PackageArrays } from '@/test/package-arrays';
import { GET as getPackage } from '../../../scenarios/[scenarioId]/package/route';
import { POST as createStudy } from '../../../teams/[teamId]/studies/route';
import { GET as getExport } from '../export/route';
import { GET as getPerExample } from '../per-example/route';
import { POST as reproduce } from '../reproduce/route';
import { GET as getResults } from '../results/route';
import { externalRunFormData, externalRunOptionsOf } from '@/lib/studies/external-upload-form';
import { POST } from './route';

const IRIS = path.resolve(import.meta.dirname, '../../../../../../db/seed-data/iris.csv');


let ctx: { teamId: string; studyId: string; mixedStudyId: string; sequentialScenarioId: string; owner: string; researcher: string; reviewer: string; outsider: string; pkg: PackageArrays };

/** Every upload in this file is scored in a lane limited to this much (the good ones need far less). */
const LIMIT_MB = 256;

afterAll(async () => {
  await closeUploadPool();
  vi.unstubAllEnvs();
});

beforeAll(async () => {
  vi.stubEnv('LETHE_EXTERNAL_RUN_MEMORY_MB', String(LIMIT_MB));
  const { team, owner, members } = await makeTeam(['researcher', 'reviewer']);
  const access = { actor: owner, teamId: team.id, teamName: team.name, role: 'owner' as const };
  const dataset = await createDataset(access, parseUploadOptions({ name: 'Iris' }), [{ role: 'file', name: 'iris.csv', source: [fs.readFileSync(IRIS)] }]);
  const scenario = await createScenario(owner, dataset.id, { name: 'Forget a fifth', category: 'privacy', seed: 5, selector: { kind: 'randomFraction', fraction: 0.2 } });
  const ownerToken = await tokenFor(owner);
  const created = await callRoute(createStudy, {
    method: 'POST',
    token: ownerToken,
    params: { teamId: team.id },
    body: { external: true, name: 'Our PyTorch method', description: 'Linear softmax model, 4 -> 3, trained with SGD in PyTorch.', scenarioId: scenario.id },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ external: true, runs: [], methods: [] });

  const res = await getPackage(new Request(`http://localhost/api/v1/scenarios/${scenario.id}/package`, { headers: { authorization: `Bearer ${ownerToken}` } }), { params: Promise.resolve({ scenarioId: scenario.id }) });
  const pkg = await packageArrays(new Uint8Array(await res.arrayBuffer()));
  const sequential = await createScenario(owner, dataset.id, { name: 'Three requests', category: 'privacy', seed: 3, selector: { kind: 'randomFraction', fraction: 0.2 }, requests: { kind: 'slices', count: 3 } });
  const { studyId: mixedStudyId } = await seedFinishedStudy({ teamId: team.id, createdBy: owner.id, scenarioId: scenario.id, name: 'Lethe study', seeds: 2, methods: ['finetune'], numClasses: 3, sizes: { forget: 20, retain: 80, test: 30 } });
  ctx = {
    teamId: team.id,
    studyId: (created.body as { id: string }).id,
    mixedStudyId,
    sequentialScenarioId: sequential.id,
    owner: ownerToken,
    researcher: await tokenFor(members.researcher),
    reviewer: await tokenFor(members.reviewer),
    outsider: await tokenFor((await makeTeam()).owner),
    pkg,
  };
}, 120_000);

/**
 * A linear model's logits in float64, rows in package order: the nearest-class-mean classifier
 * (z_c = x·μ_c − |μ_c|²/2, μ_c the class means of x_train), its weights perturbed per seed so
 * every uploaded model differs.
 */
function logits(x: Float32Array, seed: number, classes = ctx.pkg.classes): Float64Array {
  const { xTrain, yTrain, features: d } = ctx.pkg;
  const means = new Float64Array(classes * d);
  const counts = new Float64Array(classes);
  for (let i = 0; i < yTrain.length; i++) {
    const c = Number(yTrain[i]) % classes;
    counts[c]++;
    for (let j = 0; j < d; j++) means[c * d + j] += xTrain[i * d + j];
  }
  for (let c = 0; c < classes; c++) for (let j = 0; j < d; j++) means[c * d + j] = means[c * d + j] / Math.max(1, counts[c]) + 0.3 * Math.sin(1 + j * 3 + c * 7 + seed * 0.37);
  const rows = x.length / d;
  const out = new Float64Array(rows * classes);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < classes; c++) {
      let z = 0;
      for (let j = 0; j < d; j++) z += x[i * d + j] * means[c * d + j] - (means[c * d + j] * means[c * d + j]) / 2;
      out[i * classes + c] = z;
    }
  }
  return out;
}

/** The accuracy of those logits on chosen rows: argmax in float64 against the package labels. */
function accuracyOf(z: Float64Array, labels: BigInt64Array, rows: number[]): number {
  const k = ctx.pkg.classes;
  let correct = 0;
  for (const i of rows) {
    let best = 0;
    for (let c = 1; c < k; c++) if (z[i * k + c] > z[i * k + best]) best = c;
    if (BigInt(best) === labels[i]) correct++;
  }
  return correct / rows.length;
}

/** The nearest-class-mean classifier's weights as float32 (kernel features x classes, row-major, and bias). */
function linearWeights(seed: number, classes = ctx.pkg.classes): { kernel: Float32Array; bias: Float32Array } {
  const d = ctx.pkg.features;
  // The logits of `logits()` are linear in x: read the weights off it at x = 0 and the unit vectors.
  const probe = new Float32Array((d + 1) * d);
  for (let j = 0; j < d; j++) probe[(j + 1) * d + j] = 1;
  const z = logits(probe, seed, classes);
  const bias = Float32Array.from({ length: classes }, (_, c) => z[c]);
  const kernel = new Float32Array(d * classes);
  for (let j = 0; j < d; j++) for (let c = 0; c < classes; c++) kernel[j * classes + c] = z[(j + 1) * classes + c] - z[c];
  return { kernel, bias };
}

/** That classifier as an ONNX model, written by Lethe's own exporter (input "x", output "out0"); `features` may differ to make a bad model. */
function linearOnnx(seed: number, classes = ctx.pkg.classes, features = ctx.pkg.features): Uint8Array {
  const { kernel, bias } = linearWeights(seed, classes);
  const values = features === ctx.pkg.features ? kernel : new Float32Array(features * classes);
  return exportLogitsModel([{ spec: { kind: 'logistic' }, io: { inputShape: [features], numClasses: classes }, values: [values, bias] }]);
}

/**
 * The linear model behind a hostile front: x is tiled `repeats` times along its features (a
 * rows x (features * repeats) float32 tensor inside ONNX Runtime, ~1 GB for iris's training
 * rows), reduced to one column, multiplied by 0 and added back to x, so the logits are the
 * linear model's but computing them needs that huge intermediate tensor.
 */
function hugeIntermediateOnnx(seed: number, repeats = 500_000): Uint8Array {
  const { kernel, bias } = linearWeights(seed);
  const graph = buildLogitsGraph([{ spec: { kind: 'logistic' }, io: { inputShape: [ctx.pkg.features], numClasses: ctx.pkg.classes }, values: [kernel, bias] }]);
  const input = graph.inputs[0].name;
  const front = (name: string) => `hostile_${name}`;
  const nodes = graph.nodes.map((n) => ({ ...n, inputs: n.inputs.map((i) => (i === input ? front('x') : i)) }));
  return encodeOnnxModel({
    ...graph,
    initializers: [...graph.initializers, { name: front('repeats'), dims: [2], values: { int64: [1, repeats] } }, { name: front('zero'), dims: [], values: new Float32Array([0]) }],
    nodes: [
      { opType: 'Tile', inputs: [input, front('repeats')], outputs: [front('tiled')] },
      { opType: 'ReduceMax', inputs: [front('tiled')], outputs: [front('max')], attributes: { axes: [1], keepdims: 1 } },
      { opType: 'Mul', inputs: [front('max'), front('zero')], outputs: [front('nothing')] },
      { opType: 'Add', inputs: [input, front('nothing')], outputs: [front('x')] },
      ...nodes,
    ],
  });
}

function modelFiles(seed: number): Array<[string, Uint8Array]> {
  const k = ctx.pkg.classes;
  const train = logits(ctx.pkg.xTrain, seed);
  const test = logits(ctx.pkg.xTest, seed);
  return [
    ['logits_train', npyBytes(train, [train.length / k, k])],
    ['logits_test', npyBytes(test, [test.length / k, k])],
  ];
}

async function upload(token: string, options: unknown, files: Array<[string, Uint8Array]>, opts: { optionsLast?: boolean; studyId?: string } = {}) {
  const studyId = opts.studyId ?? ctx.studyId;
  const form = new FormData();
  if (!opts.optionsLast) form.append('options', JSON.stringify(options));
  for (const [name, bytes] of files) form.append(name, new Blob([bytes as Uint8Array<ArrayBuffer>]), `${name}.npy`);
  if (opts.optionsLast) form.append('options', JSON.stringify(options));
  const req = new Request(`http://localhost/api/v1/studies/${studyId}/external-runs`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const res = await POST(req, { params: Promise.resolve({ studyId }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; details: Record<string, unknown> } } };
}

interface RunBody {
  id: string;
  kind: string;
  variant: string;
  methodId: string | null;
  status: string;
  external: { method: string; codeUrl: string | null; files: Record<string, { sha256: string }>; uploadedBy: { email: string } };
  metrics: { accuracy: Record<string, number>; reference: { agreement: Record<string, number> } | null; timing: { seconds: number; retrainSeconds: number | null; speedup: number | null } | null };
}

const npy = (array: NpyArray, shape: number[]) => npyBytes(array, shape);

describe('external runs API', () => {
  it('scores uploaded logits with exactly the accuracies of the model that made them', async () => {
    const { yTrain, yTest, forget } = ctx.pkg;
    const forgetRows = Array.from(forget, Number);
    const inForget = new Set(forgetRows);
    const retainRows = Array.from({ length: yTrain.length }, (_, i) => i).filter((i) => !inForget.has(i));
    const testRows = Array.from({ length: yTest.length }, (_, i) => i);
    for (const seed of [0, 1]) {
      const retrain = await upload(ctx.researcher, { role: 'retrain', seed, description: 'retrained on the retain rows', seconds: 10 }, modelFiles(10 + seed));
      expect(retrain.status).toBe(201);
      const original = await upload(ctx.owner, { role: 'original', seed }, modelFiles(20 + seed));
      expect(original.status).toBe(201);
      const files = modelFiles(30 + seed);
      const unlearned = await upload(ctx.researcher, { role: 'unlearned', seed, method: 'Our method', codeUrl: 'https://example.org/our-method', seconds: 2 }, files);
      expect(unlearned.status).toBe(201);
      const run = unlearned.body as unknown as RunBody;
      expect(run).toMatchObject({ kind: 'unlearned', variant: 'external', methodId: 'Our method (external)', status: 'succeeded' });
      const train = logits(ctx.pkg.xTrain, 30 + seed);
      const test = logits(ctx.pkg.xTest, 30 + seed);
      // A model that learned something, so the check below compares informative numbers.
      expect(run.metrics.accuracy.test).toBeGreaterThan(0.6);
      expect(run.metrics.accuracy).toEqual({ forget: accuracyOf(train, yTrain, forgetRows), retain: accuracyOf(train, yTrain, retainRows), test: accuracyOf(test, yTest, testRows) });
      expect(run.metrics.reference?.agreement.test).toBeGreaterThanOrEqual(0);
      expect(run.metrics.timing).toEqual({ seconds: 2, retrainSeconds: 10, speedup: 5 });
      expect(run.external.method).toBe('Our method');
      expect(run.external.codeUrl).toBe('https://example.org/our-method');
      expect(run.external.files.logits_train.sha256).toBe(createHash('sha256').update(files[0][1]).digest('hex'));
      const retrainRun = retrain.body as unknown as RunBody;
      const retrainTrain = logits(ctx.pkg.xTrain, 10 + seed);
      expect(retrainRun.metrics.accuracy.forget).toBe(accuracyOf(retrainTrain, yTrain, forgetRows));
      expect(retrainRun.metrics.reference).toBeNull();
    }
    const study = await findStudy(ctx.studyId);
    const summary = study?.summary as { baselineVariant: string; methods: Array<{ methodId: string; seeds: number; distinguishability: { numModels: number } | null }>; perExampleBaselines: Array<{ original: unknown }> };
    expect(summary.baselineVariant).toBe('external');
    expect(summary.methods).toHaveLength(1);
    expect(summary.methods[0]).toMatchObject({ methodId: 'Our method (external)', seeds: 2, distinguishability: { numModels: 2 } });
    expect(summary.perExampleBaselines[0].original).not.toBeNull();
  }, 120_000);

  it('the results dashboard shows the external rows, the method measured against the uploaded retrain', async () => {
    const res = await callRoute(getResults, { token: ctx.reviewer, params: { studyId: ctx.studyId } });
    expect(res.status).toBe(200);
    const rows = (res.body as { table: { rows: Array<{ key: string; label: string; baselineKey: string | null; seeds: number[]; values: Record<string, { mean: number }> }> } }).table.rows;
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    expect([...byLabel.keys()].sort()).toEqual(['Original (external)', 'Our method (external)', 'Retrain (external)']);
    const method = byLabel.get('Our method (external)');
    expect(method?.baselineKey).toBe(byLabel.get('Retrain (external)')?.key);
    expect(method?.seeds).toEqual([0, 1]);
    const { yTest } = ctx.pkg;
    const testRows = Array.from({ length: yTest.length }, (_, i) => i);
    const expected = [30, 31].map((s) => accuracyOf(logits(ctx.pkg.xTest, s), yTest, testRows));
    expect(method?.values['accuracy.test'].mean).toBeCloseTo((expected[0] + expected[1]) / 2, 12);
  });

  it('the results export and the per-example export include the external runs', async () => {
    const fetchText = async (handler: typeof getExport, what: string) => {
      const req = new Request(`http://localhost/api/v1/studies/${ctx.studyId}/${what}`, { headers: { authorization: `Bearer ${ctx.reviewer}` } });
      const res = await handler(req, { params: Promise.resolve({ studyId: ctx.studyId }) });
      return { status: res.status, text: await res.text() };
    };
    const results = await fetchText(getExport, 'export?format=csv');
    expect(results.status).toBe(200);
    expect(results.text).toContain('Our method (external)');
    const perExample = await fetchText(getPerExample, 'per-example');
    expect(perExample.status).toBe(200);
    const lines = perExample.text.trim().split(/\r?\n/);
    // 6 runs (2 seeds x original, retrain, method), every forget, retain and test row of iris.
    expect(lines.length - 1).toBe(6 * (ctx.pkg.yTrain.length + ctx.pkg.yTest.length));
    expect(lines.filter((l) => l.includes(',external,')).length).toBe(lines.length - 1);
  });

  it('refuses every bad upload with a 4xx that names the problem, and stores nothing', async () => {
    const k = ctx.pkg.classes;
    const trainRows = ctx.pkg.yTrain.length;
    const testRows = ctx.pkg.yTest.length;
    const [train, test] = modelFiles(40);
    const before = (await listRuns(ctx.studyId)).length;
    const options = { role: 'retrain', seed: 7 };
    const cases: Array<{ status: number; message: RegExp; send: () => ReturnType<typeof upload> }> = [
      { status: 422, message: /logits_train\.npy: shape \(\d+, 3\) does not match the package; expected \(\d+, 3\)/, send: () => upload(ctx.owner, options, [['logits_train', npy(new Float64Array((trainRows - 1) * k), [trainRows - 1, k])], test]) },
      { status: 422, message: /logits_test\.npy: logits must be float32 or float64, the file holds int64/, send: () => upload(ctx.owner, options, [train, ['logits_test', npy(new BigInt64Array(testRows * k), [testRows, k])]]) },
      {
        status: 422,
        message: /logits_test\.npy: row 4, class 2 is NaN/,
        send: () => {
          const bad = new Float32Array(testRows * k);
          bad[4 * k + 2] = NaN;
          return upload(ctx.owner, options, [train, ['logits_test', npy(bad, [testRows, k])]]);
        },
      },
      { status: 422, message: /expected \(\d+, 3\)/, send: () => upload(ctx.owner, options, [train, ['logits_test', npy(new Float32Array(testRows * 2), [testRows, 2])]]) },
      { status: 422, message: /The file part logits_test is missing/, send: () => upload(ctx.owner, options, [train]) },
      { status: 400, message: /Send the "options" JSON part first/, send: () => upload(ctx.owner, options, [train, test], { optionsLast: true }) },
      { status: 422, message: /options\.method: An unlearned run needs a method label/, send: () => upload(ctx.owner, { role: 'unlearned', seed: 7 }, [train, test]) },
      { status: 422, message: /options\.role/, send: () => upload(ctx.owner, { role: 'teacher', seed: 7 }, [train, test]) },
      { status: 409, message: /Upload the retrain of seed 7 first/, send: () => upload(ctx.owner, { role: 'unlearned', seed: 7, method: 'Our method' }, [train, test]) },
      { status: 409, message: /already has an external retrain for seed 0/, send: () => upload(ctx.owner, { role: 'retrain', seed: 0 }, [train, test]) },
      { status: 422, message: /model\.onnx could not be loaded by ONNX Runtime/, send: () => upload(ctx.owner, options, [['model', new Uint8Array([1, 2, 3])]]) },
      { status: 422, message: /model\.onnx output "out0" is shaped \(\d+, 2\) for \d+ rows of x_train; it must be \(rows, 3\)/, send: () => upload(ctx.owner, options, [['model', linearOnnx(0, 2)]]) },
      { status: 422, message: /model\.onnx input "x" is shaped \(batch, 5\); it must be \(batch, 4\) with a dynamic batch dimension/, send: () => upload(ctx.owner, options, [['model', linearOnnx(0, 3, 5)]]) },
      { status: 400, message: /Send either one model \(\.onnx\) or logits_train and logits_test, not both/, send: () => upload(ctx.owner, options, [train, ['model', linearOnnx(0)]]) },
      // A header declaring 3 x 10^9 float64 values with no data: refused from the header, nothing allocated.
      { status: 413, message: /logits_train\.npy: shape \(1000000000, 3\) of <f8 is 24000000000 bytes; at most \d+ are accepted/, send: () => upload(ctx.owner, options, [['logits_train', npyHeaderFor('<f8', [1e9, 3])], test]) },
      {
        status: 422,
        message: /logits_test\.npy: the file has more data than its shape/,
        send: () => {
          const extra = new Uint8Array(test[1].length + 8);
          extra.set(test[1]);
          return upload(ctx.owner, options, [train, ['logits_test', extra]]);
        },
      },
      { status: 422, message: /bad_magic|not a NumPy \.npy file/, send: () => upload(ctx.owner, options, [train, ['logits_test', new TextEncoder().encode('1,2,3\n')]]) },
    ];
    for (const c of cases) {
      const res = await c.send();
      expect({ status: res.status, message: res.body.error?.message }).toEqual({ status: c.status, message: expect.stringMatching(c.message) });
    }
    expect((await listRuns(ctx.studyId)).length).toBe(before);
  }, 120_000);

  it('runs an uploaded ONNX model on the package arrays and scores its outputs', async () => {
    const model = linearOnnx(80);
    const res = await upload(ctx.researcher, { role: 'retrain', seed: 3, description: 'exported to ONNX' }, [['model', model]]);
    expect(res.status).toBe(201);
    const run = res.body as unknown as RunBody;
    const { yTrain, yTest, forget } = ctx.pkg;
    const forgetRows = Array.from(forget, Number);
    const inForget = new Set(forgetRows);
    const retainRows = Array.from({ length: yTrain.length }, (_, i) => i).filter((i) => !inForget.has(i));
    const { kernel, bias } = linearWeights(80);
    const z = (x: Float32Array) => {
      const d = ctx.pkg.features;
      const k = ctx.pkg.classes;
      const out = new Float64Array((x.length / d) * k);
      for (let i = 0; i < x.length / d; i++) for (let c = 0; c < k; c++) {
        let v = bias[c];
        for (let j = 0; j < d; j++) v += x[i * d + j] * kernel[j * k + c];
        out[i * k + c] = v;
      }
      return out;
    };
    expect(run.metrics.accuracy.test).toBeGreaterThan(0.6);
    expect(run.metrics.accuracy).toEqual({
      forget: accuracyOf(z(ctx.pkg.xTrain), yTrain, forgetRows),
      retain: accuracyOf(z(ctx.pkg.xTrain), yTrain, retainRows),
      test: accuracyOf(z(ctx.pkg.xTest), yTest, Array.from({ length: yTest.length }, (_, i) => i)),
    });
    expect(run.external.files.model.sha256).toBe(createHash('sha256').update(model).digest('hex'));
  });

  it('refuses a model whose inference needs more than LETHE_EXTERNAL_RUN_MEMORY_MB (422, nothing stored), and the next upload works', async () => {
    const before = (await listRuns(ctx.studyId)).length;
    const rssBefore = process.memoryUsage.rss();
    const refused = await upload(ctx.owner, { role: 'retrain', seed: 11 }, [['model', hugeIntermediateOnnx(81)]]);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toMatch(new RegExp(`^Running model\\.onnx on the package's arrays and scoring its outputs needs ~\\d+ MB, the limit is ${LIMIT_MB} MB: use a smaller model`));
    expect(refused.body.error?.details).toMatchObject({ field: 'model', reason: 'memory_limit', limitMb: LIMIT_MB });
    expect(Number(refused.body.error?.details.neededMb)).toBeGreaterThan(LIMIT_MB);
    expect((await listRuns(ctx.studyId)).length).toBe(before);
    // ONNX Runtime gave back what the model took: this process did not keep ~1 GB
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(512 * 1024 * 1024);

    const same = hugeIntermediateOnnx(81, 1);
    const ok = await upload(ctx.owner, { role: 'retrain', seed: 11 }, [['model', same]]);
    expect(ok.status).toBe(201);
    expect((ok.body as unknown as RunBody).metrics.accuracy.test).toBeGreaterThan(0.6);
    expect((await listRuns(ctx.studyId)).length).toBe(before + 1);
  }, 120_000);

  it('a reviewer cannot upload (403) and another team does not see the study (404)', async () => {
    const before = (await listRuns(ctx.studyId)).length;
    const reviewer = await upload(ctx.reviewer, { role: 'retrain', seed: 9 }, modelFiles(50));
    expect(reviewer.status).toBe(403);
    const outsider = await upload(ctx.outsider, { role: 'retrain', seed: 9 }, modelFiles(50));
    expect(outsider.status).toBe(404);
    expect((await listRuns(ctx.studyId)).length).toBe(before);
  });

  it('external runs added to a Lethe study are scored against their own retrains; the baseline stays Lethe\'s', async () => {
    for (const seed of [0, 1]) {
      expect((await upload(ctx.owner, { role: 'retrain', seed }, modelFiles(60 + seed), { studyId: ctx.mixedStudyId })).status).toBe(201);
      const res = await upload(ctx.owner, { role: 'unlearned', seed, method: 'Ours' }, modelFiles(70 + seed), { studyId: ctx.mixedStudyId });
      expect(res.status).toBe(201);
      expect((res.body as unknown as RunBody).metrics.reference).not.toBeNull();
    }
    const summary = (await findStudy(ctx.mixedStudyId))?.summary as { baselineVariant: string; methods: Array<{ methodId: string; seeds: number }> };
    expect(summary.baselineVariant).toBe('standard');
    expect(summary.methods.map((m) => [m.methodId, m.seeds]).sort()).toEqual([['Ours (external)', 2], ['finetune', 2]]);
  }, 120_000);

  it('a sequential scenario: request k is scored on forget_k of the package; a request that does not exist is refused', async () => {
    const scenarioId = ctx.sequentialScenarioId;
    const created = await callRoute(createStudy, { method: 'POST', token: ctx.owner, params: { teamId: ctx.teamId }, body: { external: true, name: 'Sequential', description: 'Same linear model', scenarioId } });
    expect(created.status).toBe(201);
    const studyId = (created.body as { id: string }).id;
    const res = await getPackage(new Request(`http://localhost/api/v1/scenarios/${scenarioId}/package`, { headers: { authorization: `Bearer ${ctx.owner}` } }), { params: Promise.resolve({ scenarioId }) });
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const forget2 = (await npyOf(files, 'forget_2.npy')) as BigInt64Array;
    const uploaded = await upload(ctx.owner, { role: 'retrain', seed: 0, request: 2 }, modelFiles(90), { studyId });
    expect(uploaded.status).toBe(201);
    const run = uploaded.body as unknown as RunBody & { requestIndex: number; metrics: { counts: Record<string, number> } };
    expect(run.requestIndex).toBe(1);
    expect(run.metrics.counts.forget).toBe(forget2.length);
    const forgetRows = Array.from(forget2, Number);
    expect(run.metrics.accuracy.forget).toBe(accuracyOf(logits(ctx.pkg.xTrain, 90), ctx.pkg.yTrain, forgetRows));
    const missing = await upload(ctx.owner, { role: 'retrain', seed: 0, request: 4 }, modelFiles(90), { studyId });
    expect(missing.status).toBe(422);
    expect(missing.body.error?.message).toBe('options.request: this scenario has 3 deletion requests; request 4 does not exist.');
  });

  it('an external study needs a description and a scenario of the team', async () => {
    const res = await callRoute(createStudy, { method: 'POST', token: ctx.owner, params: { teamId: ctx.teamId }, body: { external: true, name: 'No description', description: '', scenarioId: '00000000-0000-4000-8000-000000000000' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { details: { field: 'description' } } });
    const again = await callRoute(reproduce, { method: 'POST', token: ctx.owner, params: { studyId: ctx.studyId } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { message: expect.stringMatching(/external study cannot be reproduced/) } });
    const other = await callRoute(createStudy, { method: 'POST', token: ctx.owner, params: { teamId: ctx.teamId }, body: { external: true, name: 'Missing scenario', description: 'x', scenarioId: '00000000-0000-4000-8000-000000000000' } });
    expect(other.status).toBe(404);
  });

  it('takes the body the study page’s upload form builds (lib/studies/external-upload-form), and names a bad file at its entry', async () => {
    const post = (form: FormData) =>
      POST(new Request(`http://localhost/api/v1/studies/${ctx.studyId}/external-runs`, { method: 'POST', headers: { authorization: `Bearer ${ctx.researcher}` }, body: form }), { params: Promise.resolve({ studyId: ctx.studyId }) });
    const [[, train], [, test]] = modelFiles(60);
    const values = { role: 'retrain' as const, seed: '60', request: '1', method: 'left from an earlier choice', description: ' from the form ', codeUrl: '', seconds: '3.5' };
    const files = { kind: 'logits' as const, train: new Blob([train as Uint8Array<ArrayBuffer>]), test: new Blob([test as Uint8Array<ArrayBuffer>]), trainName: 'z_train.npy', testName: 'z_test.npy' };
    const ok = await post(externalRunFormData(externalRunOptionsOf(values, 1), files));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ kind: 'retrain', variant: 'external', seed: 60, external: { description: 'from the form', seconds: 3.5 } });

    const junk = new Blob([new TextEncoder().encode('this is not numpy data at all')]);
    const bad = await post(externalRunFormData(externalRunOptionsOf({ ...values, role: 'unlearned', method: 'Form method' }, 1), { ...files, train: junk }));
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { message: string; details: Record<string, unknown> } };
    expect(body.error.details.entry).toBe('logits_train.npy');
    expect(body.error.message).toMatch(/^logits_train\.npy is not a NumPy \.npy file/);
  });
});
