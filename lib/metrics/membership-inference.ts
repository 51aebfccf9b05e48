/**
 * Membership inference (MI) attacks at population level: can an attacker tell the forget set
 * (trained on, then "forgotten") from the test set (never trained on)? After good unlearning
 * the forget set should look like the retrained model's, not necessarily like unseen data: the
 * target is Mr's value, not 0.5 (Mr still generalises to Df, e.g. for a random forget set).
 *
 * Loss −ln p_y and confidence p_y rank examples in exactly opposite order, so the threshold
 * attack gives the same AUC and advantage on either; evaluateModel runs it on the loss.
 *
 * Three attacks, as in the reference note:
 * (a) best-threshold attack on a per-example score (loss or confidence), members = forget,
 *     non-members = test: ROC curve, AUC, advantage = max |TPR − FPR| and the best threshold
 *     (Yeom et al. 2018, "Privacy risk in machine learning: analyzing the connection to
 *     overfitting"; used as an unlearning metric by e.g. Jia et al. 2023 and Fan et al. 2024);
 * (b) SCRUB's attack (Kurmanji et al. 2023, "Towards unbounded machine unlearning"): logistic
 *     regression on output entropy, trained on retain (member) vs test (non-member), applied
 *     to the forget set; score = share of the forget set predicted "member";
 * (c) the NeurIPS 2023 unlearning challenge starting kit's attack (Triantafillou et al. 2023):
 *     logistic regression on the loss, forget (member) vs test (non-member), cross-validated
 *     accuracy; 0.5 means the attacker cannot tell them apart.
 */
import { createRandom, permutation, sampleWithoutReplacement } from '../random';
import { fitLogistic1D, logisticPredict } from './logistic-regression';

/** Which side of the threshold the attack calls "member". */
export type MemberSide = 'higher' | 'lower';

export interface RocPoint {
  falsePositiveRate: number;
  truePositiveRate: number;
  /**
   * The rule at this point is "member if score ≥ threshold" (side 'higher') or "member if
   * score ≤ threshold" (side 'lower'); null for the (0, 0) point where nothing is called member.
   */
  threshold: number | null;
}

export interface ThresholdAttackResult {
  /** Score used, e.g. 'loss' or 'confidence' (free text for charts). */
  score: string;
  memberSide: MemberSide;
  memberCount: number;
  nonMemberCount: number;
  /**
   * P(member score beats non-member score) + ½ P(tie): the Mann-Whitney U statistic over
   * nM·nN, exact with ties, from all scores. 0.5 = no separation; 1 = perfect.
   */
  auc: number;
  /** max over thresholds of |TPR − FPR|, in [0, 1]. */
  advantage: number;
  /** The threshold reaching the advantage (see RocPoint.threshold for the rule). */
  bestThreshold: number | null;
  bestTruePositiveRate: number;
  bestFalsePositiveRate: number;
  /** ROC points from (0, 0) to (1, 1), downsampled for charts (best point always kept). */
  curve: RocPoint[];
  /** Distinct thresholds before downsampling (+1 for the (0, 0) point). */
  fullCurveLength: number;
}

export interface ThresholdAttackOptions {
  /** Which side is "member": 'lower' for loss, 'higher' for confidence (default 'higher'). */
  memberSide?: MemberSide;
  /** Label of the score for display (default 'score'). */
  score?: string;
  /** Most curve points returned (default 200). The AUC always uses all points. */
  maxCurvePoints?: number;
}

