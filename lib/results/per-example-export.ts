/**
 * The per-example export of a study: every model's stored per-example outputs (φ and margin on
 * all forget rows and the fixed retain / test sample, with dataset row ids), so a reviewer can
 * re-score the study with any outside tool. Pure: models in, file contents out.
 *
 * - CSV, one line per (model, split, row): run_id, kind, variant, method, config, seed, request,
 *   split, row_id, label, phi, margin.
 * - NPY in a ZIP, per deletion request r and split s (forget, retain, test):
 *   request-{r}/{s}_row_ids.npy (int32, S), request-{r}/{s}_labels.npy (int32, S),
 *   request-{r}/{s}_phi.npy and request-{r}/{s}_margin.npy (float32, M × S, row m = model m of
 *   the request in manifest.json's order); manifest.json lists the models (run id, kind, method,
 *   config, seed) and the definitions. Written as a stream.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { npyChunks } from '@/lib/data/npy';
import type { PerExampleOutputs, PerExampleSplitName } from '@/lib/metrics/per-example-outputs';

export const PER_EXAMPLE_EXPORT_FORMAT = 'lethe.per-example.v1';
const SPLITS: readonly PerExampleSplitName[] = ['forget', 'retain', 'test'];

export interface ExportModel {
  runId: string;
  kind: string;
  variant: string;
  methodId: string | null;
  config: Record<string, unknown> | null;
  seed: number;
  requestIndex: number;
  outputs: PerExampleOutputs;
}

export const PER_EXAMPLE_DEFINITIONS = {
  phi: 'logit-scaled confidence log(p_y + 1e-45) - log(sum_{j != y} p_j + 1e-45) (LiRA, U-LiRA, NeurIPS-2023 forget quality)',
  margin: 'log(p_y + 1e-45) - max_{j != y} log(p_j + 1e-45); equals the logit margin z_y - max_{j != y} z_j for a single model (KLoM)',
  sample: 'every forget row; at most 1000 retain and 1000 test rows drawn with a fixed seed, the same rows for every model of a request',
  dtype: 'float32 values, int32 row ids and labels, little-endian',
} as const;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const PER_EXAMPLE_CSV_HEADER = ['run_id', 'kind', 'variant', 'method', 'config', 'seed', 'request', 'split', 'row_id', 'label', 'phi', 'margin'] as const;

/** The CSV, one chunk of text per model and split (the header first). */
export function* perExampleCsvChunks(models: readonly ExportModel[]): Generator<string> {
  yield PER_EXAMPLE_CSV_HEADER.join(',') + '\r\n';
  for (const m of models) {
    const fixed = [m.runId, m.kind, m.variant, m.methodId, m.config ? JSON.stringify(m.config) : null, m.seed, m.requestIndex].map(csvField).join(',');
    for (const s of SPLITS) {
      const split = m.outputs.splits[s];
      const lines: string[] = [];
      // float32 values written in their shortest round-tripping float32 form would need a
      // float32 printer; the float64 text of the float32 value is exact and parses back to it.
      for (let i = 0; i < split.rowIds.length; i++) lines.push(`${fixed},${s},${split.rowIds[i]},${split.labels[i]},${split.phi[i]},${split.margin[i]}`);
      if (lines.length) yield lines.join('\r\n') + '\r\n';
    }
  }
}

export interface NpyEntry {
  name: string;
  chunks: () => Iterable<Uint8Array>;
}

function sameRows(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The ZIP's entries (manifest first) and the models left out (rows differing from their request's). */
export function perExampleNpyEntries(models: readonly ExportModel[], study: { id: string; name: string }): { entries: NpyEntry[]; skipped: string[] } {
  const byRequest = new Map<number, ExportModel[]>();
  for (const m of models) byRequest.set(m.requestIndex, [...(byRequest.get(m.requestIndex) ?? []), m]);
  const entries: NpyEntry[] = [];
  const skipped: string[] = [];
  const requests: Array<{ requestIndex: number; models: Array<Omit<ExportModel, 'outputs'> & { index: number }>; splits: Record<string, { rows: number; splitSize: number }> }> = [];
  for (const [requestIndex, group] of [...byRequest.entries()].sort((a, b) => a[0] - b[0])) {
    const first = group[0].outputs;
    const kept = group.filter((m) => {
      const ok = SPLITS.every((s) => sameRows(m.outputs.splits[s].rowIds, first.splits[s].rowIds));
      if (!ok) skipped.push(m.runId);
      return ok;
    });
    const dir = `request-${requestIndex}`;
    for (const s of SPLITS) {
      const ref = first.splits[s];
      const n = ref.rowIds.length;
      const matrix = (field: 'phi' | 'margin') => {
        const out = new Float32Array(kept.length * n);
        kept.forEach((m, i) => out.set(m.outputs.splits[s][field], i * n));
        return out;
      };
      entries.push({ name: `${dir}/${s}_row_ids.npy`, chunks: () => npyChunks(ref.rowIds) });
      entries.push({ name: `${dir}/${s}_labels.npy`, chunks: () => npyChunks(ref.labels) });
      entries.push({ name: `${dir}/${s}_phi.npy`, chunks: () => npyChunks(matrix('phi'), [kept.length, n]) });
      entries.push({ name: `${dir}/${s}_margin.npy`, chunks: () => npyChunks(matrix('margin'), [kept.length, n]) });
    }
    requests.push({
      requestIndex,
      models: kept.map(({ outputs: _outputs, ...rest }, index) => ({ index, ...rest })),
      splits: Object.fromEntries(SPLITS.map((s) => [s, { rows: first.splits[s].rowIds.length, splitSize: first.splits[s].splitSize }])),
    });
  }
  const manifest = { format: PER_EXAMPLE_EXPORT_FORMAT, study, definitions: PER_EXAMPLE_DEFINITIONS, requests, skippedRuns: skipped };
  entries.unshift({ name: 'manifest.json', chunks: () => [new TextEncoder().encode(JSON.stringify(manifest, null, 2))] });
  return { entries, skipped };
}

/** The entries as a streamed ZIP (stored, not deflated: float data barely compresses). */
export function zipStream(entries: readonly NpyEntry[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      for (const entry of entries) {
        const file = new ZipPassThrough(entry.name);
        zip.add(file);
        for (const chunk of entry.chunks()) file.push(chunk);
        file.push(new Uint8Array(0), true);
      }
      zip.end();
    },
  });
}
