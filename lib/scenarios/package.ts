/**
 * A scenario package: the exact arrays a scenario defines, for people who run their own code
 * elsewhere (issue 16). Pure: a resolved scenario in, ZIP entries out (each a lazy generator of
 * byte chunks), so the route can stream them.
 *
 * NPY form: x_train.npy (float32, encoded exactly as Lethe's models see the data: the run's
 * encoding, statistics from the training split), y_train.npy (int64 class indices),
 * x_test.npy, y_test.npy, row_ids_train.npy, row_ids_test.npy (int64 dataset row ids),
 * forget.npy (int64 positions into the training arrays: the whole, final forget set) and, for a
 * sequential scenario, forget_<k>.npy (k = 1..K, the cumulative forget set after request k, as
 * Lethe's runs see it). CSV form: train.csv / test.csv (row_id, encoded features, label) and
 * forget.csv (request, position, row_id).
 *
 * manifest.json comes last: it holds every file's SHA-256, which is computed while the file
 * streams, so no array needs to be held twice. Memory bound: the dataset (already decoded and
 * cached), the row lists, and one block of PACKAGE_BLOCK_ROWS encoded rows at a time (plus
 * the 64 KiB NPY slices); x_train is never materialised whole.
 */
import { createHash, type Hash } from 'node:crypto';
import { npyDataChunks, npyHeaderFor, type NpyDescr } from '@/lib/data/npy';
import type { DatasetArrays } from '@/lib/data/types';
import type { ZipEntry } from '@/lib/data/zip/zip-pull-stream';
import { computeEncodingStats, encodeInputs, type EncodingStats } from '@/lib/ml/encode-inputs';
import type { ResolvedScenario } from './resolve';

export const SCENARIO_PACKAGE_FORMAT = 'lethe.scenario-package.v1';
/** Rows encoded per block while streaming x_train / x_test / the CSV files. */
export const PACKAGE_BLOCK_ROWS = 256;

export type PackageFormat = 'npy' | 'csv';

export type PackageEntry = ZipEntry;

export interface PackageSource {
  scenario: { id: string; name: string; category: string; forgetSetHash: string };
  dataset: { id: string; name: string; versionId: string; version: number; hash: string; splitSeed: number | null; trainFraction: number | null };
  resolved: ResolvedScenario;
}

interface ArrayRecord {
  file: string;
  shape: number[];
  dtype: NpyDescr | 'csv';
  sha256: string;
  bytes: number;
}

/** Positions of `rows` (sorted ids) inside `train` (sorted ids); every row must be a training row. */
export function positionsIn(train: Int32Array, rows: Int32Array): BigInt64Array {
  const out = new BigInt64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let lo = 0;
    let hi = train.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (train[mid] === rows[i]) {
        found = mid;
        break;
      }
      if (train[mid] < rows[i]) lo = mid + 1;
      else hi = mid - 1;
    }
    if (found < 0) throw new Error(`forget row ${rows[i]} is not a training row`);
    out[i] = BigInt(found);
  }
  return out;
}

function int64(values: Int32Array): BigInt64Array {
  return BigInt64Array.from(values, (v) => BigInt(v));
}

/** The encoding in words a reader can re-implement: per column statistics or the image layout. */
function encodingDescription(stats: EncodingStats, data: DatasetArrays) {
  if (stats.kind === 'image') {
    return {
      kind: 'image',
      imageShape: { height: stats.height, width: stats.width, channels: stats.channels },
      channelOrder: 'NHWC (rows, height, width, channels)',
      scaling: 'pixel / 255 (uint8 to [0, 1])',
      flatModels: 'logistic regression and MLP models read x.reshape(len(x), -1); CNNs read x as it is',
    };
  }
  let offset = 0;
  const columns = stats.columns.map((c, i) => {
    const column = data.columns[i];
    if (c.type === 'numeric') {
      const out = { name: c.name, type: 'numeric', offset, mean: c.mean, std: c.std, formula: '(value - mean) / std; missing values encode to 0' };
      offset += 1;
      return out;
    }
    const categories = column.type === 'categorical' ? column.categories.slice(0, c.categories) : [];
    const out = { name: c.name, type: 'categorical', offset, width: c.categories, oneHot: categories, formula: 'one-hot in the oneHot order; missing or unseen categories encode to all zeros' };
    offset += c.categories;
    return out;
  });
  return { kind: 'tabular', width: stats.width, statisticsFrom: 'the training split (x_train rows)', columns };
}

