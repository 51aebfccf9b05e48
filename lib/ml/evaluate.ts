/**
 * Evaluation in batches over any row set: per-example losses, logits, probabilities and
 * predictions, read back to JS once per batch (outside tf.tidy, which is faster on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from './model';
import { perExampleCrossEntropy } from './losses';
import { sliceBatch, type TensorSet } from './tensor-set';

export type EvaluationOutput = 'logits' | 'probabilities';

export interface EvaluationOptions {
  batchSize?: number;
  /** Which [size x classes] matrices to return; both by default. */
  outputs?: EvaluationOutput[];
}

export interface Evaluation {
  /** Row ids, in set order; every per-example array below follows this order. */
  rowIds: Int32Array;
  losses: Float32Array;
  predictions: Int32Array;
  /** Row-major [size x numClasses], when requested. */
  logits?: Float32Array;
  probabilities?: Float32Array;
  numClasses: number;
  accuracy: number;
  meanLoss: number;
}

export function evaluateModel(model: Model, set: TensorSet, options: EvaluationOptions = {}): Evaluation {
  const batchSize = options.batchSize ?? 1024;
  const outputs = new Set(options.outputs ?? ['logits', 'probabilities']);
  const classes = model.io.numClasses;
  const losses = new Float32Array(set.size);
  const predictions = new Int32Array(set.size);
  const logits = outputs.has('logits') ? new Float32Array(set.size * classes) : undefined;
  const probabilities = outputs.has('probabilities') ? new Float32Array(set.size * classes) : undefined;
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < set.size; start += batchSize) {
    const count = Math.min(batchSize, set.size - start);
    const [z, loss, predictedTensor, probs] = tf.tidy((): tf.Tensor[] => {
      const batch = sliceBatch(set, start, count);
      const logitsBatch = model.forward(batch.x);
      const out: tf.Tensor[] = [logitsBatch, perExampleCrossEntropy(logitsBatch, batch.labels), tf.argMax(logitsBatch, 1)];
      if (probabilities) out.push(tf.softmax(logitsBatch));
      return out;
    });
    const tensors = { z, loss, predicted: predictedTensor, probs };
    const lossValues = tensors.loss.dataSync() as Float32Array;
    const predicted = tensors.predicted.dataSync() as Int32Array;
    losses.set(lossValues, start);
    predictions.set(predicted, start);
    if (logits) logits.set(tensors.z.dataSync() as Float32Array, start * classes);
    if (probabilities && tensors.probs) probabilities.set(tensors.probs.dataSync() as Float32Array, start * classes);
    for (let i = 0; i < count; i++) {
      lossSum += lossValues[i];
      if (predicted[i] === set.labelValues[start + i]) correct++;
    }
    tf.dispose([z, loss, predictedTensor, ...(probs ? [probs] : [])]);
  }
  return {
    rowIds: Int32Array.from(set.rowIds),
    losses,
    predictions,
    logits,
    probabilities,
    numClasses: classes,
    accuracy: set.size ? correct / set.size : NaN,
    meanLoss: set.size ? lossSum / set.size : NaN,
  };
}

/** Logits [size x classes] for raw inputs shaped [size, ...inputShape], in batches. */
export function predictLogits(model: Model, x: tf.Tensor, batchSize = 1024): Float32Array {
  const size = x.shape[0];
  const out = new Float32Array(size * model.io.numClasses);
  for (let start = 0; start < size; start += batchSize) {
    const count = Math.min(batchSize, size - start);
    const z = tf.tidy(() => model.forward(tf.slice(x, [start, ...x.shape.slice(1).map(() => 0)], [count, ...x.shape.slice(1)])));
    out.set(z.dataSync() as Float32Array, start * model.io.numClasses);
    z.dispose();
  }
  return out;
}
