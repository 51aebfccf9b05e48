/**
 * GET /api/v1/scenarios/{id}/package on Iris with a class scenario and a sequential one:
 * the ZIP's entries, manifest shapes and SHA-256 agree with the arrays, the encoding equals the
 * training path's (computeEncodingStats over the training split), the forget positions select
 * the scenario's forget rows, numpy reads every array back exactly, CSV form, 404 for another
 * team, 422 for a bad format.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '@/db/queries/scenarios';
import { loadDatasetArrays } from '@/lib/datasets/dataset-cache';
import { createScenario } from '@/lib/datasets/scenarios';
import { computeEncodingStats, encodeInputs } from '@/lib/ml/encode-inputs';
import { resolveScenario, type ScenarioSpec } from '@/lib/scenarios';
import { callRoute, irisForgetSetosa, makeTeam, tokenFor } from '@/test/factories';
import { GET } from './route';

const numpyAvailable = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

let ctx: { classScenario: string; sequential: string; reviewer: string; outsider: string };

beforeAll(async () => {
  const { team, owner, members } = await makeTeam(['reviewer']);
  const { dataset, scenario: classScenario } = await irisForgetSetosa(owner, team);
  const sequential = await createScenario(owner, dataset.id, {
    name: 'Three requests',
    category: 'privacy',
    seed: 3,
    selector: { kind: 'randomFraction', fraction: 0.2 },
    requests: { kind: 'slices', count: 3 },
  });
  ctx = { classScenario: classScenario.id, sequential: sequential.id, reviewer: await tokenFor(members.reviewer), outsider: await tokenFor((await makeTeam()).owner) };
}, 120_000);

async function download(scenarioId: string, format: string | null, token: string) {
  const url = `http://localhost/api/v1/scenarios/${scenarioId}/package${format ? `?format=${format}` : ''}`;
  const res = await GET(new Request(url, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ scenarioId }) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
}

interface Manifest {
  classNames: string[];
  split: { train: number; test: number };
  encoding: { kind: string; columns: Array<{ name: string; mean?: number; std?: number }> };
  forget: { forgetSetHash: string; requests: Array<{ request: number; rows: number; file: string }> };
  files: Array<{ file: string; shape: number[]; dtype: string; sha256: string; bytes: number }>;
}

/** The data of an .npy file (header parsed just enough to find where it starts and its dtype). */
function npyData(bytes: Uint8Array): { descr: string; shape: number[]; data: Uint8Array } {
  const headerLength = bytes[8] + 256 * bytes[9];
  const header = new TextDecoder().decode(bytes.slice(10, 10 + headerLength));
  const descr = /'descr': '([^']+)'/.exec(header)?.[1] ?? '';
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr, shape, data: bytes.slice(10 + headerLength) };
}

async function expected(scenarioId: string) {
  const scenario = await findScenario(scenarioId);
  if (!scenario) throw new Error('scenario vanished');
  const { dataset } = await loadDatasetArrays(scenario.datasetVersionId);
  const resolved = resolveScenario(dataset, scenario.spec as ScenarioSpec);
  const train = resolved.dataset.split.train;
  const stats = computeEncodingStats(resolved.dataset, train);
  return { resolved, train, test: resolved.testRows, stats, xTrain: encodeInputs(resolved.dataset, train, stats).matrix, xTest: encodeInputs(resolved.dataset, resolved.testRows, stats).matrix };
}

