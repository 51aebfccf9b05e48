/**
 * The hand-written mini-batch training loop (not model.fit) and the hooks unlearning
 * methods plug into:
 *  - `loss`: a custom loss per step over one or more batches (gradient ascent,
 *    distillation, relabelling, weighted mixes of batches from different sets);
 *  - `gradientMask`: multiply each parameter's gradient by a mask before the update;
 *  - `updateCapture`: each batch's parameter delta and row ids (Amnesiac unlearning);
 *  - `onStep` / `onEpoch` progress, `signal` cancellation between steps.
 * Same seed + same backend => bit-identical weights: shuffling, dropout and any random
 * draw in a loss come from seeded sources, and the optimizer runs in JS.
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom, permutation, type RandomSource } from '../random';
import { TrainingAbortedError } from './errors';
import { evaluateModel } from './evaluate';
import { crossEntropy } from './losses';
import { learningRateAt } from './lr-schedule';
import type { Model } from './model';
import type { ModelSpec } from './model-spec';
import { fusedCrossEntropyStep, type FusedStepResult } from './fused-cross-entropy';
import { mlBackendInfo } from './backend';
import { gatherRows } from './host-tensors';
import { dropoutLayerSeed, forwardLogits } from './network';
import { ortCanTrain, OrtTrainStep } from './onnx/ort-train-step';
import { ParameterOptimizer } from './optimizer';
import { copyRowsInto, gatherBatch, labelsAt, rowWidth, type Batch, type TensorSet } from './tensor-set';
import { parseTrainingRecipe, type TrainingRecipe, type TrainingRecipeInput } from './training-recipe';

/** What a loss function sees at each step. Tensors it creates are freed after the step. */
export interface LossContext {
  /** The batch from the main set. */
  batch: Batch;
  /** One batch per extra source (see TrainOptions.sources), by name. */
  batches: Record<string, Batch>;
  /** Logits of the model being trained, differentiable w.r.t. its parameters. */
  forward(x: tf.Tensor): tf.Tensor2D;
  /** The differentiable parameter tensors (for penalties on the weights themselves). */
  params: readonly tf.Tensor[];
  numClasses: number;
  epoch: number;
  /** Global step index from 0. */
  step: number;
  /** Seeded for this step; use it for random relabelling and similar draws. */
  random: RandomSource;
}

export type LossFunction = (context: LossContext) => tf.Scalar;

/** Default loss: mean cross-entropy of the main batch. */
export const standardLoss: LossFunction = ({ batch, forward }) => crossEntropy(forward(batch.x), batch.labels);

/** One term of a cross-entropy sum: weight x the mean cross-entropy of a batch (of `source`, else the main set). */
export interface CrossEntropyTerm {
  source?: string;
  weight: number;
}

/** A loss that is a weighted sum of standard cross-entropies, which ONNX Runtime can train (crossEntropySum). */
export type CrossEntropySumLoss = LossFunction & { readonly crossEntropyTerms: readonly CrossEntropyTerm[] };

/**
 * Σ weight · ℓ(batch of the term's source): gradient ascent, NegGrad+'s objective. On
 * TensorFlow.js it is an ordinary loss (autodiff); where train() takes ONNX Runtime steps, each
 * term is one pass of the standard gradient graph at that weight and the gradients are summed,
 * with the dropout masks TensorFlow.js would draw for each batch.
 */
export function crossEntropySum(terms: readonly CrossEntropyTerm[]): CrossEntropySumLoss {
  if (terms.length === 0) throw new Error('a cross-entropy sum needs at least one term');
  const loss: LossFunction = ({ batch, batches, forward }) => {
    const parts = terms.map((term) => {
      const from = term.source === undefined ? batch : batches[term.source];
      if (!from) throw new Error(`this loss needs a '${term.source}' source`);
      return tf.mul(crossEntropy(forward(from.x), from.labels), term.weight);
    });
    return parts.reduce((a, b) => tf.add(a, b)) as tf.Scalar;
  };
  return Object.assign(loss, { crossEntropyTerms: [...terms] });
}

function crossEntropyTermsOf(loss: LossFunction | undefined): readonly CrossEntropyTerm[] | null {
  return loss && 'crossEntropyTerms' in loss ? (loss as CrossEntropySumLoss).crossEntropyTerms : null;
}

export interface StepProgress {
  epoch: number;
  /** Step within the epoch, from 0. */
  step: number;
  stepsPerEpoch: number;
  globalStep: number;
  totalSteps: number;
  loss: number;
  learningRate: number;
}

export interface EpochProgress {
  epoch: number;
  /** Mean of the step losses over the epoch. */
  loss: number;
  /** Accuracy on TrainOptions.evalSet, when given. */
  evalAccuracy?: number;
  seconds: number;
}