/** Column names of the encoded features (CSV header). */
function featureNames(stats: EncodingStats, data: DatasetArrays): string[] {
  if (stats.kind === 'image') {
    const names: string[] = [];
    for (let y = 0; y < stats.height; y++) for (let x = 0; x < stats.width; x++) for (let c = 0; c < stats.channels; c++) names.push(`px_${y}_${x}_${c}`);
    return names;
  }
  return stats.columns.flatMap((c, i) => {
    const column = data.columns[i];
    if (c.type === 'numeric') return [c.name];
    const categories = column.type === 'categorical' ? column.categories : [];
    return Array.from({ length: c.categories }, (_, k) => `${c.name}=${categories[k] ?? k}`);
  });
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Encoded rows in blocks, never the whole matrix. */
function* encodedBlocks(data: DatasetArrays, rows: Int32Array, stats: EncodingStats): Generator<{ start: number; matrix: Float32Array; width: number }> {
  for (let start = 0; start < rows.length; start += PACKAGE_BLOCK_ROWS) {
    const block = encodeInputs(data, rows.subarray(start, Math.min(rows.length, start + PACKAGE_BLOCK_ROWS)), stats);
    yield { start, matrix: block.matrix, width: block.inputShape.reduce((a, b) => a * b, 1) };
  }
}

/** Wraps a chunk generator so its SHA-256 and size land in `record` once it is fully read. */
function* hashed(chunks: Iterable<Uint8Array>, record: ArrayRecord): Generator<Uint8Array> {
  const hash: Hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    bytes += chunk.length;
    yield chunk;
  }
  record.sha256 = hash.digest('hex');
  record.bytes = bytes;
}

/** Bytes of x_train.npy plus x_test.npy: a lower bound of the NPY package's size. */
export function packageFloatBytes(resolved: ResolvedScenario): number {
  const data = resolved.dataset;
  const stats = computeEncodingStats(data, data.split.train.subarray(0, 0));
  const width = stats.kind === 'image' ? stats.height * stats.width * stats.channels : stats.width;
  return (data.split.train.length + resolved.testRows.length) * width * 4;
}

