/**
 * Building blocks shared by the methods: row subsets of tensor sets, a training phase with
 * progress and curve recording (lib/ml's train loop with a fresh Adam), and per-parameter
 * gradient statistics (diagonal Fisher, mean gradient) over a set.
 */
import * as tf from '@tensorflow/tfjs';
import { TrainingAbortedError } from '../ml/errors';
import { crossEntropy } from '../ml/losses';
import type { Model } from '../ml/model';
import { forwardLogits } from '../ml/network';
import { OrtTrainStep } from '../ml/onnx/ort-train-step';
import { copyRowsInto, gatherBatch, labelsAt, rowWidth, type TensorSet } from '../ml/tensor-set';
import { defaultStepEngine, train, type LossFunction, type TrainResult } from '../ml/train';
import { permutation, sampleWithoutReplacement, type RandomSource } from '../random';
import type { CurvePoint, UnlearningContext } from './contract';
import { RETAIN_SOURCE } from './losses';

/** A new set with the examples at `positions` of `set` (gathered on the backend). Dispose it. */
export function subsetByPositions(set: TensorSet, positions: Int32Array): TensorSet {
  const [x, labels] = tf.tidy(() => {
    const index = tf.tensor1d(positions, 'int32');
    return [tf.gather(set.x, index), tf.gather(set.labels, index) as tf.Tensor1D] as const;
  });
  const labelValues = new Int32Array(positions.length);
  const rowIds = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) {
    labelValues[i] = set.labelValues[positions[i]];
    rowIds[i] = set.rowIds[positions[i]];
  }
  return { x, labels, labelValues, rowIds, size: positions.length, inputShape: [...set.inputShape] };
}

/** Positions in `set` of the given dataset row ids (throws on a row id the set lacks). */
export function positionsOfRows(set: TensorSet, rowIds: ArrayLike<number>): Int32Array {
  const where = new Map<number, number>();
  set.rowIds.forEach((id, i) => where.set(id, i));
  const out = new Int32Array(rowIds.length);
  for (let i = 0; i < rowIds.length; i++) {
    const p = where.get(rowIds[i]);
    if (p === undefined) throw new Error(`row ${rowIds[i]} is not in the set`);
    out[i] = p;
  }
  return out;
}

/** A new set with the given dataset rows of `set`, in the given order. Dispose it. */
export function subsetByRowIds(set: TensorSet, rowIds: ArrayLike<number>): TensorSet {
  return subsetByPositions(set, positionsOfRows(set, rowIds));
}

/**
 * A seeded random sample of `fraction` of the set (at least `minimum` rows), or the set itself
 * when the fraction covers it. `owned` says whether the caller must dispose the sample.
 */
export function sampleSet(set: TensorSet, fraction: number, random: RandomSource, minimum = 1): { set: TensorSet; owned: boolean } {
  const count = Math.min(set.size, Math.max(minimum, Math.round(set.size * fraction)));
  if (count >= set.size) return { set, owned: false };
  return { set: subsetByPositions(set, sampleWithoutReplacement(set.size, count, random)), owned: true };
}

export interface TrainPhaseOptions {
  model: Model;
  set: TensorSet;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seed of shuffling, dropout and random draws in the loss. */
  seed: number;
  loss?: LossFunction;
  sources?: Record<string, { set: TensorSet; batchSize?: number }>;
  gradientMask?: readonly (Float32Array | null)[];
  context: UnlearningContext;
  phase: string;
  /** The share [from, to] of the method's overall progress this phase covers. */
  progressRange: [number, number];
  /** Per-epoch losses are appended here. */
  curve?: CurvePoint[];
  /**
   * Run at least this many steps (extra epochs), so epoch-based defaults still do
   * something on small forget sets (a digits class is ~150 rows: 3 steps an epoch).
   */
  minSteps?: number;
}

/** The hyperparameters every "forget pass paired with retain batches" method shares. */
export interface ForgetPassConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  minSteps: number;
}

/**
 * A pass over the forget set, each step paired with a retain batch (NegGrad+, random labels,
 * SalUn): the methods differ only in their loss, an optional gradient mask and the progress range.
 */
