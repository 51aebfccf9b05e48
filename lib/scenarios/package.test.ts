/**
 * The pure package assembly: image packages keep NHWC and scale pixels by 1/255 like the
 * training path, tabular one-hot columns follow the manifest's mapping, the poisoned copy is
 * what x_train holds for a security scenario, chunks stay small (the memory bound), and the
 * pull-based ZIP produces nothing before it is read.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NPY_CHUNK_BYTES } from '@/lib/data/npy';
import { zipPullStream } from '@/lib/data/zip/zip-pull-stream';
import { PACKAGE_BLOCK_ROWS, packageFloatBytes, positionsIn, scenarioPackageEntries, type PackageSource } from './package';
import { resolveScenario } from './resolve';
import type { ScenarioSpecInput } from './spec';
import { buildImageDataset, buildTabularDataset } from './test-fixtures';

function source(ds: ReturnType<typeof buildTabularDataset>, spec: ScenarioSpecInput): PackageSource {
  const resolved = resolveScenario(ds, spec);
  return {
    scenario: { id: 's1', name: 'test', category: resolved.category, forgetSetHash: resolved.forgetSetHash },
    dataset: { id: 'd1', name: 'fixture', versionId: 'v1', version: 1, hash: 'h', splitSeed: 0, trainFraction: 0.8 },
    resolved,
  };
}

function entryBytes(src: PackageSource, format: 'npy' | 'csv') {
  const out: Record<string, Uint8Array> = {};
  for (const e of scenarioPackageEntries(src, format)) out[e.name] = new Uint8Array(Buffer.concat([...e.chunks()])); // a plain copy: Buffer.slice would share memory
  return out;
}

const npyBody = (bytes: Uint8Array) => bytes.slice(10 + bytes[8] + 256 * bytes[9]);

describe('scenario package assembly', () => {
  it('images: x_train is (n, h, w, c) float32 pixel/255 in NHWC order, as the training path reads it', () => {
    const ds = buildImageDataset(3);
    const files = entryBytes(source(ds, { category: 'usability', seed: 1, selector: { kind: 'class', classes: ['one'] } }), 'npy');
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.encoding).toMatchObject({ kind: 'image', imageShape: { height: 6, width: 6, channels: 3 } });
    const train = ds.split.train;
    expect(manifest.files.find((f: { file: string }) => f.file === 'x_train.npy').shape).toEqual([train.length, 6, 6, 3]);
    const x = new Float32Array(npyBody(files['x_train.npy']).slice().buffer);
    const size = 6 * 6 * 3;
    const src = source(ds, { category: 'usability', seed: 1, selector: { kind: 'class', classes: ['one'] } });
    expect(packageFloatBytes(src.resolved)).toBe(npyBody(files['x_train.npy']).length + npyBody(files['x_test.npy']).length);
    // Row 1 of x_train, channel 2 of pixel (y=2, x=5): its source byte over 255.
    const offset = ((2 * 6 + 5) * 3 + 2);
    expect(x[size + offset]).toBe(Math.fround(ds.pixels![train[1] * size + offset] / 255));
  });

  it('tabular: standardised numerics and one-hot categoricals at the offsets the manifest states', () => {
    const ds = buildTabularDataset();
    const files = entryBytes(source(ds, { category: 'privacy', seed: 1, selector: { kind: 'class', classes: ['low'] } }), 'npy');
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const color = manifest.encoding.columns.find((c: { name: string }) => c.name === 'color');
    expect(color).toMatchObject({ type: 'categorical', offset: 2, width: 3, oneHot: ['red', 'green', 'blue'] });
    const age = manifest.encoding.columns[0];
    const x = new Float32Array(npyBody(files['x_train.npy']).slice().buffer);
    const row = ds.split.train[3];
    expect(x[3 * 5]).toBe(Math.fround((20 + row - age.mean) / age.std));
    expect(Array.from(x.subarray(3 * 5 + 2, 3 * 5 + 5))).toEqual([0, 1, 2].map((k) => (k === row % 3 ? 1 : 0)));
  });

  it('security: x_train and y_train are the poisoned training data, forget.npy the identified poison', () => {
    const ds = buildTabularDataset();
    const src = source(ds, { category: 'security', seed: 2, injection: { kind: 'labelFlip', fraction: 0.25, fromClass: 'low', toClass: 'high' } });
    const files = entryBytes(src, 'npy');
    const y = new BigInt64Array(npyBody(files['y_train.npy']).slice().buffer);
    const forget = new BigInt64Array(npyBody(files['forget.npy']).slice().buffer);
    const poisonedLabels = Array.from(src.resolved.dataset.split.train, (r) => BigInt(src.resolved.dataset.labels[r]));
    expect(Array.from(y)).toEqual(poisonedLabels);
    expect(forget.length).toBeGreaterThan(0);
    expect(Array.from(forget, (p) => y[Number(p)]).every((label) => label === 2n)).toBe(true);
  });

  it('streams in bounded chunks: no chunk over one NPY slice or one block of CSV rows', () => {
    const ds = buildImageDataset(3);
    const src = source(ds, { category: 'usability', seed: 1, selector: { kind: 'class', classes: ['one'] } });
    for (const format of ['npy', 'csv'] as const) {
      for (const e of scenarioPackageEntries(src, format)) {
        if (e.name === 'manifest.json') continue;
        for (const chunk of e.chunks()) expect(chunk.length).toBeLessThanOrEqual(Math.max(NPY_CHUNK_BYTES, PACKAGE_BLOCK_ROWS * 6 * 6 * 3 * 24));
      }
    }
  });

  it('positionsIn refuses a row that is not a training row', () => {
    expect(Array.from(positionsIn(Int32Array.from([1, 4, 9]), Int32Array.from([4, 9])))).toEqual([1n, 2n]);
    expect(() => positionsIn(Int32Array.from([1, 4, 9]), Int32Array.from([5]))).toThrow(/forget row 5 is not a training row/);
  });

  it('the ZIP is produced as it is read: nothing is encoded before the first read, all entries after the last', async () => {
    let produced = 0;
    const stream = zipPullStream([
      { name: 'a.bin', chunks: () => (function* () { for (let i = 0; i < 4; i++) { produced++; yield new Uint8Array(1000).fill(i); } })() },
      { name: 'b.txt', chunks: () => [new TextEncoder().encode('hello')] },
    ]);
    expect(produced).toBe(0);
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    const first = await reader.read();
    parts.push(first.value!);
    expect(produced).toBeLessThan(4);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    const files = unzipSync(Buffer.concat(parts));
    expect(files['a.bin'].length).toBe(4000);
    expect(files['a.bin'][3999]).toBe(3);
    expect(new TextDecoder().decode(files['b.txt'])).toBe('hello');
  });
});
