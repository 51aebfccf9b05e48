/**
 * The one entry point the job handlers call after training or unlearning a model: the per-
 * example outputs of the model on the forget, retain and test sets in, one JSON-ready metrics
 * record out (stored as is in Postgres and read by dashboards). Pure: no I/O, no clock; the
 * only randomness (MIA subsampling, CV folds, chart subsamples) comes from `seed`.
 *
 * What it computes, when the inputs allow:
 * - always: accuracy and mean loss on each split, per-class accuracy, the three membership
 *   attacks (loss threshold and NeurIPS-2023 loss CV, forget vs the test rows of the forget
 *   set's classes / groups; SCRUB entropy), flat
 *   `scalars`, and per-example values for charts;
 * - with `groups` on a split: per-group accuracy, demographic-parity and equalised-odds gaps;
 * - with `reference` (the retrained model of the same seed on the same rows): agreement
 *   (completeness), JS divergence and activation distance on the forget set, and gaps of every
 *   scalar to the reference's, with the average gap over the standard set;
 * - with `weights`: normalised weight distance of the model's weights to the reference's;
 * - with `randomModelForget`: ZRF; with `backdoor`: attack success rate; with `timing`: speedup.
 * Distinguishability needs N models per side, so it is not computed here: the record carries
 * each forget example's logit-scaled confidence φ, and the study level passes the φ arrays of
 * N unlearned and N retrained runs to `distinguishability`.
 */
import { createRandom, sampleWithoutReplacement } from '../random';
import { accuracy, perClassAccuracy, predictionAgreement, type ClassAccuracy } from './accuracy';
import { backdoorAttackSuccessRate, type BackdoorResult } from './backdoor';
import { logitScaledConfidences } from './distinguishability';
import { membershipPopulation, type MembershipPopulation } from './membership-population';
import { activationDistance, meanJensenShannon, zeroRetrainForgetting } from './divergence';
import { metricGaps, type GapReport } from './gaps';
import { groupFairness, type GroupFairnessResult } from './group-fairness';
import {
  crossValidatedLossAttack,
  entropyMembershipAttack,
  thresholdAttack,
  type CrossValidatedAttackResult,
  type EntropyAttackResult,
  type ThresholdAttackResult,
} from './membership-inference';
import {
  checkOutputs,
  crossEntropyLosses,
  mean,
  outputEntropies,
  predictedClasses,
  trueClassConfidences,
} from './per-example';
import { speedup } from './timing';
import type { FlatWeights, SplitOutputs } from './types';
import { weightDistance, type WeightDistanceResult } from './weight-distance';

export const METRICS_SCHEMA_VERSION = 1;

/** Accuracy on a sweeping study's validation rows (carved from training data; see lib/studies/validation-split). */
export const VALIDATION_ACCURACY_KEY = 'accuracy.validation';

export type SplitName = 'forget' | 'retain' | 'test';
const SPLITS: readonly SplitName[] = ['forget', 'retain', 'test'];

export interface EvaluateModelInput {
  numClasses: number;
  forget: SplitOutputs;
  retain: SplitOutputs;
  test: SplitOutputs;
  /** Seed of every random choice made here (use the run's seed). */
  seed: number;
  /** Softmax outputs of the retrained model of the same seed on the same rows (optional). */
  reference?: Record<SplitName, Float32Array>;
  /** Weights of this model and of the reference, for the weight distance (optional). */
  weights?: { model: FlatWeights; reference: FlatWeights };
  /** Softmax outputs of a randomly initialised model on the forget rows, for ZRF (optional). */
  randomModelForget?: Float32Array;
  /** Outputs on triggered test inputs, for the backdoor success rate (optional). */
  backdoor?: { probabilities: Float32Array; labels: Int32Array; targetClass: number };
  /** Wall-clock seconds of this run, and of the retrain run for the speedup (optional). */
  timing?: { seconds: number; retrainSeconds?: number };
  /** Class names by index, for describing the membership attack's population (optional). */
  classNames?: readonly string[];
  options?: EvaluateModelOptions;
}