/** One batch's effect on the parameters, for Amnesiac-style unlearning. */
export interface BatchUpdate {
  epoch: number;
  globalStep: number;
  /** Dataset row ids in the main batch. */
  rowIds: Int32Array;
  /** Row ids of each extra source's batch. */
  sourceRowIds: Record<string, Int32Array>;
  /** new - old value per parameter (layout order), fresh arrays the receiver may keep. */
  delta: Float32Array[];
}

export interface UpdateCapture {
  onUpdate(update: BatchUpdate): void;
  /** Capture only batches that contain one of these row ids (e.g. the forget set). */
  onlyRows?: Int32Array;
}

export interface TrainOptions {
  model: Model;
  /** The main set: defines an epoch, shuffled each epoch. */
  set: TensorSet;
  recipe: TrainingRecipe | TrainingRecipeInput;
  loss?: LossFunction;
  /** Extra sets drawn alongside the main set each step, cycling with their own shuffles. */
  sources?: Record<string, { set: TensorSet; batchSize?: number }>;
  /** Per parameter (layout order): gradient multiplier, or null for no mask. */
  gradientMask?: readonly (Float32Array | null)[];
  updateCapture?: UpdateCapture;
  /** Evaluated after each epoch for EpochProgress.evalAccuracy. */
  evalSet?: TensorSet;
  onStep?(progress: StepProgress): void;
  onEpoch?(progress: EpochProgress): void;
  signal?: AbortSignal;
  /**
   * Who computes the standard loss's gradients: 'ort' (ONNX Runtime's generated gradient graph,
   * lib/ml/onnx/ort-train-step.ts) or 'tfjs' (the fused TensorFlow.js step). Default: 'ort' when
   * the backend is 'ort', for every model kind (bench:train measured it faster than the fused
   * step for logistic, MLP and CNN alike), else 'tfjs'. Custom losses always use TensorFlow.js
   * autodiff.
   */
  stepEngine?: 'ort' | 'tfjs';
}

export interface TrainResult {
  epochs: EpochProgress[];
  steps: number;
  finalLoss: number;
  seconds: number;
}

/** Cycles through a set in seeded shuffled batches, reshuffling at each pass. */
class BatchCursor {
  private order: Int32Array = new Int32Array(0);
  private offset = 0;
  private pass = 0;

  constructor(
    private readonly size: number,
    private readonly batchSize: number,
    private readonly random: RandomSource,
  ) {}

  /** The most rows a batch of this cursor holds. */
  get batchRows(): number {
    return Math.min(this.batchSize, this.size);
  }

  /** Positions of the next batch; the last batch of a pass may be smaller. */
  next(): Int32Array {
    if (this.offset >= this.order.length) {
      this.order = permutation(this.size, this.random.fork(`pass:${this.pass++}`));
      this.offset = 0;
    }
    const end = Math.min(this.offset + this.batchSize, this.order.length);
    const positions = this.order.subarray(this.offset, end);
    this.offset = end;
    return positions;
  }
}

function yieldToEventLoop(): Promise<void> {
  // lets a worker thread receive its cancel message between steps
  return new Promise((resolve) => setImmediate(resolve));
}

