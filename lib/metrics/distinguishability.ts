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
 * Details follow the challenge's code (google-deepmind/unlearning_evaluation, metric.py):
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
 * - 'challenge' (default): the challenge's two families ON THE CHALLENGE'S OWN GRIDS, so the
 *   per-example ε and the score equal the reference scorer's. Single threshold: "φ ≥ t belongs
 *   to the sample with the larger median" (ties: the unlearned one), t on
 *   torch.linspace(min, max, ceil(100·(max − min))) of the pooled values, which PyTorch builds
 *   in float32. Interval: "l ≤ φ ≤ r belongs to the peakier sample" (smaller range of φ; equal
 *   ranges: the smaller-median one), r on numpy.linspace(min_p + w − 2, max_p + 2,
 *   ceil(100·(max_ − min_))) of the peakier sample p, w = its range, and for each r, l on
 *   numpy.linspace(r − w − 2, r − w + 2, 400).
 * - 'challenge-exact': the same two families, but every distinct split of the pooled values
 *   the continuous families could reach, enumerated exactly. This was Lethe's rule before
 *   issue 12, and it is why Lethe's ε was higher than the reference's on 1-39 of 1,200
 *   examples: where φ values of different models lie closer together than the grid step
 *   (about 0.01; e.g. near-ties of saturated confidences), an exact split separates them and
 *   the grid cannot, so the exact attacker is a little stronger. Kept for comparison.
 * - 'all-splits': every single threshold in BOTH directions and every interval between pooled
 *   values, each labelled either way. A stronger attacker: ε is never lower than with
 *   'challenge' and, with small N, often higher (narrow intervals pick up sampling noise, so
 *   identical distributions score worse). Useful as a worst case, not comparable with
 *   published challenge numbers.
 * N = 2 gives a ceiling of 0, where every example would score 0 whatever the method: the
 * forget quality is then null with a reason ("not computable with N = 2"), never 0.
 * Cost per example: 'challenge' about 160,000 grid rules (counted, not scored: ε is computed once
 * per distinct pair of counts); the exact families O(m²) with m ≤ 2N distinct values.
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
export type DistinguishabilityRules = 'challenge' | 'challenge-exact' | 'all-splits';

/** Grid points per unit of φ in the challenge's threshold scans (NUM_THRESHOLDS_PER_UNIT). */
const THRESHOLDS_PER_UNIT = 100;
/** How far the challenge's interval ends range around the peakier sample (its `buffer`). */
const INTERVAL_BUFFER = 2;

/**
 * numpy.linspace(start, stop, num) in float64, operation for operation: y_i = i·step + start
 * with step = (stop − start)/(num − 1) (when step is 0: (i/(num − 1))·(stop − start) + start),
 * and the last point set to stop exactly.
 */
export function numpyLinspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(Math.max(0, num));
  if (num <= 0) return out;
  const div = num - 1;
  const delta = stop - start;
  const step = div > 0 ? delta / div : NaN;
  for (let i = 0; i < num; i++) out[i] = (div > 0 && step === 0 ? (i / div) * delta : div > 0 ? i * step : i * delta) + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * torch.linspace(start, end, steps) with the default float32 dtype, as PyTorch's scalar kernel
 * computes it: start, end and the step in float32, the first half counted up from start, the
 * second half down from end. (The vectorised CPU path can differ in the last float32 bit; that
 * matters only for a φ within one float32 ulp of a grid point.)
 */
export function torchLinspaceFloat32(start: number, end: number, steps: number): Float64Array {
  const at = torchLinspaceFloat32At(start, end, steps);
  return Float64Array.from({ length: Math.max(0, steps) }, (_, i) => at(i));
}

/** Point i of torchLinspaceFloat32(start, end, steps), without building the array. */
export function torchLinspaceFloat32At(start: number, end: number, steps: number): (i: number) => number {
  const f = Math.fround;
  const s32 = f(start), e32 = f(end);
  if (steps <= 1) return () => s32;
  const step = f(f(e32 - s32) / f(steps - 1));
  const halfway = Math.floor(steps / 2);
  return (i) => (i < halfway ? f(s32 + f(step * i)) : f(e32 - f(step * (steps - i - 1))));
}