export function forgetPassWithRetain(
  options: { model: Model; forget: TensorSet; retain: TensorSet; config: ForgetPassConfig; context: UnlearningContext; curve: CurvePoint[] } & Pick<
    TrainPhaseOptions,
    'loss' | 'gradientMask' | 'phase' | 'progressRange'
  >,
): Promise<TrainResult> {
  const { model, forget, retain, config, context } = options;
  return trainPhase({
    model,
    set: forget,
    sources: { [RETAIN_SOURCE]: { set: retain } },
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    minSteps: config.minSteps,
    seed: drawSeed(context.random),
    loss: options.loss,
    gradientMask: options.gradientMask,
    context,
    phase: options.phase,
    progressRange: options.progressRange,
    curve: options.curve,
  });
}

/** Whole epochs of a phase: at least `epochs`, and enough for `minSteps` steps. */
function phaseEpochs(stepsPerEpoch: number, epochs: number, minSteps: number): number {
  return Math.max(epochs, Math.ceil(minSteps / stepsPerEpoch));
}

/** Steps of a phase over `rows` rows (at least one batch), as trainPhase runs it. */
export function phaseSteps(rows: number, batchSize: number, epochs: number, minSteps: number): number {
  const stepsPerEpoch = Math.ceil(Math.max(1, rows) / batchSize);
  return stepsPerEpoch * phaseEpochs(stepsPerEpoch, epochs, minSteps);
}

/**
 * The learning rate that keeps a gradient-ascent phase's total movement (rate × steps) at a
 * measured budget as the forget set grows, at most `measuredRate`. Adam moves each weight by
 * about the learning rate a step whatever the gradient's size, so a pass over a class 6 times
 * larger at the same rate pushes 6 times as far (NegGrad and NegGrad+ on all of Fashion-MNIST).
 */
export function rateForAscentBudget(budget: number, measuredRate: number, steps: number): number {
  return Math.min(measuredRate, budget / steps);
}

/**
 * One training phase of a method: Adam at the method's learning rate (a fresh optimizer per
 * phase, as in the reference implementations that re-create it per stage), progress mapped
 * into the method's range, per-epoch mean loss appended to the curve.
 */
export async function trainPhase(options: TrainPhaseOptions): Promise<TrainResult> {
  const { context, progressRange } = options;
  const [from, to] = progressRange;
  let reported = -1;
  const batchSize = Math.min(options.batchSize, options.set.size);
  const stepsPerEpoch = Math.ceil(options.set.size / batchSize);
  const epochs = phaseEpochs(stepsPerEpoch, options.epochs, options.minSteps ?? 0);
  return train({
    model: options.model,
    set: options.set,
    recipe: {
      epochs,
      batchSize,
      optimizer: { kind: 'adam', learningRate: options.learningRate },
      seed: options.seed,
    },
    loss: options.loss,
    sources: options.sources,
    gradientMask: options.gradientMask,
    signal: context.signal,
    onStep: (p) => {
      const fraction = from + ((to - from) * (p.globalStep + 1)) / p.totalSteps;
      // at most ~100 progress messages per phase
      if (Math.floor(fraction * 100) === reported && p.globalStep + 1 < p.totalSteps) return;
      reported = Math.floor(fraction * 100);
      context.progress({ phase: options.phase, fraction, loss: p.loss });
    },
    onEpoch: (p) => options.curve?.push({ epoch: options.curve.length, phase: options.phase, loss: p.loss }),
  });
}

/** A fresh integer seed drawn from the method's random source. */
export function drawSeed(random: RandomSource): number {
  return random.int(2147483647);
}

export interface GradientStatisticsOptions {
  batchSize: number;
  /** Use at most this many examples (a seeded sample), to bound the cost on large sets. */
  maxExamples?: number;
  random: RandomSource;
  signal?: AbortSignal;
}

/**
 * Per parameter, over mini-batches of the set: `squared` = mean over batches of the squared
 * batch-mean gradient of the cross-entropy (the diagonal empirical Fisher as SSD's and
 * Fisher forgetting's reference code compute it, per batch), and `mean` = the gradient of the
 * mean loss over all examples used (SalUn's saliency before the absolute value).
 */
