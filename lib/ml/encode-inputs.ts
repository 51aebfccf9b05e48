/**
 * Turns a dataset version's rows into the model's Float32 input matrix: numeric features
 * standardised with mean/std of the training rows, categoricals one-hot, image pixels
 * scaled to [0, 1] (NHWC). The stats are returned so retain/forget/test rows are encoded
 * exactly like the training rows.
 */
import type { DatasetArrays } from '../data/types';

export type EncodingStats =
  | {
      kind: 'tabular';
      columns: (
        | { name: string; type: 'numeric'; mean: number; std: number }
        | { name: string; type: 'categorical'; categories: number }
      )[];
      width: number;
    }
  | {
      kind: 'image';
      height: number;
      width: number;
      channels: number;
      /** Pixels as one flat vector per image (for logistic regression and MLPs) instead of [h, w, c]. */
      flat?: boolean;
    };

export interface EncodedInputs {
  /** Row-major [rows x prod(inputShape)]. */
  matrix: Float32Array;
  rows: number;
  /** [features] for tabular data, [height, width, channels] for images. */
  inputShape: number[];
  stats: EncodingStats;
}

/** Mean/std per numeric column over `trainRows` (missing values, NaN, are skipped). */
export function computeEncodingStats(data: DatasetArrays, trainRows: Int32Array): EncodingStats {
  if (data.kind === 'image') {
    if (!data.imageShape || !data.pixels) throw new Error('image dataset without pixels or imageShape');
    return { kind: 'image', height: data.imageShape.height, width: data.imageShape.width, channels: data.imageShape.channels };
  }
  let width = 0;
  const columns = data.columns.map((column) => {
    if (column.type === 'categorical') {
      width += column.categories.length;
      return { name: column.name, type: 'categorical' as const, categories: column.categories.length };
    }
    let sum = 0;
    let count = 0;
    for (const row of trainRows) {
      const v = column.values[row];
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    const mean = count ? sum / count : 0;
    let squares = 0;
    for (const row of trainRows) {
      const v = column.values[row];
      if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
    }
    const std = count ? Math.sqrt(squares / count) : 0;
    width += 1;
    // a constant column gets std 1 so it encodes to 0 instead of dividing by zero
    return { name: column.name, type: 'numeric' as const, mean, std: std > 1e-12 ? std : 1 };
  });
  return { kind: 'tabular', columns, width };
}

/**
 * The encoding a model of `spec` reads: images stay [h, w, c] for a CNN and become flat pixel
 * vectors for logistic regression and MLPs (which see an image as its pixels in a row).
 */
export function encodingForSpec(stats: EncodingStats, spec: { kind: string }): EncodingStats {
  return stats.kind === 'image' && spec.kind !== 'cnn' ? { ...stats, flat: true } : stats;
}

/** The shape of one encoded row: [h, w, c] for a CNN's images, else a flat vector. */
export function encodedShape(stats: EncodingStats): number[] {
  if (stats.kind === 'image') return stats.flat ? [stats.height * stats.width * stats.channels] : [stats.height, stats.width, stats.channels];
  return [stats.width];
}

/** Encodes `rows` with `stats` (computed from these rows when omitted: pass it for non-training rows). */
export function encodeInputs(data: DatasetArrays, rows: Int32Array, stats: EncodingStats = computeEncodingStats(data, rows)): EncodedInputs {
  const inputShape = encodedShape(stats);
  const matrix = new Float32Array(rows.length * inputShape.reduce((a, b) => a * b, 1));
  encodeInputsInto(data, rows, stats, matrix);
  return { matrix, rows: rows.length, inputShape, stats };
}

/**
 * Writes the encoding of `rows` into `matrix` (rows x the encoded width, row-major), every
 * element: it may be uninitialised memory, such as a tensor's in the wasm heap.
 */
export function encodeInputsInto(data: DatasetArrays, rows: Int32Array, stats: EncodingStats, matrix: Float32Array): void {
  if (stats.kind === 'image') {
    const { height, width, channels } = stats;
    const pixels = data.pixels;
    if (!pixels) throw new Error('image stats given for a dataset without pixels');
    const size = height * width * channels;
    // bytes to floats by the engine's own conversion (exact for 0-255), then one scaling pass:
    // the same values as dividing each byte, in about 60% of the time for a large set
    for (let r = 0; r < rows.length; r++) matrix.set(pixels.subarray(rows[r] * size, (rows[r] + 1) * size), r * size);
    const end = rows.length * size;
    for (let k = 0; k < end; k++) matrix[k] /= 255;
    return;
  }
  if (stats.columns.length !== data.columns.length) throw new Error(`stats describe ${stats.columns.length} columns, dataset has ${data.columns.length}`);
  const width = stats.width;
  // one-hot columns set only their category's 1
  matrix.fill(0, 0, rows.length * width);
  let offset = 0;
  data.columns.forEach((column, c) => {
    const stat = stats.columns[c];
    if (column.type === 'numeric' && stat.type === 'numeric') {
      for (let r = 0; r < rows.length; r++) {
        const v = column.values[rows[r]];
        // missing values encode to the training mean, i.e. 0 after standardising
        matrix[r * width + offset] = Number.isFinite(v) ? (v - stat.mean) / stat.std : 0;
      }
      offset += 1;
    } else if (column.type === 'categorical' && stat.type === 'categorical') {
      for (let r = 0; r < rows.length; r++) {
        const code = column.codes[rows[r]];
        // unseen or missing categories (code outside the stats) encode to all zeros
        if (code >= 0 && code < stat.categories) matrix[r * width + offset + code] = 1;
      }
      offset += stat.categories;
    } else {
      throw new Error(`column ${column.name} is ${column.type} but the stats say ${stat.type}`);
    }
  });
}

/** Labels of `rows`, in row order. */
export function labelsOf(data: DatasetArrays, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = data.labels[rows[i]];
  return out;
}