/** Where a standard-loss step runs by default: ONNX Runtime's gradient graph on the 'ort' backend, for the models it covers. */
export function defaultStepEngine(spec: ModelSpec): 'ort' | 'tfjs' {
  return mlBackendInfo()?.name === 'ort' && ortCanTrain(spec) ? 'ort' : 'tfjs';
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  const recipe = parseTrainingRecipe(options.recipe);
  const { model, set, signal } = options;
  const loss = options.loss ?? standardLoss;
  if (set.size === 0) throw new Error('cannot train on an empty set');
  checkMask(model, options.gradientMask);

  const started = performance.now();
  const random = createRandom(recipe.seed);
  const mainCursor = new BatchCursor(set.size, recipe.batchSize, random.fork('shuffle:main'));
  const sourceCursors = Object.entries(options.sources ?? {}).map(([name, source]) => {
    if (source.set.size === 0) throw new Error(`source '${name}' is empty`);
    return { name, set: source.set, cursor: new BatchCursor(source.set.size, source.batchSize ?? recipe.batchSize, random.fork(`shuffle:${name}`)) };
  });
  const stepsPerEpoch = Math.ceil(set.size / recipe.batchSize);
  const totalSteps = stepsPerEpoch * recipe.epochs;
  const optimizer = new ParameterOptimizer(recipe.optimizer, model.layout.map((p) => p.size), recipe.weightDecay);
  const values = optimizer.parameterArrays(model.values());
  const captureRows = options.updateCapture?.onlyRows ? new Set(options.updateCapture.onlyRows) : null;
  const fused = usesFusedStep(options.loss);
  const engine = options.stepEngine ?? defaultStepEngine(model.spec);
  if (engine === 'ort' && !ortCanTrain(model.spec)) throw new Error(`the ONNX Runtime training step does not cover ${model.spec.kind} models`);
  // LETHE_ML_FUSED_STEP=off sends these through autodiff too (usesFusedStep)
  const sumTerms = process.env.LETHE_ML_FUSED_STEP === 'off' ? null : crossEntropyTermsOf(options.loss);
  const ortStep = (fused || sumTerms) && engine === 'ort' ? await OrtTrainStep.create(model.spec, model.io) : null;
  // the ONNX Runtime step's input rows, copied here from a set each step (one buffer, reused)
  const largestBatch = Math.max(Math.min(recipe.batchSize, set.size), ...sourceCursors.map((s) => s.cursor.batchRows));
  const ortInputs = ortStep ? new Float32Array(largestBatch * rowWidth(set)) : null;
  try {
    // the fused step writes each step's gradients into the previous step's arrays
    let fusedGrads: Float32Array[] | undefined;

    const epochs: EpochProgress[] = [];
    let globalStep = 0;
    let lastLoss = NaN;
    for (let epoch = 0; epoch < recipe.epochs; epoch++) {
      const epochStarted = performance.now();
      let lossSum = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (signal?.aborted) throw new TrainingAbortedError();
        const stepRandom = random.fork(`step:${globalStep}`);
        const dropoutSeed = stepRandom.int(2147483647);
        const mainPositions = mainCursor.next();
        const sourcePositions = sourceCursors.map((s) => s.cursor.next());

        const sourceBatches = sourceCursors.map((s, i) => ({ name: s.name, set: s.set, positions: sourcePositions[i] }));
        const computed = ortStep
          ? sumTerms
            ? await ortSumStep(ortStep, model, sumTerms, { main: { set, positions: mainPositions }, sources: sourceBatches }, dropoutSeed, values, ortInputs as Float32Array)
            : await ortTrainStep(ortStep, model, set, mainPositions, dropoutSeed, values, ortInputs as Float32Array)
          : fused
          ? fusedStep(model, set, mainPositions, dropoutSeed, fusedGrads)
          : tf.tidy(() => {
              const batch = gatherBatch(set, mainPositions);
              const batches: Record<string, Batch> = {};
              for (const s of sourceBatches) batches[s.name] = gatherBatch(s.set, s.positions);
              const objective = (...params: tf.Tensor[]): tf.Scalar =>
                loss({
                  batch,
                  batches,
                  forward: (x) => forwardLogits(model.spec, params, x, { training: true, dropoutSeed }),
                  params,
                  numClasses: model.io.numClasses,
                  epoch,
                  step: globalStep,
                  random: stepRandom,
                });
              return tf.valueAndGrads(objective)([...model.params]);
            });
        let gradValues: Float32Array[];
        if ('value' in computed) {
          lastLoss = computed.value.dataSync()[0];
          gradValues = computed.grads.map((g) => g.dataSync() as Float32Array);
          computed.value.dispose();
          computed.grads.forEach((g) => g.dispose());
        } else {
          lastLoss = computed.loss;
          gradValues = computed.grads;
          fusedGrads = computed.grads;
        }
        const rowIds = rowIdsAt(set, mainPositions);
        const sourceRowIds: Record<string, Int32Array> = {};
        for (const s of sourceBatches) sourceRowIds[s.name] = rowIdsAt(s.set, s.positions);
        if (!Number.isFinite(lastLoss)) throw new Error(`loss became ${lastLoss} at epoch ${epoch} step ${step}`);

        options.gradientMask?.forEach((mask, i) => {
          if (!mask) return;
          const g = gradValues[i];
          for (let k = 0; k < g.length; k++) g[k] *= mask[k];
        });
        const capture = options.updateCapture && (!captureRows || rowIds.some((id) => captureRows.has(id)));
        const before = capture ? values.map((v) => Float32Array.from(v)) : null;
        const learningRate = learningRateAt(recipe.optimizer.learningRate, recipe.schedule, { step: globalStep, epoch, totalSteps });
        optimizer.step(values, gradValues, learningRate);
        model.trackValues(values);
        if (before && options.updateCapture) {
          const delta = values.map((v, i) => {
            const d = before[i];
            for (let k = 0; k < d.length; k++) d[k] = v[k] - d[k];
            return d;
          });
          options.updateCapture.onUpdate({ epoch, globalStep, rowIds, sourceRowIds, delta });
        }

        lossSum += lastLoss;
        options.onStep?.({ epoch, step, stepsPerEpoch, globalStep, totalSteps, loss: lastLoss, learningRate });
        globalStep++;
        await yieldToEventLoop();
      }
      const summary: EpochProgress = { epoch, loss: lossSum / stepsPerEpoch, seconds: (performance.now() - epochStarted) / 1000 };
      if (options.evalSet) summary.evalAccuracy = evaluateModel(model, options.evalSet, { outputs: [] }).accuracy;
      epochs.push(summary);
      options.onEpoch?.(summary);
    }
    return { epochs, steps: globalStep, finalLoss: lastLoss, seconds: (performance.now() - started) / 1000 };
  } finally {
    await ortStep?.release();
  }
}

