/**
 * A row set (train, retain, forget, test...) held on the backend as one input tensor and
 * one label tensor. Mini-batches are gathered by index from these, which on wasm is much
 * cheaper than slicing a big tensor inside each step (see notes/ml-engine.md).
 */
import * as tf from '@tensorflow/tfjs';
import { readValues, writeTensor } from './host-tensors';

export interface TensorSet {
  /** Inputs [size, ...inputShape]. */
  x: tf.Tensor;
  /** Class index per example, int32 [size]. */
  labels: tf.Tensor1D;
  /** The same labels in JS, for losses that rewrite them (random relabelling). */
  labelValues: Int32Array;
  /** Dataset row id of each example: position i in the set is row rowIds[i]. */
  rowIds: Int32Array;
  size: number;
  inputShape: number[];
}

/** One mini-batch drawn from a set. Its tensors belong to the step's tidy scope. */
export interface Batch {
  x: tf.Tensor;
  labels: tf.Tensor1D;
  /** Positions in the set, and the dataset row ids they stand for. */
  positions: Int32Array;
  rowIds: Int32Array;
  size: number;
}

/**
 * Uploads an encoded row set. `matrix` is row-major [rowIds.length x prod(inputShape)];
 * it is copied to the backend, so the caller may drop it afterwards.
 */
export function createTensorSet(matrix: Float32Array, inputShape: number[], labels: Int32Array, rowIds: Int32Array): TensorSet {
  const size = rowIds.length;
  const width = inputShape.reduce((a, b) => a * b, 1);
  if (matrix.length !== size * width) throw new Error(`matrix has ${matrix.length} values, expected ${size} x ${width}`);
  return tensorSetOf(tf.tensor(matrix, [size, ...inputShape], 'float32'), inputShape, labels, rowIds);
}

/**
 * A row set whose inputs `fill` writes straight into the backend's memory (every element of a
 * [rowIds.length x prod(inputShape)] matrix): on wasm no JavaScript copy of the matrix exists
 * at any moment, which for a large set is as much memory again as the tensor.
 */
export function fillTensorSet(inputShape: number[], labels: Int32Array, rowIds: Int32Array, fill: (matrix: Float32Array) => void): TensorSet {
  return tensorSetOf(writeTensor([rowIds.length, ...inputShape], fill), inputShape, labels, rowIds);
}

function tensorSetOf(x: tf.Tensor, inputShape: number[], labels: Int32Array, rowIds: Int32Array): TensorSet {
  const size = rowIds.length;
  if (labels.length !== size) {
    x.dispose();
    throw new Error(`got ${labels.length} labels for ${size} rows`);
  }
  return {
    x,
    labels: tf.tensor1d(labels, 'int32'),
    labelValues: Int32Array.from(labels),
    rowIds: Int32Array.from(rowIds),
    size,
    inputShape: [...inputShape],
  };
}

export function disposeTensorSet(set: TensorSet): void {
  set.x.dispose();
  set.labels.dispose();
}

/** Gathers the examples at `positions` (creates tensors: call inside tf.tidy). */
export function gatherBatch(set: TensorSet, positions: Int32Array): Batch {
  const index = tf.tensor1d(positions, 'int32');
  const rowIds = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) rowIds[i] = set.rowIds[positions[i]];
  return {
    x: tf.gather(set.x, index),
    labels: tf.gather(set.labels, index) as tf.Tensor1D,
    positions,
    rowIds,
    size: positions.length,
  };
}

/** The labels of the set's examples at `positions`. */
export function labelsAt(set: TensorSet, positions: Int32Array): Int32Array {
  const labels = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) labels[i] = set.labelValues[positions[i]];
  return labels;
}

export function rowWidth(set: TensorSet): number {
  return set.inputShape.reduce((a, b) => a * b, 1);
}

/**
 * The set's rows at `positions`, row-major, in the start of `out` (returned as that part), for
 * engines outside TensorFlow.js: one reused buffer instead of a new tensor a batch.
 */
export function copyRowsInto(set: TensorSet, positions: Int32Array, out: Float32Array): Float32Array {
  const width = rowWidth(set);
  const batch = out.subarray(0, positions.length * width);
  // a live view of the wasm heap: read before anything allocates a tensor
  const values = readValues(set.x);
  for (let i = 0; i < positions.length; i++) {
    const row = positions[i];
    if (!(row >= 0 && row < set.size)) throw new Error(`position ${row} is not in [0, ${set.size - 1}]`);
    batch.set(values.subarray(row * width, (row + 1) * width), i * width);
  }
  return batch;
}

/** A contiguous range [start, start + count) as a batch, by slicing (for evaluation). */
export function sliceBatch(set: TensorSet, start: number, count: number): Batch {
  const positions = new Int32Array(count);
  for (let i = 0; i < count; i++) positions[i] = start + i;
  const begin = [start, ...set.inputShape.map(() => 0)];
  return {
    x: tf.slice(set.x, begin, [count, ...set.inputShape]),
    labels: tf.slice(set.labels, [start], [count]),
    positions,
    rowIds: set.rowIds.slice(start, start + count),
    size: count,
  };
}

/**
 * Rows [start, start + count) of the set's inputs (row-major), for engines outside
 * TensorFlow.js. On wasm this is a live view of the heap, not a copy (copying 70,000 rows
 * cost as much CPU as ONNX Runtime's whole forward pass): use it before the next tensor
 * allocation, which may grow the heap and detach it, and never write into it. Elsewhere it is a copy.
 */
export function readRows(set: TensorSet, start: number, count: number): Float32Array {
  const width = set.inputShape.reduce((a, b) => a * b, 1);
  if (start < 0 || count < 0 || start + count > set.size) throw new Error(`rows [${start}, ${start + count}) are outside the set of ${set.size}`);
  if (tf.getBackend() === 'wasm') return readValues(set.x).subarray(start * width, (start + count) * width);
  const part = tf.slice(set.x, [start, ...set.inputShape.map(() => 0)], [count, ...set.inputShape]);
  try {
    return Float32Array.from(part.dataSync() as Float32Array);
  } finally {
    part.dispose();
  }
}
