/**
 * From a predictor (unlearned, original, retrained, SISA ensemble alike) and the retain /
 * forget / test sets to one ModelMetricsRecord (lib/metrics' evaluateModel), plus relearn
 * time: fine-tune a copy on the forget set and record its forget loss until it falls back to
 * the original's (Golatkar et al. 2020). Its fine-tuning steps take train()'s engine; the forget
 * loss of a model that changes every few steps is read on TensorFlow.js (no graph export per check).
 */
import type { Model } from '../ml/model';
import type { TensorSet } from '../ml/tensor-set';
import { train } from '../ml/train';
import { isAbortError } from '../ml/errors';
import { accuracy } from '../metrics/accuracy';
import {
  evaluateModel,
  VALIDATION_ACCURACY_KEY,
  perExampleSample,
  PER_EXAMPLE_FORMAT,
  PER_EXAMPLE_SAMPLE_SEED,
  relearnTime,
  splitOutputs,
  type GroupAttribute,
  type LossCurvePoint,
  type ModelMetricsRecord,
  type PerExampleOutputs,
  type PerExampleSplitName,
  type RelearnTimeResult,
} from '../metrics';
import { chooseEvaluationEngine, type EvaluationEngine } from '../ml/onnx/ort-runtime';
import { openOutputs, type OutputsEvaluator } from './outputs-engine';
import { isModel, predictOutputs, type Predictor } from './predictor';

export interface EvaluateUnlearnedInput {
  predictor: Predictor;
  retain: TensorSet;
  forget: TensorSet;
  test: TensorSet;
  /** A sweeping study's validation rows: adds the scalar `accuracy.validation`. */
  validation?: TensorSet;
  /** The retrained model of the same seed: gaps, agreement, divergences (and weight distance for two Models). */
  reference?: Predictor;
  /** A randomly initialised model of the same spec, for ZRF. */
  randomModel?: Predictor;
  /** Sensitive attributes per split, rows in the same order as the sets. */
  groups?: { forget?: GroupAttribute[]; retain?: GroupAttribute[]; test?: GroupAttribute[] };
  /** Triggered test inputs (labels = their true labels) and the attack's target class. */
  backdoor?: { set: TensorSet; targetClass: number };
  timing?: { seconds: number; retrainSeconds?: number };
  /** Seed of the metrics' random choices (the run's seed). */
  seed: number;
  /** Compare weights with the reference when both are single models (meaningful for the same seed). */
  compareWeights?: boolean;
  /** The engine computing per-example outputs (chosen by chooseEvaluationEngine when omitted). */
  engine?: EvaluationEngine;
  /** Stops between batches when aborted. */
  signal?: AbortSignal;
  /** Class names by index (describes the membership attack's non-member population). */
  classNames?: readonly string[];
}

export interface EvaluatedPredictor {
  record: ModelMetricsRecord;
  /** The predictor's class probabilities on every row of each split (row-major [rows x classes]). */
  probabilities: Record<PerExampleSplitName, Float32Array>;
}

/** Scores a predictor (evaluateWithOutputs without the outputs). */
export async function evaluateUnlearned(input: EvaluateUnlearnedInput): Promise<ModelMetricsRecord> {
  return (await evaluateWithOutputs(input)).record;
}

/**
 * Scores a predictor and hands back its outputs. Every per-example output comes from `engine`
 * (default: ONNX Runtime when it loads, see chooseEvaluationEngine); each predictor's session is
 * opened once for all its sets and released before returning.
 */
export async function evaluateWithOutputs(input: EvaluateUnlearnedInput): Promise<EvaluatedPredictor> {
  const engine = input.engine ?? (await chooseEvaluationEngine());
  const k = input.predictor.io.numClasses;
  const opened: OutputsEvaluator[] = [];
  const open = async (predictor: Predictor) => {
    const evaluator = await openOutputs(predictor, engine, input.signal);
    opened.push(evaluator);
    return evaluator;
  };
  try {
    const model = await open(input.predictor);
    const split = async (set: TensorSet, groups?: GroupAttribute[]) => ({
      probabilities: (await model.outputs(set)).probabilities,
      labels: set.labelValues,
      groups,
    });
    const forget = await split(input.forget, input.groups?.forget);
    const retain = await split(input.retain, input.groups?.retain);
    const test = await split(input.test, input.groups?.test);
    const backdoor = input.backdoor
      ? { probabilities: (await model.outputs(input.backdoor.set)).probabilities, labels: input.backdoor.set.labelValues, targetClass: input.backdoor.targetClass }
      : undefined;
    let reference: { forget: Float32Array; retain: Float32Array; test: Float32Array } | undefined;
    if (input.reference) {
      const ref = await open(input.reference);
      reference = {
        forget: (await ref.outputs(input.forget)).probabilities,
        retain: (await ref.outputs(input.retain)).probabilities,
        test: (await ref.outputs(input.test)).probabilities,
      };
    }
    const randomModelForget = input.randomModel ? (await (await open(input.randomModel)).outputs(input.forget)).probabilities : undefined;
    const withWeights = (input.compareWeights ?? true) && input.reference && isModel(input.predictor) && isModel(input.reference);
    // Only the model's own accuracy: a sweep compares it with the retrain run's, per seed.
    const validationAccuracy = input.validation ? accuracy((await model.outputs(input.validation)).probabilities, input.validation.labelValues, k) : null;
    const record = evaluateModel({
      numClasses: k,
      forget,
      retain,
      test,
      seed: input.seed,
      reference,
      weights: withWeights ? { model: (input.predictor as Model).values(), reference: (input.reference as Model).values() } : undefined,
      randomModelForget,
      backdoor,
      timing: input.timing,
      classNames: input.classNames,
    });
    return {
      record: validationAccuracy === null ? record : { ...record, scalars: { ...record.scalars, [VALIDATION_ACCURACY_KEY]: validationAccuracy } },
      probabilities: { forget: forget.probabilities, retain: retain.probabilities, test: test.probabilities },
    };
  } finally {
    await Promise.all(opened.map((e) => e.close()));
  }
}

