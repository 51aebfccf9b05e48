/**
 * Logits uploaded for an external run (a model trained outside Lethe): checked against what the
 * scenario package says they must be, then turned into the softmax probabilities every metric
 * in this folder takes. Pure.
 */
import { DataError } from '../data/errors';
import type { NpyRead } from '../data/npy';

/**
 * The logits as float64, rows x classes row-major, or a DataError naming the file and the rule
 * broken: a float dtype, shape (rows, numClasses), and finite values (the first bad row and
 * column, 0-based as NumPy counts, is named).
 */
export function checkedLogits(read: NpyRead, name: string, rows: number, numClasses: number): Float64Array {
  if (read.dtype === '<i8') {
    throw new DataError('unsupported_dtype', `${name}: logits must be float32 or float64, the file holds int64.`, { entry: name, found: read.dtype });
  }
  const shape = `(${read.shape.join(', ')}${read.shape.length === 1 ? ',' : ''})`;
  if (read.shape.length !== 2 || read.shape[0] !== rows || read.shape[1] !== numClasses) {
    throw new DataError(
      'shape_mismatch',
      `${name}: shape ${shape} does not match the package; expected (${rows}, ${numClasses}): one row per example in package order, one column per class.`,
      { entry: name, expected: `(${rows}, ${numClasses})`, found: shape },
    );
  }
  const values = read.data as Float32Array | Float64Array;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const row = Math.floor(i / numClasses);
      const column = i % numClasses;
      throw new DataError('not_finite', `${name}: row ${row}, class ${column} is ${String(values[i])}; every logit must be a finite number.`, { entry: name, row, value: String(values[i]) });
    }
  }
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/**
 * Softmax of the given rows of a logits matrix, computed in float64 (max subtracted first, so
 * large logits do not overflow) and stored float32 as lib/metrics expects. `positions` picks
 * and orders the rows (a split's rows inside the package arrays).
 */
export function softmaxRows(logits: Float64Array, numClasses: number, positions: ArrayLike<number>): Float32Array {
  const out = new Float32Array(positions.length * numClasses);
  const exps = new Float64Array(numClasses);
  for (let i = 0; i < positions.length; i++) {
    const base = positions[i] * numClasses;
    let max = -Infinity;
    for (let j = 0; j < numClasses; j++) max = Math.max(max, logits[base + j]);
    let sum = 0;
    for (let j = 0; j < numClasses; j++) {
      exps[j] = Math.exp(logits[base + j] - max);
      sum += exps[j];
    }
    for (let j = 0; j < numClasses; j++) out[i * numClasses + j] = exps[j] / sum;
  }
  return out;
}