describe('scenario package API', () => {
  it('NPY: every array, hashes and shapes in the manifest agree, encoded like the training path', async () => {
    const res = await download(ctx.classScenario, null, ctx.reviewer);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    const files = unzipSync(res.bytes);
    expect(Object.keys(files).sort()).toEqual(['forget.npy', 'manifest.json', 'row_ids_test.npy', 'row_ids_train.npy', 'x_test.npy', 'x_train.npy', 'y_test.npy', 'y_train.npy']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    expect(manifest.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    for (const f of manifest.files) {
      const bytes = files[f.file];
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
      const npy = npyData(bytes);
      expect(npy.descr).toBe(f.dtype);
      expect(npy.shape).toEqual(f.shape);
    }
    const want = await expected(ctx.classScenario);
    expect(manifest.split).toMatchObject({ train: want.train.length, test: want.test.length });
    expect(manifest.forget.forgetSetHash).toBe(want.resolved.forgetSetHash);
    const x = npyData(files['x_train.npy']);
    expect(x.shape).toEqual([want.train.length, 4]);
    expect(Array.from(new Float32Array(x.data.slice().buffer))).toEqual(Array.from(want.xTrain));
    expect(Array.from(new Float32Array(npyData(files['x_test.npy']).data.slice().buffer))).toEqual(Array.from(want.xTest));
    const stats = want.stats;
    if (stats.kind !== 'tabular') throw new Error('iris is tabular');
    expect(manifest.encoding.columns.map((c) => c.mean)).toEqual(stats.columns.map((c) => (c.type === 'numeric' ? c.mean : undefined)));
    const rowIds = new BigInt64Array(npyData(files['row_ids_train.npy']).data.slice().buffer);
    const yTrain = new BigInt64Array(npyData(files['y_train.npy']).data.slice().buffer);
    const forget = new BigInt64Array(npyData(files['forget.npy']).data.slice().buffer);
    expect(Array.from(rowIds, Number)).toEqual(Array.from(want.train));
    expect(Array.from(forget, (p) => Number(rowIds[Number(p)]))).toEqual(Array.from(want.resolved.forgetRows));
    // A class scenario forgets exactly the setosa training rows.
    expect(forget.length).toBe(Array.from(yTrain).filter((y) => y === 0n).length);
    expect(Array.from(forget, (p) => yTrain[Number(p)]).every((y) => y === 0n)).toBe(true);
  });

  it('a sequential scenario has forget_<k>.npy per request, cumulative and nested', async () => {
    const res = await download(ctx.sequential, 'npy', ctx.reviewer);
    expect(res.status).toBe(200);
    const files = unzipSync(res.bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Manifest;
    const want = await expected(ctx.sequential);
    expect(want.resolved.requests.length).toBe(3);
    expect(manifest.forget.requests.map((r) => r.file)).toEqual(['forget_1.npy', 'forget_2.npy', 'forget_3.npy']);
    const rowIds = new BigInt64Array(npyData(files['row_ids_train.npy']).data.slice().buffer);
    want.resolved.requests.forEach((rows, k) => {
      const positions = new BigInt64Array(npyData(files[`forget_${k + 1}.npy`]).data.slice().buffer);
      expect(Array.from(positions, (p) => Number(rowIds[Number(p)]))).toEqual(Array.from(rows));
    });
    expect(Array.from(new BigInt64Array(npyData(files['forget.npy']).data.slice().buffer))).toEqual(
      Array.from(new BigInt64Array(npyData(files['forget_3.npy']).data.slice().buffer)),
    );
  });

  it.skipIf(!numpyAvailable)('numpy.load reads every array back exactly and the forget positions select the forget rows (skipped when numpy is missing)', async () => {
    const res = await download(ctx.sequential, 'npy', ctx.reviewer);
    const files = unzipSync(res.bytes);
    const want = await expected(ctx.sequential);
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'lethe-package-'));
    try {
      for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
      // What numpy must find: the float32 bit patterns of x_train (as uint32) and the row ids of each request.
      fs.writeFileSync(
        path.join(dir, 'expected.json'),
        JSON.stringify({
          xTrainBits: Array.from(new Uint32Array(want.xTrain.buffer)),
          requests: want.resolved.requests.map((r) => Array.from(r)),
          labels: Array.from(want.train, (r) => want.resolved.dataset.labels[r]),
        }),
      );
      const script = [
        'import json, hashlib, sys, numpy as np',
        `d = ${JSON.stringify(dir)}`,
        "m = json.load(open(d + '/manifest.json'))",
        "e = json.load(open(d + '/expected.json'))",
        'for f in m["files"]:',
        "    a = np.load(d + '/' + f['file'], allow_pickle=False)",
        "    assert list(a.shape) == f['shape'], (f['file'], a.shape)",
        "    assert a.dtype == np.dtype(f['dtype']), (f['file'], a.dtype)",
        "x = np.load(d + '/x_train.npy')",
        "assert x.dtype == np.float32 and x.view(np.uint32).ravel().tolist() == e['xTrainBits']",
        "ids = np.load(d + '/row_ids_train.npy')",
        "y = np.load(d + '/y_train.npy')",
        "assert y.dtype == np.int64 and y.tolist() == e['labels']",
        'for k, rows in enumerate(e["requests"]):',
        "    f = np.load(d + '/forget_%d.npy' % (k + 1))",
        "    assert f.dtype == np.int64 and ids[f].tolist() == rows, k",
        "    assert x[f].shape == (len(rows), x.shape[1])",
        "print('ok')",
      ].join('\n');
      const run = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('ok');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CSV: train.csv / test.csv with row_id, the encoded features and label; forget.csv per request', async () => {
    const res = await download(ctx.classScenario, 'csv', ctx.reviewer);
    expect(res.status).toBe(200);
    const files = unzipSync(res.bytes);
    expect(Object.keys(files).sort()).toEqual(['forget.csv', 'manifest.json', 'test.csv', 'train.csv']);
    const want = await expected(ctx.classScenario);
    const train = new TextDecoder().decode(files['train.csv']).trim().split('\r\n');
    expect(train[0].split(',')[0]).toBe('row_id');
    expect(train[0].split(',').at(-1)).toBe('label');
    expect(train.length - 1).toBe(want.train.length);
    const first = train[1].split(',');
    expect(Number(first[0])).toBe(want.train[0]);
    expect(first.slice(1, 5).map((v) => Math.fround(Number(v)))).toEqual(Array.from(want.xTrain.subarray(0, 4)));
    const forget = new TextDecoder().decode(files['forget.csv']).trim().split('\r\n');
    expect(forget[0]).toBe('request,position,row_id');
    expect(forget.slice(1).map((l) => Number(l.split(',')[2]))).toEqual(Array.from(want.resolved.forgetRows));
  });

  it('another team gets 404, a bad format 422 naming the field', async () => {
    expect((await download(ctx.classScenario, 'npy', ctx.outsider)).status).toBe(404);
    const bad = await callRoute(GET, { token: ctx.reviewer, params: { scenarioId: ctx.classScenario }, url: `http://localhost/api/v1/scenarios/${ctx.classScenario}/package?format=xml` });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: { code: 'validation', details: { field: 'format' } } });
  });
});