/**
 * The per-example outputs (φ and margin) on every forget row and on the fixed sample of retain
 * and test rows (lib/metrics/per-example-outputs.ts), for study-level metrics and exports, read
 * from the probabilities the evaluation computed (evaluateWithOutputs) on each whole set.
 */
export function collectPerExampleOutputs(
  sets: Record<PerExampleSplitName, TensorSet>,
  probabilities: Record<PerExampleSplitName, Float32Array>,
  numClasses: number,
): PerExampleOutputs {
  const one = (name: PerExampleSplitName) => {
    const set = sets[name];
    const all = probabilities[name];
    if (all.length !== set.size * numClasses) throw new Error(`${name} probabilities have ${all.length} values, expected ${set.size} x ${numClasses}`);
    const positions = perExampleSample(set.rowIds, name);
    if (positions.length === set.size) return splitOutputs(set.rowIds, set.labelValues, all, numClasses, set.size);
    const rowIds = new Int32Array(positions.length);
    const labels = new Int32Array(positions.length);
    const sampled = new Float32Array(positions.length * numClasses);
    positions.forEach((position, i) => {
      rowIds[i] = set.rowIds[position];
      labels[i] = set.labelValues[position];
      sampled.set(all.subarray(position * numClasses, (position + 1) * numClasses), i * numClasses);
    });
    return splitOutputs(rowIds, labels, sampled, numClasses, set.size);
  };
  return { format: PER_EXAMPLE_FORMAT, numClasses, sampleSeed: PER_EXAMPLE_SAMPLE_SEED, splits: { forget: one('forget'), retain: one('retain'), test: one('test') } };
}

export interface RelearnOptions {
  /** The original model's mean loss on the forget set: the target. */
  originalForgetLoss: number;
  /** Fine-tuning steps at most. */
  maxSteps?: number;
  /** Record the forget loss every this many steps. */
  evaluateEvery?: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  signal?: AbortSignal;
}

export interface RelearnMeasurement {
  curve: LossCurvePoint[];
  result: RelearnTimeResult;
}

/**
 * Relearn time: fine-tunes a copy of the model on the forget set (Adam, bounded steps) and
 * records the forget loss; steps until it is at or below the original's. The model itself is
 * not changed.
 */
export async function measureRelearnTime(model: Model, forget: TensorSet, options: RelearnOptions): Promise<RelearnMeasurement> {
  const maxSteps = options.maxSteps ?? 100;
  const every = options.evaluateEvery ?? 5;
  const batchSize = Math.min(options.batchSize ?? 32, forget.size);
  const copy = model.clone();
  const curve: LossCurvePoint[] = [{ step: 0, loss: predictOutputs(copy, forget).meanLoss }];
  const stop = new AbortController();
  const stepsPerEpoch = Math.ceil(forget.size / batchSize);
  try {
    if (curve[0].loss > options.originalForgetLoss) {
      await train({
        model: copy,
        set: forget,
        recipe: { epochs: Math.ceil(maxSteps / stepsPerEpoch), batchSize, optimizer: { kind: 'adam', learningRate: options.learningRate ?? 1e-3 }, seed: options.seed },
        signal: mergeSignals(stop.signal, options.signal),
        onStep: (p) => {
          const step = p.globalStep + 1;
          if (step % every === 0 || step === maxSteps) {
            const loss = predictOutputs(copy, forget).meanLoss;
            curve.push({ step, loss });
            // the answer is known once the target is reached: stop early
            if (loss <= options.originalForgetLoss) stop.abort();
          }
          if (step >= maxSteps) stop.abort();
        },
      });
    }
  } catch (error) {
    if (!(isAbortError(error) && stop.signal.aborted && !options.signal?.aborted)) throw error;
  } finally {
    copy.dispose();
  }
  return { curve, result: relearnTime(curve, options.originalForgetLoss) };
}

function mergeSignals(a: AbortSignal, b?: AbortSignal): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}