export async function gradientStatistics(model: Model, set: TensorSet, options: GradientStatisticsOptions): Promise<{ squared: Float32Array[]; mean: Float32Array[] }> {
  // shuffled, so each batch is a random mix of the set (matters for mixed train sets)
  const positions = permutation(set.size, options.random).subarray(0, Math.min(set.size, options.maxExamples ?? set.size));
  const squared = model.layout.map((p) => new Float32Array(p.size));
  const mean = model.layout.map((p) => new Float32Array(p.size));
  const meanSums = model.layout.map((p) => new Float64Array(p.size));
  // the standard loss's gradient graph where ONNX Runtime trains (as train() chooses): about
  // ten times faster than TensorFlow.js autodiff on wasm for an MLP's batches
  const ortStep = defaultStepEngine(model.spec) === 'ort' ? await OrtTrainStep.create(model.spec, model.io) : null;
  const values = ortStep ? model.values() : [];
  const inputs = new Float32Array(ortStep ? Math.min(options.batchSize, set.size) * rowWidth(set) : 0);
  let batches = 0;
  try {
    for (let start = 0; start < positions.length; start += options.batchSize) {
      throwIfAborted(options.signal);
      const batchPositions = positions.subarray(start, Math.min(start + options.batchSize, positions.length));
      const grads = ortStep
        ? (await ortStep.gradients(copyRowsInto(set, batchPositions, inputs), labelsAt(set, batchPositions), values)).grads
        : tfjsGradients(model, set, batchPositions);
      const weight = batchPositions.length;
      grads.forEach((values, i) => {
        const sq = squared[i];
        const sums = meanSums[i];
        for (let k = 0; k < values.length; k++) {
          sq[k] += values[k] * values[k];
          sums[k] += values[k] * weight;
        }
      });
      batches++;
    }
  } finally {
    await ortStep?.release();
  }
  for (let i = 0; i < squared.length; i++) {
    for (let k = 0; k < squared[i].length; k++) {
      squared[i][k] /= Math.max(batches, 1);
      mean[i][k] = meanSums[i][k] / Math.max(positions.length, 1);
    }
  }
  return { squared, mean };
}

/** The gradient of the mean cross-entropy on a batch, by TensorFlow.js autodiff (model in inference mode). */
function tfjsGradients(model: Model, set: TensorSet, positions: Int32Array): Float32Array[] {
  const grads = tf.tidy(() => {
    const batch = gatherBatch(set, positions);
    const objective = (...params: tf.Tensor[]): tf.Scalar => crossEntropy(forwardLogits(model.spec, params, batch.x), batch.labels);
    return tf.grads(objective)([...model.params]);
  });
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return values;
}

/** Throws an AbortError if the signal fired (for loops outside the training loop). */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new TrainingAbortedError('unlearning was cancelled');
}

/** Runs `body` on a model, disposing the model if `body` throws (cancellation included). */
export async function disposeOnError<T>(model: { dispose(): void }, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Seconds since `started` (a performance.now() reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

/** Examples of `a` then `b` in one new set (same input shape). Dispose it. */
export function concatSets(a: TensorSet, b: TensorSet): TensorSet {
  const [x, labels] = tf.tidy(() => [tf.concat([a.x, b.x]), tf.concat([a.labels, b.labels]) as tf.Tensor1D] as const);
  const join = (p: Int32Array, q: Int32Array) => {
    const out = new Int32Array(p.length + q.length);
    out.set(p);
    out.set(q, p.length);
    return out;
  };
  return { x, labels, labelValues: join(a.labelValues, b.labelValues), rowIds: join(a.rowIds, b.rowIds), size: a.size + b.size, inputShape: [...a.inputShape] };
}

/**
 * A seeded sample of at most `maxExamples` rows of the union of two sets (the training set
 * when given retain and forget), each row equally likely. Dispose it.
 */
export function sampleUnion(a: TensorSet, b: TensorSet, maxExamples: number, random: RandomSource): TensorSet {
  const total = a.size + b.size;
  const chosen = sampleWithoutReplacement(total, Math.min(total, maxExamples), random);
  const fromA = chosen.filter((i) => i < a.size);
  const fromB = chosen.filter((i) => i >= a.size).map((i) => i - a.size);
  const partA = subsetByPositions(a, fromA);
  const partB = subsetByPositions(b, fromB);
  try {
    return concatSets(partA, partB);
  } finally {
    tf.dispose([partA.x, partA.labels, partB.x, partB.labels]);
  }
}