export interface EvaluateModelOptions {
  /** Positive class for group gaps (default: 1 for binary, mean over classes otherwise). */
  positiveClass?: number;
  /** Cap on per-example chart values kept for retain and test (default 2000; forget is whole). */
  maxChartExamples?: number;
  /** Cap on ROC points kept (default 200). */
  maxCurvePoints?: number;
  /** Folds of the cross-validated loss attack (default 10). */
  crossValidationFolds?: number;
}

export interface PerExampleSplit {
  /** Row positions (within the split as given) of the values below, ascending. */
  rows: number[];
  /** Cross-entropy loss −ln p_y. */
  loss: number[];
  /** p_y, probability of the true class. */
  confidence: number[];
}

export interface PerExampleForget extends PerExampleSplit {
  /** Logit-scaled confidence φ = log p_y − log Σ_{j≠y} p_j, input of distinguishability. */
  logitConfidence: number[];
  predicted: number[];
}

export interface ReferenceComparison {
  /** Completeness (Cao & Yang): share of rows where this model and Mr predict the same class. */
  agreement: Record<SplitName, number>;
  /** Mean JS divergence to Mr on the forget set, in bits, [0, 1]. */
  forgetJensenShannonBits: number;
  /** Mean ‖p_u − p_r‖₂ on the forget set, [0, √2]. */
  forgetActivationDistance: number;
  /** The reference's own scalars, computed here with the same seed. */
  referenceScalars: Record<string, number>;
  gaps: GapReport;
}

export interface ModelMetricsRecord {
  schemaVersion: number;
  numClasses: number;
  seed: number;
  counts: Record<SplitName, number>;
  accuracy: Record<SplitName, number>;
  meanLoss: Record<SplitName, number>;
  perClassAccuracy: Record<SplitName, ClassAccuracy[]>;
  /** One entry per sensitive attribute given on the split; empty without groups. */
  fairness: Record<SplitName, GroupFairnessResult[]>;
  membershipInference: {
    /**
     * The non-members of the loss attacks: all test rows, or (class / subgroup forgetting) the
     * test rows of the forget set's classes and groups; see membership-population.ts.
     */
    population: MembershipPopulation;
    /** Loss threshold attack, forget = member, population = non-member, lower loss = member. */
    lossThreshold: ThresholdAttackResult;
    entropy: EntropyAttackResult;
    /** null when forget or the non-member population has fewer than 2 rows. */
    lossCrossValidated: CrossValidatedAttackResult | null;
  };
  zrf: number | null;
  backdoor: BackdoorResult | null;
  timing: { seconds: number; retrainSeconds: number | null; speedup: number | null } | null;
  reference: ReferenceComparison | null;
  /** Normalised distance of `weights.model` to `weights.reference` (same seed only). */
  weightDistance: WeightDistanceResult | null;
  /**
   * Flat scalar metrics with dotted keys, for gaps, summaries across seeds and tables:
   * accuracy.{split}, loss.{split}, mia.loss.auc, mia.loss.advantage,
   * mia.entropy.forgetMemberRate, mia.lossCv.accuracy, fairness.{split}.{attribute}.
   * {accuracyGap,demographicParityGap,equalizedOddsGap}, zrf, backdoor.attackSuccessRate,
   * timing.seconds, timing.speedup, and comparisons with the reference: reference.agreement.
   * {split}, reference.forgetJensenShannonBits, reference.forgetActivationDistance,
   * reference.weightDistance. A key is absent when its metric could not be computed.
   */
  scalars: Record<string, number>;
  perExample: { forget: PerExampleForget; retain: PerExampleSplit; test: PerExampleSplit };
}

type CoreRecord = Omit<ModelMetricsRecord, 'reference' | 'weightDistance'>;

function chartRows(n: number, cap: number, seed: number, label: string): Int32Array {
  if (n <= cap) return Int32Array.from({ length: n }, (_, i) => i);
  return sampleWithoutReplacement(n, cap, createRandom(seed).fork(label));
}

