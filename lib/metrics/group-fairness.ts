/**
 * Group metrics for the fidelity category (biased or mislabelled subgroups): accuracy per group
 * of a sensitive attribute with the largest gap between groups, the demographic-parity gap
 * and the equalised-odds gap.
 *
 * - Demographic parity (Dwork et al. 2012, "Fairness through awareness"): a class should be
 *   predicted at the same rate in every group. Gap for class c = max_g P(ŷ = c | g) − min_g
 *   P(ŷ = c | g), the "demographic parity difference" of Fairlearn.
 * - Equalised odds (Hardt, Price & Srebro 2016, "Equality of opportunity in supervised
 *   learning"): true- and false-positive rates of class c should be equal across groups. Gap
 *   for class c = max(max−min over groups of TPR, max−min over groups of FPR), the "equalized
 *   odds difference" of Fairlearn.
 *
 * Which class is "positive": a binary task (k = 2) uses class 1 unless told otherwise; a
 * multiclass task without a chosen positive class treats every class one-vs-rest and reports
 * the MEAN of the per-class gaps as `gap` (`aggregation: 'mean-over-classes'`), with the
 * per-class gaps and their maximum alongside. Groups with no row (or, for TPR/FPR, no row of
 * the needed kind) are left out of a gap, as their rate is undefined; a gap needs two groups.
 */
import type { GroupAttribute } from './types';
import { checkOutputs, predictedClasses } from './per-example';

export interface GroupAccuracy {
  code: number;
  /** Display name when the attribute carries them. */
  name: string | null;
  count: number;
  accuracy: number | null;
}

export interface GroupAccuracyResult {
  attribute: string;
  groups: GroupAccuracy[];
  /** max − min of accuracy over groups with rows; null with fewer than two such groups. */
  largestGap: number | null;
  worstGroup: number | null;
  bestGroup: number | null;
}

export type GapAggregation = 'positive-class' | 'mean-over-classes';

export interface ClassSelectionRates {
  classIndex: number;
  /** P(ŷ = c | group), index = group code; null for an empty group. */
  selectionRateByGroup: (number | null)[];
  gap: number | null;
}

export interface DemographicParityResult {
  attribute: string;
  aggregation: GapAggregation;
  positiveClass: number | null;
  classes: ClassSelectionRates[];
  /** The positive class's gap, or the mean of the per-class gaps. */
  gap: number | null;
  maxGap: number | null;
}

export interface ClassErrorRates {
  classIndex: number;
  /** P(ŷ = c | y = c, group), index = group code. */
  truePositiveRateByGroup: (number | null)[];
  /** P(ŷ = c | y ≠ c, group), index = group code. */
  falsePositiveRateByGroup: (number | null)[];
  truePositiveRateGap: number | null;
  falsePositiveRateGap: number | null;
  /** max(TPR gap, FPR gap). */
  gap: number | null;
}

export interface EqualizedOddsResult {
  attribute: string;
  aggregation: GapAggregation;
  positiveClass: number | null;
  classes: ClassErrorRates[];
  gap: number | null;
  maxGap: number | null;
}

export interface GroupFairnessResult {
  attribute: string;
  accuracy: GroupAccuracyResult;
  demographicParity: DemographicParityResult;
  equalizedOdds: EqualizedOddsResult;
}

export interface FairnessOptions {
  /** The class treated as positive; defaults to 1 for binary tasks, none for multiclass. */
  positiveClass?: number;
}

function groupCount(attribute: GroupAttribute, n: number): number {
  if (attribute.codes.length !== n) {
    throw new Error(`attribute ${attribute.name} has ${attribute.codes.length} codes for ${n} rows`);
  }
  let max = -1;
  for (let i = 0; i < n; i++) {
    const c = attribute.codes[i];
    if (c < 0 || !Number.isInteger(c)) throw new Error(`attribute ${attribute.name}: bad code ${c} at row ${i}`);
    if (c > max) max = c;
  }
  return Math.max(max + 1, attribute.values?.length ?? 0);
}