function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${what}[${i}] is not finite: ${values[i]}`);
  }
}

/**
 * Mann-Whitney AUC: P(a > b) + ½ P(a = b) for a drawn from `higher`, b from `lower`, computed
 * from mid-ranks of the pooled sample so ties count one half.
 */
export function mannWhitneyAuc(higher: ArrayLike<number>, lower: ArrayLike<number>): number {
  const nA = higher.length, nB = lower.length;
  if (nA === 0 || nB === 0) throw new Error('AUC needs both samples non-empty');
  const values = new Float64Array(nA + nB);
  for (let i = 0; i < nA; i++) values[i] = higher[i];
  for (let i = 0; i < nB; i++) values[nA + i] = lower[i];
  const order = Array.from({ length: nA + nB }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  let rankSumA = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const midRank = (start + end) / 2 + 1; // 1-based mean rank of the tie block
    for (let r = start; r <= end; r++) if (order[r] < nA) rankSumA += midRank;
    start = end + 1;
  }
  return (rankSumA - (nA * (nA + 1)) / 2) / (nA * nB);
}

/** Evenly spaced indices into [0, length), always with the first, last and `keep` index. */
function downsampleIndices(length: number, maxPoints: number, keep: number): number[] {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const slots = Math.max(2, maxPoints - 1);
  const chosen = new Set<number>([keep]);
  for (let i = 0; i < slots; i++) chosen.add(Math.round((i * (length - 1)) / (slots - 1)));
  return [...chosen].sort((a, b) => a - b);
}

/** Best-threshold membership attack (a) on one per-example score. */
export function thresholdAttack(
  memberScores: ArrayLike<number>,
  nonMemberScores: ArrayLike<number>,
  options: ThresholdAttackOptions = {},
): ThresholdAttackResult {
  const side = options.memberSide ?? 'higher';
  const maxPoints = options.maxCurvePoints ?? 200;
  const nM = memberScores.length, nN = nonMemberScores.length;
  if (nM === 0 || nN === 0) throw new Error('threshold attack needs members and non-members');
  checkFinite(memberScores, 'memberScores');
  checkFinite(nonMemberScores, 'nonMemberScores');
  // Work on s' = ±score so that "member" is always the high side.
  const sign = side === 'higher' ? 1 : -1;
  const pooled = new Float64Array(nM + nN);
  for (let i = 0; i < nM; i++) pooled[i] = sign * memberScores[i];
  for (let i = 0; i < nN; i++) pooled[nM + i] = sign * nonMemberScores[i];
  const order = Array.from({ length: nM + nN }, (_, i) => i).sort((i, j) => pooled[j] - pooled[i]);

  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0, threshold: null }];
  let tp = 0, fp = 0, best = 0, bestAdv = 0;
  for (let start = 0; start < order.length; ) {
    const t = pooled[order[start]];
    let r = start;
    // Every score equal to t flips to "member" together: one ROC point per distinct value.
    while (r < order.length && pooled[order[r]] === t) {
      if (order[r] < nM) tp++;
      else fp++;
      r++;
    }
    const point = { falsePositiveRate: fp / nN, truePositiveRate: tp / nM, threshold: sign * t };
    points.push(point);
    const adv = Math.abs(point.truePositiveRate - point.falsePositiveRate);
    if (adv > bestAdv) {
      bestAdv = adv;
      best = points.length - 1;
    }
    start = r;
  }
  const member = side === 'higher' ? memberScores : Array.from(memberScores, (v) => -v);
  const nonMember = side === 'higher' ? nonMemberScores : Array.from(nonMemberScores, (v) => -v);
  return {
    score: options.score ?? 'score',
    memberSide: side,
    memberCount: nM,
    nonMemberCount: nN,
    auc: mannWhitneyAuc(member, nonMember),
    advantage: bestAdv,
    bestThreshold: points[best].threshold,
    bestTruePositiveRate: points[best].truePositiveRate,
    bestFalsePositiveRate: points[best].falsePositiveRate,
    curve: downsampleIndices(points.length, maxPoints, best).map((i) => points[i]),
    fullCurveLength: points.length,
  };
}

/** Indices of a seeded balanced subsample: min(nA, nB) rows of each of two sets. */
function balancedSubsample(
  nA: number,
  nB: number,
  seed: number,
  label: string,
): { a: Int32Array; b: Int32Array; size: number } {
  const size = Math.min(nA, nB);
  const random = createRandom(seed).fork(label);
  // Subsampling a set that is already of the right size would still only permute it; skip.
  const a = size === nA ? Int32Array.from({ length: nA }, (_, i) => i) : sampleWithoutReplacement(nA, size, random.fork('a'));
  const b = size === nB ? Int32Array.from({ length: nB }, (_, i) => i) : sampleWithoutReplacement(nB, size, random.fork('b'));
  return { a, b, size };
}

export interface EntropyAttackResult {
  /** Share of the forget set predicted "member", in [0, 1]. Compare with Mr's value. */
  forgetMemberRate: number;
  forgetCount: number;
  /** Rows of each class in the balanced training set (min of retain and test sizes). */
  trainingRowsPerClass: number;
  /** Accuracy of the attack on its own training rows (how separable retain and test are). */
  trainingAccuracy: number;
  /** P(member | entropy H) = σ(slope·H + intercept), H in nats. */
  slope: number;
  intercept: number;
  seed: number;
}

/**
 * SCRUB's membership attack (b): logistic regression on output entropy, retain = member (1),
 * test = non-member (0), then applied to the forget set. The two classes must weigh the same
 * (retain is usually much larger than test, and an unbalanced fit would call everything
 * "member"): SCRUB's code uses scikit-learn's class_weight='balanced'; here the larger set is
 * subsampled to the smaller one's size with the seed, which has the same aim and keeps the fit
 * cheap on large retain sets.
 */
export function entropyMembershipAttack(
  forgetEntropy: ArrayLike<number>,
  retainEntropy: ArrayLike<number>,
  testEntropy: ArrayLike<number>,
  seed: number,
): EntropyAttackResult {
  if (forgetEntropy.length === 0) throw new Error('entropy attack needs a non-empty forget set');
  if (retainEntropy.length === 0 || testEntropy.length === 0) {
    throw new Error('entropy attack needs non-empty retain and test sets');
  }
  checkFinite(forgetEntropy, 'forgetEntropy');
  checkFinite(retainEntropy, 'retainEntropy');
  checkFinite(testEntropy, 'testEntropy');
  const { a, b, size } = balancedSubsample(retainEntropy.length, testEntropy.length, seed, 'mia-entropy');
  const x = new Float64Array(2 * size);
  const y = new Uint8Array(2 * size);
  for (let i = 0; i < size; i++) {
    x[i] = retainEntropy[a[i]];
    y[i] = 1;
    x[size + i] = testEntropy[b[i]];
  }
  const model = fitLogistic1D(x, y);
  let correct = 0;
  for (let i = 0; i < x.length; i++) if (logisticPredict(model, x[i]) === y[i]) correct++;
  let members = 0;
  for (let i = 0; i < forgetEntropy.length; i++) members += logisticPredict(model, forgetEntropy[i]);
  return {
    forgetMemberRate: members / forgetEntropy.length,
    forgetCount: forgetEntropy.length,
    trainingRowsPerClass: size,
    trainingAccuracy: correct / x.length,
    slope: model.slope,
    intercept: model.intercept,
    seed,
  };
}

export interface CrossValidatedAttackResult {
  /** Mean held-out accuracy over folds, in [0, 1]; 0.5 is ideal (chance). */
  accuracy: number;
  foldAccuracies: number[];
  folds: number;
  /** Rows of each class after balancing (min of forget and test sizes). */
  rowsPerClass: number;
  seed: number;
}

/**
 * The NeurIPS 2023 starting-kit attack (c): logistic regression on per-example loss, forget =
 * member (1), test = non-member (0), classes balanced by a seeded subsample of the larger set
 * (as the kit does), accuracy estimated by stratified k-fold cross-validation with seeded folds
 * (the kit uses 10 shuffle splits; k-fold uses every row exactly once as held-out). k is
 * lowered to the rows per class when there are fewer; at least 2 rows per class are needed.
 */
export function crossValidatedLossAttack(
  forgetLoss: ArrayLike<number>,
  testLoss: ArrayLike<number>,
  seed: number,
  folds = 10,
): CrossValidatedAttackResult {
  checkFinite(forgetLoss, 'forgetLoss');
  checkFinite(testLoss, 'testLoss');
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer >= 2, got ${folds}`);
  const { a, b, size } = balancedSubsample(forgetLoss.length, testLoss.length, seed, 'mia-loss-cv');
  if (size < 2) throw new Error(`cross-validated attack needs >= 2 rows per class, got ${size}`);
  const k = Math.min(folds, size);
  const random = createRandom(seed).fork('mia-loss-cv-folds');
  // Stratified folds: shuffle each class, deal its rows round-robin into the k folds.
  const foldOfA = new Int32Array(size), foldOfB = new Int32Array(size);
  const shuffledA = permutation(size, random.fork('a'));
  const shuffledB = permutation(size, random.fork('b'));
  for (let p = 0; p < size; p++) {
    foldOfA[shuffledA[p]] = p % k;
    foldOfB[shuffledB[p]] = p % k;
  }
  const foldAccuracies: number[] = [];
  for (let f = 0; f < k; f++) {
    const trainX: number[] = [], trainY: number[] = [];
    const testX: number[] = [], testY: number[] = [];
    for (let i = 0; i < size; i++) {
      const xa = forgetLoss[a[i]], xb = testLoss[b[i]];
      if (foldOfA[i] === f) { testX.push(xa); testY.push(1); } else { trainX.push(xa); trainY.push(1); }
      if (foldOfB[i] === f) { testX.push(xb); testY.push(0); } else { trainX.push(xb); trainY.push(0); }
    }
    const model = fitLogistic1D(trainX, trainY);
    let correct = 0;
    for (let i = 0; i < testX.length; i++) if (logisticPredict(model, testX[i]) === testY[i]) correct++;
    foldAccuracies.push(correct / testX.length);
  }
  return {
    accuracy: foldAccuracies.reduce((s, v) => s + v, 0) / k,
    foldAccuracies,
    folds: k,
    rowsPerClass: size,
    seed,
  };
}
