/**
 * Distinguishability from retraining: the forget-quality score of the NeurIPS 2023 Machine
 * Unlearning challenge (Triantafillou, Kairouz, Pedregosa et al. 2024, "Are we making progress
 * in unlearning? Findings from the first NeurIPS unlearning competition"; reference code
 * google-deepmind/unlearning_evaluation, metric.py).
 *
 * Unlearning should make the unlearned model Mu indistinguishable from a model Mr retrained
 * without the forget set, as (ε, δ) does in differential privacy. Both are random (seeds), so
 * the metric looks at distributions: N unlearned and N retrained models from different seeds.
 * For each forget example x it takes the logit-scaled confidence
 *     φ(x) = log p_y(x) − log Σ_{j≠y} p_j(x)
 * under every model, giving two samples of N values, and asks how well any decision rule of a
 * simple family (one threshold or an interval on φ) tells the samples apart. For a rule with
 * false-positive rate FPR and false-negative rate FNR,
 *     ε = max( log(1 − δ − FPR) − log FNR,  log(1 − δ − FNR) − log FPR ),  δ = 1e-5,
 * the smallest ε for which the rule's error pair is allowed by (ε, δ)-indistinguishability.
 * The example's ε is the MAX over rules: the strongest attacker decides. This is the
 * challenge's rule. (The Unlearning Comparator's "privacy score" takes the MIN of the two log
 * terms per rule, which is more lenient; it is not what is computed here.)
 *
 * Score: per example 2^(−floor(ε / 0.5)) when ε < ceil(ln(N − 1)), else 0. The ceiling is
 * a back-of-the-envelope bound on the ε that N samples per side can certify: with N = 8 it is
 * 2, so an example scores 1, ½, ¼ or ⅛ — or 0. Always show N and the ceiling with F. Forget
 * quality F = mean over examples; final challenge score = F × (RA_u / RA_r) × (TA_u / TA_r).
 *
 * Details follow the challenge's code where the formula alone leaves them open:
 * - rates of a rule with FPR = FNR = 0 (the samples are perfectly separated) give ε = ∞;
 * - rules where exactly one of FPR, FNR is 0 are DISCARDED: with N samples an extreme
 *   threshold that isolates one sample always exists, and counting it as ε = ∞ would mark
 *   every example as infinitely distinguishable; the challenge treats it as too few samples;
 * - log terms of a non-positive number are ignored; negative ε is raised to 0;
 * - ε is capped at EPSILON_CAP = 50 (so the result stays a finite, JSON-safe number; any ε at
 *   or above the ceiling scores 0 anyway);
 * - "peaked" guard: if one sample's range (max − min of φ) is below 1% of the other's, the
 *   example gets ε = EPSILON_CAP (e.g. a deterministic method run from one checkpoint gives N
 *   identical φ, which a threshold grid may not resolve).
 * Rule families (option `rules`):
 * - 'challenge' (default): the challenge's two families. Single threshold: "φ ≥ t belongs to
 *   the sample with the larger median" (ties: the unlearned one). Interval: "l ≤ φ ≤ r belongs
 *   to the peakier sample" (smaller range of φ), with width r − l within ±2 of the peakier
 *   sample's range and r in [min + width − 2, max + 2] of that sample. The challenge scans
 *   these on a grid (100 thresholds per unit of φ); here every distinct split of the pooled
 *   values the grid could reach is enumerated exactly, so the result equals the grid's up to
 *   its resolution (checked against a numpy port of the challenge code on 200 random cases:
 *   equal in 198; in 2 the grid, step ≈ 0.01, stepped over a split narrower than that).
 * - 'all-splits': every single threshold in BOTH directions and every interval between pooled
 *   values, each labelled either way. A stronger attacker: ε is never lower than with
 *   'challenge' and, with small N, often higher (narrow intervals pick up sampling noise, so
 *   identical distributions score worse). Useful as a worst case, not comparable with
 *   published challenge numbers.
 * Cost per example: O(m²) with m ≤ 2N distinct values.
 */