/** How many values of an ascending array are < x (strict) or ≤ x, by linear walk from `from`. */
function countBelow(sorted: Float64Array, x: number, strict: boolean, from = 0): number {
  let k = from;
  if (strict) while (k < sorted.length && sorted[k] < x) k++;
  else while (k < sorted.length && sorted[k] <= x) k++;
  return k;
}

/** The rule with the largest ε seen so far (the first of equal ones is kept). */
class BestRule {
  value = -1;
  example: ExampleEpsilon = { epsilon: 0, reason: 'no-rule', falsePositiveRate: null, falseNegativeRate: null, rule: null };
  constructor(private readonly delta: number) {}

  consider(fpr: number, fnr: number, rule: NonNullable<ExampleEpsilon['rule']>): void {
    const e = ruleEpsilon(fpr, fnr, this.delta);
    if (Number.isNaN(e) || e <= this.value) return;
    this.value = e;
    this.example = { epsilon: Math.min(e, EPSILON_CAP), reason: e === Infinity ? 'perfect-separation' : 'rules', falsePositiveRate: fpr, falseNegativeRate: fnr, rule };
  }
}

/**
 * ε of one example under the challenge's own threshold grids (see the file comment), so that
 * per-example ε and the score equal the reference scorer's. `pos` is the larger-median sample
 * (ties: unlearned); rates are counted in float64 (the reference counts them in float32, which
 * can only matter at a bucket edge, and no ratio of counts of a few models lands within float32
 * rounding of e^(k/2)).
 */
