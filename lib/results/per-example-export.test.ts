import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PER_EXAMPLE_FORMAT, PER_EXAMPLE_SAMPLE_SEED, type PerExampleOutputs } from '@/lib/metrics/per-example-outputs';
import { parseCsv } from './export';
import { PER_EXAMPLE_CSV_HEADER, perExampleCsvChunks, perExampleNpyEntries, zipStream, type ExportModel } from './per-example-export';

const numpyAvailable = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

function outputs(offset: number): PerExampleOutputs {
  const split = (ids: number[]) => ({
    rowIds: Int32Array.from(ids),
    labels: Int32Array.from(ids, (r) => r % 3),
    phi: Float32Array.from(ids, (r) => r / 7 + offset),
    margin: Float32Array.from(ids, (r) => -r / 3 - offset),
    splitSize: ids.length + 10,
  });
  return { format: PER_EXAMPLE_FORMAT, numClasses: 3, sampleSeed: PER_EXAMPLE_SAMPLE_SEED, splits: { forget: split([5, 9]), retain: split([1, 2, 3]), test: split([40, 41]) } };
}

const models: ExportModel[] = [
  { runId: 'r-orig', kind: 'original', variant: 'standard', methodId: null, config: null, seed: 1, requestIndex: 0, outputs: outputs(0) },
  { runId: 'r-ft', kind: 'unlearned', variant: 'standard', methodId: 'finetune', config: { epochs: 2, note: 'a,b' }, seed: 1, requestIndex: 0, outputs: outputs(0.5) },
];

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('per-example export', () => {
  it('CSV: one line per model, split and row, values parse back to the float32 numbers', () => {
    const rows = parseCsv([...perExampleCsvChunks(models)].join(''));
    expect(rows[0]).toEqual([...PER_EXAMPLE_CSV_HEADER]);
    expect(rows.length).toBe(1 + 2 * 7);
    const ft = rows.find((r) => r[0] === 'r-ft' && r[7] === 'retain' && r[8] === '2')!;
    expect(ft[4]).toBe('{"epochs":2,"note":"a,b"}');
    expect(Math.fround(Number(ft[10]))).toBe(Math.fround(2 / 7 + 0.5));
    expect(Number(ft[9])).toBe(2);
  });

  it.skipIf(!numpyAvailable)('NPY ZIP: numpy reads every array back exactly, models in manifest order (skipped without numpy)', async () => {
    const { entries, skipped } = perExampleNpyEntries(models, { id: 'study-1', name: 'S' });
    expect(skipped).toEqual([]);
    const zip = await collect(zipStream(entries));
    const dir = mkdtempSync(join(tmpdir(), 'lethe-pe-'));
    try {
      writeFileSync(join(dir, 'export.zip'), zip);
      const script = [
        'import io, json, sys, zipfile, numpy as np',
        'z = zipfile.ZipFile(sys.argv[1])',
        'm = json.loads(z.read("manifest.json"))',
        'phi = np.load(io.BytesIO(z.read("request-0/forget_phi.npy")))',
        'ids = np.load(io.BytesIO(z.read("request-0/test_row_ids.npy")))',
        'print(json.dumps({"models": [x["runId"] for x in m["requests"][0]["models"]], "phi": phi.tolist(), "dtype": phi.dtype.str, "ids": ids.tolist(), "names": sorted(z.namelist())[:3]}))',
      ].join('\n');
      const r = JSON.parse(execFileSync('python3', ['-c', script, join(dir, 'export.zip')]).toString());
      expect(r.models).toEqual(['r-orig', 'r-ft']);
      expect(r.dtype).toBe('<f4');
      expect(r.phi).toEqual([[Math.fround(5 / 7), Math.fround(9 / 7)], [Math.fround(5 / 7 + 0.5), Math.fround(9 / 7 + 0.5)]]);
      expect(r.ids).toEqual([40, 41]);
      expect(r.names).toEqual(['manifest.json', 'request-0/forget_labels.npy', 'request-0/forget_margin.npy']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves out a model whose rows differ from its request and says so', () => {
    const odd = { ...models[1], runId: 'r-odd', outputs: { ...outputs(1), splits: { ...outputs(1).splits, test: { ...outputs(1).splits.test, rowIds: Int32Array.from([40, 42]) } } } };
    expect(perExampleNpyEntries([models[0], odd], { id: 's', name: 'S' }).skipped).toEqual(['r-odd']);
  });
});
