/**
 * What can be evaluated: a single Model, or an ensemble of shard models (SISA). Both expose
 * `forward(x)` returning logits, so every evaluation helper (metrics, relearn time, charts)
 * treats them the same. An ensemble's "logits" are the log of its aggregated class
 * probabilities: softmax(log p) = p, so losses and probabilities read off them are the
 * ensemble's own.
 */
import * as tf from '@tensorflow/tfjs';
import { Model } from '../ml/model';
import type { ModelIO } from '../ml/model-spec';
import { sliceBatch, type TensorSet } from '../ml/tensor-set';
import { deserializeWeights, serializeWeights } from '../ml/weights';

export interface Predictor {
  readonly io: ModelIO;
  /** Logits (or log-probabilities) [batch, classes]; call inside tf.tidy. */
  forward(x: tf.Tensor): tf.Tensor2D;
  dispose(): void;
}

export type EnsembleAggregation = 'vote' | 'softmax';

/** Smallest probability an ensemble reports, so a unanimous vote against the label keeps a finite loss. */
export const MIN_ENSEMBLE_PROBABILITY = 1e-6;

/** Shard models combined by majority vote (share of votes per class) or averaged softmax. */
export class EnsemblePredictor implements Predictor {
  readonly io: ModelIO;

  constructor(
    readonly members: Model[],
    readonly aggregation: EnsembleAggregation,
  ) {
    if (members.length === 0) throw new Error('an ensemble needs at least one member');
    this.io = members[0].io;
  }

  forward(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const k = this.io.numClasses;
      const perMember = this.members.map((m) => {
        const logits = m.forward(x);
        return this.aggregation === 'softmax' ? tf.softmax(logits) : tf.cast(tf.oneHot(tf.argMax(logits, 1), k), 'float32');
      });
      const mean = tf.div(tf.addN(perMember), this.members.length);
      const floored = tf.maximum(mean, MIN_ENSEMBLE_PROBABILITY);
      // renormalise after the floor so the rows are probabilities again
      return tf.log(tf.div(floored, tf.sum(floored, 1, true))) as tf.Tensor2D;
    });
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}

export function isModel(predictor: Predictor): predictor is Model {
  return predictor instanceof Model;
}

/** The predictor as a single Model, or a clear error naming the method that needs one. */
export function requireModel(predictor: Predictor, methodName: string): Model {
  if (!isModel(predictor)) throw new Error(`${methodName} needs a single model, but the original is an ensemble (SISA); use SISA or retrain for it`);
  return predictor;
}

export interface PredictorOutputs {
  /** Row-major [size x classes] softmax outputs. */
  probabilities: Float32Array;
  /** Per-example cross-entropy. */
  losses: Float32Array;
  predictions: Int32Array;
  accuracy: number;
  meanLoss: number;
}

/** A predictor's logits for every row of a set, computed in batches and kept on the backend. Dispose them. */
export function logitsOn(predictor: Predictor, set: TensorSet, batchSize = 1024): tf.Tensor2D {
  return tf.tidy(() => {
    const parts: tf.Tensor2D[] = [];
    for (let start = 0; start < set.size; start += batchSize) parts.push(predictor.forward(sliceBatch(set, start, Math.min(batchSize, set.size - start)).x));
    return tf.concat(parts, 0);
  });
}

/** Probabilities, losses and predictions of a predictor on a set, in batches (TensorFlow.js). */
export function predictOutputs(predictor: Predictor, set: TensorSet, batchSize = 1024): PredictorOutputs {
  const collector = new OutputsCollector(set, predictor.io.numClasses);
  for (let start = 0; start < set.size; start += batchSize) {
    const count = Math.min(batchSize, set.size - start);
    const probs = tf.tidy(() => tf.softmax(predictor.forward(sliceBatch(set, start, count).x)));
    // read outside tidy: much faster on wasm (notes/ml-engine.md)
    const values = probs.dataSync() as Float32Array;
    probs.dispose();
    collector.add(start, count, values);
  }
  return collector.finish();
}

/**
 * Fills PredictorOutputs batch by batch from class probabilities: predictions are the first
 * most probable class (as tf.argMax), losses the cross-entropy of the label's probability.
 */
export class OutputsCollector {
  private readonly probabilities: Float32Array;
  private readonly losses: Float32Array;
  private readonly predictions: Int32Array;
  private correct = 0;
  private lossSum = 0;

  constructor(
    private readonly set: Pick<TensorSet, 'size' | 'labelValues'>,
    private readonly numClasses: number,
  ) {
    this.probabilities = new Float32Array(set.size * numClasses);
    this.losses = new Float32Array(set.size);
    this.predictions = new Int32Array(set.size);
  }

  /** Rows [start, start + count) as row-major probabilities. */
  add(start: number, count: number, values: Float32Array): void {
    const k = this.numClasses;
    this.probabilities.set(values.subarray(0, count * k), start * k);
    for (let i = 0; i < count; i++) {
      const row = i * k;
      let best = 0;
      for (let c = 1; c < k; c++) if (values[row + c] > values[row + best]) best = c;
      this.predictions[start + i] = best;
      const label = this.set.labelValues[start + i];
      if (best === label) this.correct++;
      const loss = -Math.log(Math.max(values[row + label], 1e-12));
      this.losses[start + i] = loss;
      this.lossSum += loss;
    }
  }

  finish(): PredictorOutputs {
    const size = this.set.size;
    return {
      probabilities: this.probabilities,
      losses: this.losses,
      predictions: this.predictions,
      accuracy: size ? this.correct / size : NaN,
      meanLoss: size ? this.lossSum / size : NaN,
    };
  }
}

/** Accuracy of a predictor on a set (NaN for an empty set). */
export function accuracyOn(predictor: Predictor, set: TensorSet): number {
  return predictOutputs(predictor, set).accuracy;
}

/** A predictor as bytes for a worker-thread message or storage. */
export type SerializedPredictor =
  | { kind: 'model'; weights: Uint8Array }
  | { kind: 'ensemble'; aggregation: EnsembleAggregation; members: Uint8Array[] };

export function serializePredictor(predictor: Predictor): SerializedPredictor {
  if (isModel(predictor)) return { kind: 'model', weights: serializeWeights(predictor) };
  if (predictor instanceof EnsemblePredictor) {
    return { kind: 'ensemble', aggregation: predictor.aggregation, members: predictor.members.map((m) => serializeWeights(m)) };
  }
  throw new Error('cannot serialise this predictor');
}

export function deserializePredictor(serialized: SerializedPredictor): Predictor {
  if (serialized.kind === 'model') return deserializeWeights(serialized.weights);
  return new EnsemblePredictor(serialized.members.map((bytes) => deserializeWeights(bytes)), serialized.aggregation);
}

/** The ArrayBuffers of a serialised predictor, to transfer instead of copy. */
export function predictorBuffers(serialized: SerializedPredictor): ArrayBuffer[] {
  const arrays = serialized.kind === 'model' ? [serialized.weights] : serialized.members;
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