function pick(values: Float64Array, rows: Int32Array): number[] {
  return Array.from(rows, (r) => values[r]);
}

function evaluateCore(input: EvaluateModelInput, probs: Record<SplitName, Float32Array>): CoreRecord {
  const k = input.numClasses;
  const opts = input.options ?? {};
  const maxChart = opts.maxChartExamples ?? 2000;
  const counts = {} as Record<SplitName, number>;
  for (const s of SPLITS) {
    counts[s] = checkOutputs(probs[s], input[s].labels, k);
    if (counts[s] === 0) throw new Error(`the ${s} split is empty`);
  }
  const losses = {} as Record<SplitName, Float64Array>;
  const conf = {} as Record<SplitName, Float64Array>;
  for (const s of SPLITS) {
    losses[s] = crossEntropyLosses(probs[s], input[s].labels, k);
    conf[s] = trueClassConfidences(probs[s], input[s].labels, k);
  }
  const acc = {} as Record<SplitName, number>;
  const meanLoss = {} as Record<SplitName, number>;
  const perClass = {} as Record<SplitName, ClassAccuracy[]>;
  const fairness = {} as Record<SplitName, GroupFairnessResult[]>;
  for (const s of SPLITS) {
    acc[s] = accuracy(probs[s], input[s].labels, k);
    meanLoss[s] = mean(losses[s]);
    perClass[s] = perClassAccuracy(probs[s], input[s].labels, k);
    fairness[s] = (input[s].groups ?? []).map((g) =>
      groupFairness(probs[s], input[s].labels, k, g, { positiveClass: opts.positiveClass }),
    );
  }

  // Non-members of the same classes / groups as the forget set, so the attacks measure
  // membership and not the class (a retrained model then scores about 0.5).
  const { rows: nonMemberRows, population } = membershipPopulation(
    input.forget.labels,
    input.test.labels,
    input.forget.groups,
    input.test.groups,
    input.classNames,
  );
  const nonMemberLosses = nonMemberRows.length === counts.test ? losses.test : Float64Array.from(nonMemberRows, (r) => losses.test[r]);
  const lossThreshold = thresholdAttack(losses.forget, nonMemberLosses, {
    memberSide: 'lower',
    score: 'loss',
    maxCurvePoints: opts.maxCurvePoints,
  });
  const entropy = entropyMembershipAttack(
    outputEntropies(probs.forget, k),
    outputEntropies(probs.retain, k),
    outputEntropies(probs.test, k),
    input.seed,
  );
  const lossCrossValidated =
    Math.min(counts.forget, nonMemberLosses.length) >= 2
      ? crossValidatedLossAttack(losses.forget, nonMemberLosses, input.seed, opts.crossValidationFolds)
      : null;

  const zrf = input.randomModelForget ? zeroRetrainForgetting(probs.forget, input.randomModelForget, k) : null;
  const backdoor = input.backdoor
    ? backdoorAttackSuccessRate(input.backdoor.probabilities, input.backdoor.labels, k, input.backdoor.targetClass)
    : null;
  const timing = input.timing
    ? {
        seconds: input.timing.seconds,
        retrainSeconds: input.timing.retrainSeconds ?? null,
        speedup:
          input.timing.retrainSeconds !== undefined ? speedup(input.timing.retrainSeconds, input.timing.seconds) : null,
      }
    : null;

  const scalars: Record<string, number> = {};
  const put = (key: string, value: number | null) => {
    if (value !== null) scalars[key] = value;
  };
  for (const s of SPLITS) {
    put(`accuracy.${s}`, acc[s]);
    put(`loss.${s}`, meanLoss[s]);
  }
  put('mia.loss.auc', lossThreshold.auc);
  put('mia.loss.advantage', lossThreshold.advantage);
  put('mia.entropy.forgetMemberRate', entropy.forgetMemberRate);
  put('mia.lossCv.accuracy', lossCrossValidated?.accuracy ?? null);
  for (const s of SPLITS) {
    for (const f of fairness[s]) {
      put(`fairness.${s}.${f.attribute}.accuracyGap`, f.accuracy.largestGap);
      put(`fairness.${s}.${f.attribute}.demographicParityGap`, f.demographicParity.gap);
      put(`fairness.${s}.${f.attribute}.equalizedOddsGap`, f.equalizedOdds.gap);
    }
  }
  put('zrf', zrf);
  put('backdoor.attackSuccessRate', backdoor?.attackSuccessRate ?? null);
  put('timing.seconds', timing?.seconds ?? null);
  put('timing.speedup', timing?.speedup ?? null);

  const forgetRows = Int32Array.from({ length: counts.forget }, (_, i) => i);
  const retainRows = chartRows(counts.retain, maxChart, input.seed, 'chart-retain');
  const testRows = chartRows(counts.test, maxChart, input.seed, 'chart-test');
  const perExample = {
    forget: {
      rows: Array.from(forgetRows),
      loss: Array.from(losses.forget),
      confidence: Array.from(conf.forget),
      logitConfidence: Array.from(logitScaledConfidences(probs.forget, input.forget.labels, k)),
      predicted: Array.from(predictedClasses(probs.forget, k)),
    },
    retain: { rows: Array.from(retainRows), loss: pick(losses.retain, retainRows), confidence: pick(conf.retain, retainRows) },
    test: { rows: Array.from(testRows), loss: pick(losses.test, testRows), confidence: pick(conf.test, testRows) },
  };

  return {
    schemaVersion: METRICS_SCHEMA_VERSION,
    numClasses: k,
    seed: input.seed,
    counts,
    accuracy: acc,
    meanLoss,
    perClassAccuracy: perClass,
    fairness,
    membershipInference: { population, lossThreshold, entropy, lossCrossValidated },
    zrf,
    backdoor,
    timing,
    scalars,
    perExample,
  };
}