/** The package's entries, manifest.json last (it carries the hashes computed while streaming). */
export function scenarioPackageEntries(source: PackageSource, format: PackageFormat): PackageEntry[] {
  const { resolved } = source;
  const data = resolved.dataset;
  const train = data.split.train;
  const test = resolved.testRows;
  const stats = computeEncodingStats(data, train);
  const sampleShape = stats.kind === 'image' ? [stats.height, stats.width, stats.channels] : [stats.width];
  const requests = resolved.requests.length ? resolved.requests : [resolved.forgetRows];
  const finalForget = requests[requests.length - 1];
  const records: ArrayRecord[] = [];
  const entries: PackageEntry[] = [];
  const add = (file: string, shape: number[], dtype: ArrayRecord['dtype'], chunks: () => Iterable<Uint8Array>) => {
    const record: ArrayRecord = { file, shape, dtype, sha256: '', bytes: 0 };
    records.push(record);
    entries.push({ name: file, chunks: () => hashed(chunks(), record) });
  };
  const npyMatrix = (rows: Int32Array) => () =>
    (function* () {
      yield npyHeaderFor('<f4', [rows.length, ...sampleShape]);
      for (const block of encodedBlocks(data, rows, stats)) yield* npyDataChunks(block.matrix);
    })();
  const npyVector = (values: () => BigInt64Array) => () =>
    (function* () {
      const array = values();
      yield npyHeaderFor('<i8', [array.length]);
      yield* npyDataChunks(array);
    })();
  const labels = (rows: Int32Array) => () => BigInt64Array.from(rows, (r) => BigInt(data.labels[r]));

  if (format === 'npy') {
    add('x_train.npy', [train.length, ...sampleShape], '<f4', npyMatrix(train));
    add('y_train.npy', [train.length], '<i8', npyVector(labels(train)));
    add('x_test.npy', [test.length, ...sampleShape], '<f4', npyMatrix(test));
    add('y_test.npy', [test.length], '<i8', npyVector(labels(test)));
    add('row_ids_train.npy', [train.length], '<i8', npyVector(() => int64(train)));
    add('row_ids_test.npy', [test.length], '<i8', npyVector(() => int64(test)));
    add('forget.npy', [finalForget.length], '<i8', npyVector(() => positionsIn(train, finalForget)));
    if (requests.length > 1) requests.forEach((forget, k) => add(`forget_${k + 1}.npy`, [forget.length], '<i8', npyVector(() => positionsIn(train, forget))));
  } else {
    const encoder = new TextEncoder();
    const names = featureNames(stats, data);
    const table = (rows: Int32Array) => () =>
      (function* () {
        yield encoder.encode(['row_id', ...names.map(csvField), 'label'].join(',') + '\r\n');
        for (const block of encodedBlocks(data, rows, stats)) {
          const lines: string[] = [];
          for (let i = 0; i < block.matrix.length / block.width; i++) {
            const row = rows[block.start + i];
            // The float64 text of a float32 value is exact and parses back to the same float32.
            lines.push(`${row},${Array.from(block.matrix.subarray(i * block.width, (i + 1) * block.width)).join(',')},${data.labels[row]}`);
          }
          if (lines.length) yield encoder.encode(lines.join('\r\n') + '\r\n');
        }
      })();
    add('train.csv', [train.length, names.length + 2], 'csv', table(train));
    add('test.csv', [test.length, names.length + 2], 'csv', table(test));
    const forgetRows = requests.reduce((n, r) => n + r.length, 0);
    add('forget.csv', [forgetRows, 3], 'csv', () =>
      (function* () {
        yield encoder.encode('request,position,row_id\r\n');
        for (let k = 0; k < requests.length; k++) {
          const positions = positionsIn(train, requests[k]);
          const lines = Array.from(requests[k], (row, i) => `${k + 1},${positions[i]},${row}`);
          if (lines.length) yield encoder.encode(lines.join('\r\n') + '\r\n');
        }
      })(),
    );
  }

  entries.push({
    name: 'manifest.json',
    chunks: () => {
      const manifest = {
        format: SCENARIO_PACKAGE_FORMAT,
        scenario: source.scenario,
        dataset: {
          ...source.dataset,
          kind: data.kind,
          rows: data.rowCount,
          poisoned: resolved.poisoned ? { rows: resolved.poisoned.rows.length, note: 'x_train holds the poisoned training data exactly as Lethe trains on it' } : null,
        },
        split: { seed: source.dataset.splitSeed, trainFraction: source.dataset.trainFraction, train: train.length, test: test.length },
        classNames: data.classNames,
        encoding: encodingDescription(stats, data),
        forget: {
          forgetSetHash: source.scenario.forgetSetHash,
          requests: requests.map((r, k) => ({ request: k + 1, rows: r.length, cumulative: true, file: format === 'npy' ? (requests.length > 1 ? `forget_${k + 1}.npy` : 'forget.npy') : 'forget.csv' })),
          positions: 'indices into the training arrays (x_train[forget]); row_ids_train maps them to dataset row ids',
        },
        files: records,
      };
      return [new TextEncoder().encode(JSON.stringify(manifest, null, 2))];
    },
  });
  return entries;
}