/** max − min over the non-null entries; null with fewer than two. */
function spread(values: (number | null)[]): number | null {
  let lo = Infinity, hi = -Infinity, seen = 0;
  for (const v of values) {
    if (v === null) continue;
    seen++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return seen >= 2 ? hi - lo : null;
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

function meanOfDefined(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
}

function maxOfDefined(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length > 0 ? Math.max(...defined) : null;
}

function resolveClasses(numClasses: number, options: FairnessOptions): {
  aggregation: GapAggregation;
  positiveClass: number | null;
  classes: number[];
} {
  const positive = options.positiveClass ?? (numClasses === 2 ? 1 : undefined);
  if (positive !== undefined) {
    if (!Number.isInteger(positive) || positive < 0 || positive >= numClasses) {
      throw new Error(`positiveClass ${positive} is outside [0, ${numClasses})`);
    }
    return { aggregation: 'positive-class', positiveClass: positive, classes: [positive] };
  }
  return {
    aggregation: 'mean-over-classes',
    positiveClass: null,
    classes: Array.from({ length: numClasses }, (_, c) => c),
  };
}

/** Accuracy of each group of one sensitive attribute, and the largest gap between groups. */
export function perGroupAccuracy(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
  attribute: GroupAttribute,
): GroupAccuracyResult {
  const n = checkOutputs(probabilities, labels, numClasses);
  const g = groupCount(attribute, n);
  const pred = predictedClasses(probabilities, numClasses);
  const count = new Array<number>(g).fill(0);
  const correct = new Array<number>(g).fill(0);
  for (let i = 0; i < n; i++) {
    const code = attribute.codes[i];
    count[code]++;
    if (pred[i] === labels[i]) correct[code]++;
  }
  const groups = count.map((c, code) => ({
    code,
    name: attribute.values?.[code] ?? null,
    count: c,
    accuracy: ratio(correct[code], c),
  }));
  let worst: GroupAccuracy | null = null, best: GroupAccuracy | null = null;
  for (const grp of groups) {
    if (grp.accuracy === null) continue;
    if (worst === null || grp.accuracy < (worst.accuracy as number)) worst = grp;
    if (best === null || grp.accuracy > (best.accuracy as number)) best = grp;
  }
  return {
    attribute: attribute.name,
    groups,
    largestGap: spread(groups.map((x) => x.accuracy)),
    worstGroup: worst?.code ?? null,
    bestGroup: best?.code ?? null,
  };
}

/** Demographic-parity gap(s) of one sensitive attribute (see the file comment). */
export function demographicParity(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
  attribute: GroupAttribute,
  options: FairnessOptions = {},
): DemographicParityResult {
  const n = checkOutputs(probabilities, labels, numClasses);
  const g = groupCount(attribute, n);
  const { aggregation, positiveClass, classes } = resolveClasses(numClasses, options);
  const pred = predictedClasses(probabilities, numClasses);
  const groupSize = new Array<number>(g).fill(0);
  const predicted = Array.from({ length: numClasses }, () => new Array<number>(g).fill(0));
  for (let i = 0; i < n; i++) {
    groupSize[attribute.codes[i]]++;
    predicted[pred[i]][attribute.codes[i]]++;
  }
  const perClass = classes.map((c) => {
    const selectionRateByGroup = groupSize.map((size, code) => ratio(predicted[c][code], size));
    return { classIndex: c, selectionRateByGroup, gap: spread(selectionRateByGroup) };
  });
  const gaps = perClass.map((x) => x.gap);
  return {
    attribute: attribute.name,
    aggregation,
    positiveClass,
    classes: perClass,
    gap: aggregation === 'positive-class' ? gaps[0] : meanOfDefined(gaps),
    maxGap: maxOfDefined(gaps),
  };
}

/** Equalised-odds gap(s) of one sensitive attribute (see the file comment). */
export function equalizedOdds(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
  attribute: GroupAttribute,
  options: FairnessOptions = {},
): EqualizedOddsResult {
  const n = checkOutputs(probabilities, labels, numClasses);
  const g = groupCount(attribute, n);
  const { aggregation, positiveClass, classes } = resolveClasses(numClasses, options);
  const pred = predictedClasses(probabilities, numClasses);
  const perClass = classes.map((c): ClassErrorRates => {
    const pos = new Array<number>(g).fill(0), truePos = new Array<number>(g).fill(0);
    const neg = new Array<number>(g).fill(0), falsePos = new Array<number>(g).fill(0);
    for (let i = 0; i < n; i++) {
      const code = attribute.codes[i];
      if (labels[i] === c) {
        pos[code]++;
        if (pred[i] === c) truePos[code]++;
      } else {
        neg[code]++;
        if (pred[i] === c) falsePos[code]++;
      }
    }
    const tpr = pos.map((p, code) => ratio(truePos[code], p));
    const fpr = neg.map((m, code) => ratio(falsePos[code], m));
    const tprGap = spread(tpr), fprGap = spread(fpr);
    const gap = tprGap === null && fprGap === null ? null : Math.max(tprGap ?? 0, fprGap ?? 0);
    return {
      classIndex: c,
      truePositiveRateByGroup: tpr,
      falsePositiveRateByGroup: fpr,
      truePositiveRateGap: tprGap,
      falsePositiveRateGap: fprGap,
      gap,
    };
  });
  const gaps = perClass.map((x) => x.gap);
  return {
    attribute: attribute.name,
    aggregation,
    positiveClass,
    classes: perClass,
    gap: aggregation === 'positive-class' ? gaps[0] : meanOfDefined(gaps),
    maxGap: maxOfDefined(gaps),
  };
}

/** All group metrics of one sensitive attribute. */
export function groupFairness(
  probabilities: Float32Array,
  labels: Int32Array,
  numClasses: number,
  attribute: GroupAttribute,
  options: FairnessOptions = {},
): GroupFairnessResult {
  return {
    attribute: attribute.name,
    accuracy: perGroupAccuracy(probabilities, labels, numClasses, attribute),
    demographicParity: demographicParity(probabilities, labels, numClasses, attribute, options),
    equalizedOdds: equalizedOdds(probabilities, labels, numClasses, attribute, options),
  };
}