import { checkOutputs } from './per-example';

export const DISTINGUISHABILITY_DELTA = 1e-5;
/** ε reported for perfectly separated or peaked samples (the challenge's EPSILON_CAP). */
export const EPSILON_CAP = 50;
/** Width of a scoring bucket of ε. */
export const EPSILON_BUCKET_WIDTH = 0.5;
/** Added inside the logarithms of φ, as in the challenge (from the LiRA code): log(p + 1e-45). */
const PHI_FLOOR = 1e-45;

/**
 * Logit-scaled confidence φ = log p_y − log Σ_{j≠y} p_j of every row (Carlini et al. 2022,
 * "Membership inference attacks from first principles" (LiRA); used by the challenge). The
 * wrong-class mass is summed from the other probabilities rather than taken as 1 − p_y, which
 * would cancel catastrophically when p_y is close to 1 in float32; both terms get + 1e-45 so a
 * probability that underflowed to 0 gives a large finite φ (about ±103.6) instead of ±∞.
 */
export function logitScaledConfidences(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
): Float64Array {
  const n = checkOutputs(probabilities, labels, numClasses);
  if (numClasses < 2) throw new Error('logit-scaled confidence needs at least 2 classes');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses;
    const y = labels[i];
    let wrong = 0;
    for (let j = 0; j < numClasses; j++) if (j !== y) wrong += probabilities[base + j];
    out[i] = Math.log(probabilities[base + y] + PHI_FLOOR) - Math.log(wrong + PHI_FLOOR);
  }
  return out;
}

/**
 * The same φ from raw logits z, exactly and stably: φ = z_y − log Σ_{j≠y} exp(z_j) (the
 * softmax normaliser cancels). Prefer this when the ML layer has logits.
 */
export function logitScaledConfidencesFromLogits(
  logits: Float32Array,
  labels: Int32Array,
  numClasses: number,
): Float64Array {
  const n = checkOutputs(logits, labels, numClasses);
  if (numClasses < 2) throw new Error('logit-scaled confidence needs at least 2 classes');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const base = i * numClasses;
    const y = labels[i];
    let max = -Infinity;
    for (let j = 0; j < numClasses; j++) if (j !== y && logits[base + j] > max) max = logits[base + j];
    let sum = 0;
    for (let j = 0; j < numClasses; j++) if (j !== y) sum += Math.exp(logits[base + j] - max);
    out[i] = logits[base + y] - (max + Math.log(sum));
  }
  return out;
}

/** ε ceiling ceil(ln(N − 1)) for N models per side: ε at or above it scores 0. */
export function epsilonCeiling(numModels: number): number {
  if (!Number.isInteger(numModels) || numModels < 2) {
    throw new Error(`distinguishability needs at least 2 models per side, got ${numModels}`);
  }
  // Math.log(1) = 0 exactly, so N = 2 gives a ceiling of 0: nothing can score.
  return Math.ceil(Math.log(numModels - 1));
}

/** Points an example earns for its ε: 2^(−floor(ε/0.5)) below the ceiling, else 0. */
export function epsilonPoints(epsilon: number, ceiling: number): number {
  if (!(epsilon < ceiling)) return 0;
  return 2 ** -Math.floor(epsilon / EPSILON_BUCKET_WIDTH);
}

/** ε of one decision rule from its error rates; NaN when the rule is discarded. */
export function ruleEpsilon(fpr: number, fnr: number, delta = DISTINGUISHABILITY_DELTA): number {
  if (fpr === 0 && fnr === 0) return Infinity;
  if (fpr === 0 || fnr === 0) return NaN;
  const e1 = Math.log(1 - delta - fpr) - Math.log(fnr);
  const e2 = Math.log(1 - delta - fnr) - Math.log(fpr);
  // Math.log of a negative number is NaN: that term is ignored, as np.nanmax does.
  if (Number.isNaN(e1) && Number.isNaN(e2)) return NaN;
  const e = Number.isNaN(e1) ? e2 : Number.isNaN(e2) ? e1 : Math.max(e1, e2);
  return Math.max(0, e);
}