/** Evaluates one model; see the file comment for what is computed from which inputs. */
export function evaluateModel(input: EvaluateModelInput): ModelMetricsRecord {
  const k = input.numClasses;
  const own = { forget: input.forget.probabilities, retain: input.retain.probabilities, test: input.test.probabilities };
  const core = evaluateCore(input, own);
  const weights = input.weights ? weightDistance(input.weights.model, input.weights.reference) : null;
  let reference: ReferenceComparison | null = null;
  if (input.reference) {
    const ref = input.reference;
    for (const s of SPLITS) {
      if (ref[s].length !== own[s].length) {
        throw new Error(`reference ${s} outputs have ${ref[s].length} values, the model's ${own[s].length}`);
      }
    }
    // The reference's scalars with the same seed and the same optional inputs that apply to
    // it (groups, random model), so both sides of each gap are measured the same way. Its
    // backdoor outputs and time are not given, so those keys have no gap.
    const refCore = evaluateCore({ ...input, backdoor: undefined, timing: undefined }, ref);
    reference = {
      agreement: {
        forget: predictionAgreement(own.forget, ref.forget, k),
        retain: predictionAgreement(own.retain, ref.retain, k),
        test: predictionAgreement(own.test, ref.test, k),
      },
      forgetJensenShannonBits: meanJensenShannon(own.forget, ref.forget, k),
      forgetActivationDistance: activationDistance(own.forget, ref.forget, k),
      referenceScalars: refCore.scalars,
      gaps: metricGaps(core.scalars, refCore.scalars),
    };
  }
  // Comparisons with the reference are scalars too (for summaries across seeds), under the
  // 'reference.' prefix, which gaps skip: they are already distances to the reference.
  const scalars = { ...core.scalars };
  if (reference) {
    for (const s of SPLITS) scalars[`reference.agreement.${s}`] = reference.agreement[s];
    scalars['reference.forgetJensenShannonBits'] = reference.forgetJensenShannonBits;
    scalars['reference.forgetActivationDistance'] = reference.forgetActivationDistance;
  }
  if (weights) scalars['reference.weightDistance'] = weights.normalizedDistance;
  return { ...core, scalars, reference, weightDistance: weights };
}