/**
 * A cross-entropy sum's step on ONNX Runtime: one pass per term, on its batch (the main one or a
 * source's) at its weight, gradients summed.
 */
async function ortSumStep(
  step: OrtTrainStep,
  model: Model,
  terms: readonly CrossEntropyTerm[],
  batches: { main: { set: TensorSet; positions: Int32Array }; sources: readonly { name: string; set: TensorSet; positions: Int32Array }[] },
  dropoutSeed: number,
  values: readonly Float32Array[],
  inputs: Float32Array,
): Promise<FusedStepResult> {
  let loss = 0;
  let grads: Float32Array[] | null = null;
  for (const term of terms) {
    const batch = term.source === undefined ? batches.main : batches.sources.find((b) => b.name === term.source);
    if (!batch) throw new Error(`this loss needs a '${term.source}' source`);
    const part = await ortTrainStep(step, model, batch.set, batch.positions, dropoutSeed, values, inputs, term.weight);
    loss += part.loss;
    if (!grads) grads = part.grads;
    else grads.forEach((g, i) => {
      const add = part.grads[i];
      for (let k = 0; k < g.length; k++) g[k] += add[k];
    });
  }
  return { loss, grads: grads as Float32Array[] };
}

/**
 * The standard loss's step on ONNX Runtime (times `weight`): the dropout multipliers are the ones
 * the fused step and forwardLogits draw (tf.dropout of ones with the layer's seed), so a seed
 * gives the same masks on both engines. `values` are the current parameters (the optimizer's arrays).
 */
async function ortTrainStep(
  step: OrtTrainStep,
  model: Model,
  set: TensorSet,
  positions: Int32Array,
  dropoutSeed: number,
  values: readonly Float32Array[],
  inputs: Float32Array,
  weight = 1,
): Promise<FusedStepResult> {
  const labels = labelsAt(set, positions);
  const spec = model.spec;
  const rate = spec.kind === 'logistic' ? 0 : spec.dropout;
  const hidden = spec.kind === 'mlp' ? spec.hidden : spec.kind === 'cnn' ? spec.dense : [];
  const masks = hidden.map((units, i) => {
    if (rate <= 0) return null;
    const mask = tf.tidy(() => tf.dropout(tf.ones([positions.length, units]), rate, undefined, dropoutLayerSeed({ dropoutSeed }, i)));
    const multipliers = Float32Array.from(mask.dataSync() as Float32Array);
    mask.dispose();
    return multipliers;
  });
  // rows copied into a reused buffer: a new tensor a step cost a wasm allocation and a copy
  return step.run(copyRowsInto(set, positions, inputs), labels, masks, values, weight);
}

/**
 * The default loss takes the hand-written backward pass; any other loss (even one that
 * wraps standardLoss) goes through autodiff. LETHE_ML_FUSED_STEP=off forces autodiff for
 * every loss, to rule the fast path out when debugging.
 */
function usesFusedStep(loss: LossFunction | undefined): boolean {
  if (process.env.LETHE_ML_FUSED_STEP === 'off') return false;
  return loss === undefined || loss === standardLoss;
}

/**
 * A step of the default loss through the hand-written backward pass. It reads only the
 * main batch; extra sources are still drawn by the caller so their row ids reach update
 * capture and the shuffles stay the same as with any other loss.
 */
function fusedStep(
  model: Model,
  set: TensorSet,
  positions: Int32Array,
  dropoutSeed: number,
  reuse: readonly Float32Array[] | undefined,
): FusedStepResult {
  const labels = labelsAt(set, positions);
  const x = gatherRows(set.x, positions);
  try {
    return fusedCrossEntropyStep(model.spec, model.params, x, labels, dropoutSeed, reuse);
  } finally {
    x.dispose();
  }
}

function rowIdsAt(set: TensorSet, positions: Int32Array): Int32Array {
  const ids = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) ids[i] = set.rowIds[positions[i]];
  return ids;
}

function checkMask(model: Model, mask: TrainOptions['gradientMask']): void {
  if (!mask) return;
  if (mask.length !== model.layout.length) throw new Error(`gradient mask has ${mask.length} entries for ${model.layout.length} parameters`);
  mask.forEach((m, i) => {
    if (m && m.length !== model.layout[i].size) throw new Error(`mask for ${model.layout[i].name} has ${m.length} values, needs ${model.layout[i].size}`);
  });
}

export type { TrainingRecipe };