function challengeGridEpsilon(unlearned: ArrayLike<number>, retrained: ArrayLike<number>, delta: number): ExampleEpsilon {
  const posSide: Side = median(retrained) > median(unlearned) ? 'retrained' : 'unlearned';
  const sortedOf = (v: ArrayLike<number>) => Float64Array.from(v).sort();
  const pos = sortedOf(posSide === 'retrained' ? retrained : unlearned);
  const neg = sortedOf(posSide === 'retrained' ? unlearned : retrained);
  const nPos = pos.length, nNeg = neg.length;

  // ε depends only on the pair of counts a rule gives, so each pair is scored once.
  const best = new BestRule(delta);
  const consider = (fpr: number, fnr: number, rule: NonNullable<ExampleEpsilon['rule']>) => best.consider(fpr, fnr, rule);

  // Single threshold: "φ ≥ t is pos", t on torch.linspace(min, max, ceil((max − min)·100)) in float32.
  const min = Math.min(pos[0], neg[0]), max = Math.max(pos[nPos - 1], neg[nNeg - 1]);
  const steps = Math.ceil((max - min) * THRESHOLDS_PER_UNIT);
  const thresholdAt = torchLinspaceFloat32At(min, max, steps);
  const approxStep = steps > 1 ? (max - min) / (steps - 1) : 1;
  // Pooled values ascending, and how many of the first k are pos's.
  const pooledAll = new Float64Array(nPos + nNeg);
  const posBefore = new Int32Array(nPos + nNeg + 1);
  for (let a = 0, b = 0, k = 0; k < pooledAll.length; k++) {
    const takePos = b >= nNeg || (a < nPos && pos[a] <= neg[b]);
    pooledAll[k] = takePos ? pos[a++] : neg[b++];
    posBefore[k + 1] = posBefore[k] + (takePos ? 1 : 0);
  }
  // The counts below a threshold change only where it crosses a pooled value: for each gap
  // (pooled[k−1], pooled[k]] find the first grid point inside it, if any (thresholds ascend).
  const seenSingle = new Int32Array((nPos + 1) * (nNeg + 1)).fill(-1);
  let ti = 0;
  for (let k = 0; k <= pooledAll.length && steps > 0; k++) {
    if (k > 0) {
      const below = pooledAll[k - 1];
      if (k < pooledAll.length && pooledAll[k] === below) continue;
      ti = Math.max(ti, Math.min(steps, Math.ceil((below - min) / approxStep)));
      while (ti > 0 && thresholdAt(ti - 1) > below) ti--;
      while (ti < steps && thresholdAt(ti) <= below) ti++;
    }
    if (ti >= steps) break;
    if (k < pooledAll.length && thresholdAt(ti) > pooledAll[k]) continue;
    const key = posBefore[k] * (nNeg + 1) + (k - posBefore[k]);
    if (seenSingle[key] < 0) seenSingle[key] = ti;
  }
  for (let key = 0; key < seenSingle.length; key++) {
    if (seenSingle[key] < 0) continue;
    const bp = Math.floor(key / (nNeg + 1)), bn = key % (nNeg + 1);
    consider((nNeg - bn) / nNeg, bp / nPos, { low: thresholdAt(seenSingle[key]), high: null, insideIs: posSide });
  }

  // Interval: "l ≤ φ ≤ r is the peakier sample"; r on numpy.linspace(min_, max_, ceil((max_ − min_)·100)),
  // l on numpy.linspace(r − width − 2, r − width + 2, 400) for each r (float64 grids).
  const posDiff = pos[nPos - 1] - pos[0], negDiff = neg[nNeg - 1] - neg[0];
  const width = posDiff > negDiff ? negDiff : posDiff;
  const peakyIsPos = !(posDiff >= negDiff);
  const peaky = peakyIsPos ? pos : neg, rest = peakyIsPos ? neg : pos;
  const peakySide: Side = peakyIsPos ? posSide : other(posSide);
  const nPeaky = peaky.length, nRest = rest.length;
  const rightMin = peaky[0] + width - INTERVAL_BUFFER, rightMax = peaky[nPeaky - 1] + INTERVAL_BUFFER;
  const rights = numpyLinspace(rightMin, rightMax, Math.ceil((rightMax - rightMin) * THRESHOLDS_PER_UNIT));
  const numLeft = Math.ceil(2 * INTERVAL_BUFFER * THRESHOLDS_PER_UNIT);
  const seenInterval = new Int32Array((nPeaky + 1) * (nRest + 1)).fill(-1);
  const seenLeft = new Float64Array(seenInterval.length);
  // Pooled values ascending, and how many of the first k are the peakier sample's.
  const m = nPeaky + nRest;
  const pooled = new Float64Array(m);
  const peakyBefore = new Int32Array(m + 1);
  for (let a = 0, b = 0, k = 0; k < m; k++) {
    const takePeaky = b >= nRest || (a < nPeaky && peaky[a] <= rest[b]);
    pooled[k] = takePeaky ? peaky[a++] : rest[b++];
    peakyBefore[k + 1] = peakyBefore[k] + (takePeaky ? 1 : 0);
  }
  let atMostPeaky = 0, atMostRest = 0;
  for (let ri = 0; ri < rights.length; ri++) {
    const r = rights[ri];
    atMostPeaky = countBelow(peaky, r, false, atMostPeaky);
    atMostRest = countBelow(rest, r, false, atMostRest);
    // Lefts: numpy.linspace(r − w − 2, r − w + 2, 400). The counts below a left change only
    // where it crosses a pooled value, so instead of all 400 lefts, find for each gap
    // (pooled[k−1], pooled[k]] the first left inside it, if any.
    const leftStart = r - width - INTERVAL_BUFFER, leftStop = r - width + INTERVAL_BUFFER;
    const leftStep = (leftStop - leftStart) / (numLeft - 1);
    const leftAt = (i: number) => (i === numLeft - 1 ? leftStop : i * leftStep + leftStart);
    let i = 0;
    for (let k = 0; k <= m; k++) {
      if (k > 0) {
        const below = pooled[k - 1];
        if (k < m && pooled[k] === below) continue; // an empty gap between tied values
        // First left > below: estimate, then step to the exact grid point (lefts ascend).
        i = Math.max(i, Math.min(numLeft, Math.ceil((below - leftStart) / leftStep)));
        while (i > 0 && leftAt(i - 1) > below) i--;
        while (i < numLeft && leftAt(i) <= below) i++;
      }
      if (i >= numLeft) break;
      const l = leftAt(i);
      if (k < m && l > pooled[k]) continue;
      const lessPeaky = peakyBefore[k], lessRest = k - lessPeaky;
      const inPeaky = atMostPeaky > lessPeaky ? atMostPeaky - lessPeaky : 0;
      const inRest = atMostRest > lessRest ? atMostRest - lessRest : 0;
      const key = inPeaky * (nRest + 1) + inRest;
      if (seenInterval[key] < 0) {
        seenInterval[key] = ri;
        seenLeft[key] = l;
      }
    }
  }
  for (let key = 0; key < seenInterval.length; key++) {
    if (seenInterval[key] < 0) continue;
    const inPeaky = Math.floor(key / (nRest + 1)), inRest = key % (nRest + 1);
    consider(inRest / nRest, (nPeaky - inPeaky) / nPeaky, { low: seenLeft[key], high: rights[seenInterval[key]], insideIs: peakySide });
  }
  return best.example;
}

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

  if (rules === 'challenge') return challengeGridEpsilon(unlearned, retrained, delta);

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

  const best = new BestRule(delta);
  const consider = (i: number, j: number, insideIs: Side) => {
    // a = P_unlearned(S), b = P_retrained(S) for S = pooled values v_i..v_j.
    const a = (cu[j + 1] - cu[i]) / nU;
    const b = (cr[j + 1] - cr[i]) / nR;
    // Positives = the side called inside S: FPR = other side's mass in S, FNR = own mass outside.
    const fpr = insideIs === 'unlearned' ? b : a;
    const fnr = insideIs === 'unlearned' ? 1 - a : 1 - b;
    // An open end (the set runs to the smallest or largest value) is a single threshold.
    best.consider(fpr, fnr, { low: i === 0 ? null : values[i], high: j === m - 1 ? null : values[j], insideIs });
  };
  for (let i = 0; i < m && best.value !== Infinity; i++) {
    for (let j = i; j < m && best.value !== Infinity; j++) {
      if (rules === 'all-splits') {
        consider(i, j, 'unlearned');
        consider(i, j, 'retrained');
      } else {
        if (j === m - 1) consider(i, j, thresholdHighIs);
        if (reachable(i, j)) consider(i, j, peaky);
      }
    }
  }
  return best.example;
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
  /** F = mean points, in [0, 1]; null when the score is not computable (see `notComputable`). */
  forgetQuality: number | null;
  /** Why F is null, e.g. "not computable with N = 2 (ε ceiling 0)"; null when F is a number. */
  notComputable: string | null;
  retainAccuracyRatio: number | null;
  testAccuracyRatio: number | null;
  /** F × RA ratio × TA ratio; null without F, without accuracies (or with a zero denominator). */
  finalScore: number | null;
}

/** The sentence shown instead of a forget quality when the ε ceiling is 0. */
export function forgetQualityNotComputable(numModels: number, ceiling: number): string | null {
  return ceiling > 0
    ? null
    : `not computable with N = ${numModels}: the ε ceiling ceil(ln(N − 1)) is ${ceiling}, so every example would score 0 whatever the method`;
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
  const notComputable = forgetQualityNotComputable(numModels, ceiling);
  const forgetQuality = notComputable === null ? total / s : null;
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
    notComputable,
    retainAccuracyRatio,
    testAccuracyRatio,
    finalScore:
      forgetQuality !== null && retainAccuracyRatio !== null && testAccuracyRatio !== null
        ? forgetQuality * retainAccuracyRatio * testAccuracyRatio
        : null,
  };
}