export type EpsilonReason = 'rules' | 'perfect-separation' | 'peaked' | 'no-rule';

export interface ExampleEpsilon {
  /** ε in [0, EPSILON_CAP]. */
  epsilon: number;
  reason: EpsilonReason;
  /** The winning rule's error rates (null when no rule decided). */
  falsePositiveRate: number | null;
  falseNegativeRate: number | null;
  /** The winning rule: unlearned φ values in [low, high] are called "unlearned" (or the reverse). */
  rule: { low: number | null; high: number | null; insideIs: Side } | null;
}

type Side = 'unlearned' | 'retrained';
const other = (side: Side): Side => (side === 'unlearned' ? 'retrained' : 'unlearned');

function range(values: ArrayLike<number>): number {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return hi - lo;
}

function median(values: ArrayLike<number>): number {
  const v = Array.from(values).sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Which decision rules the attacker may use (see the file comment). */
export type DistinguishabilityRules = 'challenge' | 'all-splits';

/** ε of one forget example from its φ under the unlearned and the retrained models. */
export function exampleEpsilon(
  unlearned: ArrayLike<number>,
  retrained: ArrayLike<number>,
  delta = DISTINGUISHABILITY_DELTA,
  rules: DistinguishabilityRules = 'challenge',
): ExampleEpsilon {
  const nU = unlearned.length, nR = retrained.length;
  if (nU === 0 || nR === 0) throw new Error('exampleEpsilon needs both samples');
  for (let i = 0; i < nU; i++) if (!Number.isFinite(unlearned[i])) throw new Error(`unlearned φ[${i}] is not finite`);
  for (let i = 0; i < nR; i++) if (!Number.isFinite(retrained[i])) throw new Error(`retrained φ[${i}] is not finite`);

  const rangeU = range(unlearned), rangeR = range(retrained);
  const largest = Math.max(rangeU, rangeR), smallest = Math.min(rangeU, rangeR);
  // Same test as the challenge; 0/0 (both constant) is not "peaked" and goes to the rules.
  if (largest > 0 && smallest / largest < 0.01) {
    return { epsilon: EPSILON_CAP, reason: 'peaked', falsePositiveRate: null, falseNegativeRate: null, rule: null };
  }

  // Distinct pooled values and, per value, how many of each sample sit on it.
  const pooled = [...Array.from(unlearned), ...Array.from(retrained)].sort((a, b) => a - b);
  const values: number[] = [];
  for (const v of pooled) if (values.length === 0 || values[values.length - 1] !== v) values.push(v);
  const m = values.length;
  const indexOf = new Map<number, number>(values.map((v, i) => [v, i]));
  const cu = new Float64Array(m + 1), cr = new Float64Array(m + 1); // prefix counts
  for (let i = 0; i < nU; i++) cu[(indexOf.get(unlearned[i]) as number) + 1]++;
  for (let i = 0; i < nR; i++) cr[(indexOf.get(retrained[i]) as number) + 1]++;
  for (let i = 0; i < m; i++) {
    cu[i + 1] += cu[i];
    cr[i + 1] += cr[i];
  }

  // The challenge's labels: thresholds call the larger-median sample (ties: unlearned) on the
  // high side; intervals call the peakier sample inside (equal ranges: the other one).
  const thresholdHighIs: Side = median(retrained) > median(unlearned) ? 'retrained' : 'unlearned';
  const rangeOfHigh = thresholdHighIs === 'retrained' ? rangeR : rangeU;
  const rangeOfLow = thresholdHighIs === 'retrained' ? rangeU : rangeR;
  const peaky: Side = rangeOfHigh >= rangeOfLow ? other(thresholdHighIs) : thresholdHighIs;
  const peakyValues = peaky === 'unlearned' ? unlearned : retrained;
  let peakyMin = Infinity, peakyMax = -Infinity;
  for (let i = 0; i < peakyValues.length; i++) {
    peakyMin = Math.min(peakyMin, peakyValues[i]);
    peakyMax = Math.max(peakyMax, peakyValues[i]);
  }
  const width = smallest;
  const rightMin = peakyMin + width - 2, rightMax = peakyMax + 2;
  // Can an interval [l, r] of the challenge's family select exactly the values v_i..v_j?
  // l ∈ (v_{i−1}, v_i], r ∈ [v_j, v_{j+1}) ∩ [rightMin, rightMax], r − l ∈ [width − 2, width + 2].
  const reachable = (i: number, j: number): boolean => {
    const rLo = Math.max(values[j], rightMin);
    const rHi = Math.min(j + 1 < m ? values[j + 1] : Infinity, rightMax);
    if (rLo > rHi) return false;
    const lLo = Math.max(rLo - width - 2, i > 0 ? values[i - 1] : -Infinity);
    const lHi = Math.min(rHi - width + 2, values[i]);
    return lLo <= lHi;
  };

  let best: ExampleEpsilon = { epsilon: 0, reason: 'no-rule', falsePositiveRate: null, falseNegativeRate: null, rule: null };
  let bestValue = -1;
  const consider = (i: number, j: number, insideIs: Side) => {
    // a = P_unlearned(S), b = P_retrained(S) for S = pooled values v_i..v_j.
    const a = (cu[j + 1] - cu[i]) / nU;
    const b = (cr[j + 1] - cr[i]) / nR;
    // Positives = the side called inside S: FPR = other side's mass in S, FNR = own mass outside.
    const fpr = insideIs === 'unlearned' ? b : a;
    const fnr = insideIs === 'unlearned' ? 1 - a : 1 - b;
    const e = ruleEpsilon(fpr, fnr, delta);
    if (Number.isNaN(e) || e <= bestValue) return;
    bestValue = e;
    best = {
      epsilon: Math.min(e, EPSILON_CAP),
      reason: e === Infinity ? 'perfect-separation' : 'rules',
      falsePositiveRate: fpr,
      falseNegativeRate: fnr,
      // An open end (the set runs to the smallest or largest value) is a single threshold.
      rule: { low: i === 0 ? null : values[i], high: j === m - 1 ? null : values[j], insideIs },
    };
  };
  for (let i = 0; i < m && bestValue !== Infinity; i++) {
    for (let j = i; j < m && bestValue !== Infinity; j++) {
      if (rules === 'all-splits') {
        consider(i, j, 'unlearned');
        consider(i, j, 'retrained');
      } else {
        if (j === m - 1) consider(i, j, thresholdHighIs);
        if (reachable(i, j)) consider(i, j, peaky);
      }
    }
  }
  return best;
}

export interface EpsilonBucket {
  /** Bucket [from, to) of ε; the last bucket [ceiling, ∞) has to = null and 0 points. */
  from: number;
  to: number | null;
  points: number;
  count: number;
}

export interface DistinguishabilityAccuracies {
  /** Mean retain accuracy of the N unlearned models (RA_u) and of the N retrained (RA_r). */
  retainUnlearned: number;
  retainRetrained: number;
  /** Mean test accuracy of the N unlearned models (TA_u) and of the N retrained (TA_r). */
  testUnlearned: number;
  testRetrained: number;
}

export interface DistinguishabilityInput {
  /** One array per unlearned model (seed): φ of every forget example, same order everywhere. */
  unlearned: ReadonlyArray<ArrayLike<number>>;
  /** One array per retrained model (seed), same layout. */
  retrained: ReadonlyArray<ArrayLike<number>>;
  /** Accuracies for the final challenge score (optional). */
  accuracies?: DistinguishabilityAccuracies;
  delta?: number;
  /** Rule family (default 'challenge'; see the file comment). */
  rules?: DistinguishabilityRules;
}

export interface DistinguishabilityResult {
  /** Always 'max': the challenge's rule (not the Unlearning Comparator's lenient 'min'). */
  logTermRule: 'max';
  rules: DistinguishabilityRules;
  /** N: models per side (the smaller count if they differ); sets the ceiling. */
  numModels: number;
  unlearnedModels: number;
  retrainedModels: number;
  forgetCount: number;
  delta: number;
  /** ceil(ln(N − 1)): ε at or above it scores 0. */
  epsilonCeiling: number;
  /** Cap applied to reported ε (infinite ε is reported as this). */
  epsilonCap: number;
  perExampleEpsilon: number[];
  perExamplePoints: number[];
  histogram: EpsilonBucket[];
  /** Examples whose ε came from perfect separation or the peaked guard. */
  cappedExamples: number;
  /** F = mean points, in [0, 1]. */
  forgetQuality: number;
  retainAccuracyRatio: number | null;
  testAccuracyRatio: number | null;
  /** F × RA ratio × TA ratio; null without accuracies (or with a zero denominator). */
  finalScore: number | null;
}

/** The challenge's forget quality F and final score (see the file comment). */
export function distinguishability(input: DistinguishabilityInput): DistinguishabilityResult {
  const delta = input.delta ?? DISTINGUISHABILITY_DELTA;
  const rules = input.rules ?? 'challenge';
  const nU = input.unlearned.length, nR = input.retrained.length;
  const numModels = Math.min(nU, nR);
  const ceiling = epsilonCeiling(numModels);
  const s = input.unlearned[0].length;
  for (const run of [...input.unlearned, ...input.retrained]) {
    if (run.length !== s) throw new Error(`every model needs φ for all ${s} forget examples, got ${run.length}`);
  }
  if (s === 0) throw new Error('distinguishability needs a non-empty forget set');

  const buckets = Math.round(ceiling / EPSILON_BUCKET_WIDTH);
  const histogram: EpsilonBucket[] = [];
  for (let k = 0; k < buckets; k++) {
    histogram.push({ from: k * EPSILON_BUCKET_WIDTH, to: (k + 1) * EPSILON_BUCKET_WIDTH, points: 2 ** -k, count: 0 });
  }
  histogram.push({ from: ceiling, to: null, points: 0, count: 0 });

  const perExampleEpsilon: number[] = [], perExamplePoints: number[] = [];
  const u = new Float64Array(nU), r = new Float64Array(nR);
  let capped = 0, total = 0;
  for (let x = 0; x < s; x++) {
    for (let i = 0; i < nU; i++) u[i] = input.unlearned[i][x];
    for (let i = 0; i < nR; i++) r[i] = input.retrained[i][x];
    const e = exampleEpsilon(u, r, delta, rules);
    if (e.reason === 'perfect-separation' || e.reason === 'peaked') capped++;
    const points = epsilonPoints(e.epsilon, ceiling);
    perExampleEpsilon.push(e.epsilon);
    perExamplePoints.push(points);
    total += points;
    const k = Math.floor(e.epsilon / EPSILON_BUCKET_WIDTH);
    histogram[k < buckets && e.epsilon < ceiling ? k : buckets].count++;
  }
  const forgetQuality = total / s;
  const acc = input.accuracies;
  const retainAccuracyRatio = acc && acc.retainRetrained > 0 ? acc.retainUnlearned / acc.retainRetrained : null;
  const testAccuracyRatio = acc && acc.testRetrained > 0 ? acc.testUnlearned / acc.testRetrained : null;
  return {
    logTermRule: 'max',
    rules,
    numModels,
    unlearnedModels: nU,
    retrainedModels: nR,
    forgetCount: s,
    delta,
    epsilonCeiling: ceiling,
    epsilonCap: EPSILON_CAP,
    perExampleEpsilon,
    perExamplePoints,
    histogram,
    cappedExamples: capped,
    forgetQuality,
    retainAccuracyRatio,
    testAccuracyRatio,
    finalScore:
      retainAccuracyRatio !== null && testAccuracyRatio !== null
        ? forgetQuality * retainAccuracyRatio * testAccuracyRatio
        : null,
  };
}
