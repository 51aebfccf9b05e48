/**
 * U-LiRA (Hayes, Shumailov, Triantafillou, Khalifa, Papernot 2024, "Inexact unlearning needs
 * more careful evaluations to avoid a false sense of privacy"): a per-example likelihood-ratio
 * attack asking, for one forget example x and one model, "was x trained on and then unlearned
 * (with the method under test), or never trained on (retrained)?".
 *
 * Inputs: φ(x) = log p_y − log Σ_{j≠y} p_j of every forget example under N unlearned and N
 * retrained models, paired by seed. For each held-out seed s (leave one seed out):
 * - per example, fit a Gaussian to φ under the unlearned models of the other seeds and one to
 *   φ under the retrained models of the other seeds (mean and standard deviation with ddof 0,
 *   plus 1e-30, as LiRA's reference code does);
 * - score the held-out unlearned model and the held-out retrained model on x by the log
 *   likelihood ratio log N(φ; μ_u, σ_u) − log N(φ; μ_r, σ_r) (high = "unlearned").
 * Over all examples and held-out seeds, the held-out unlearned scores are the positives and
 * the held-out retrained scores the negatives: the attack's AUC (0.5 = the method's models
 * cannot be told from retraining; 1 = always) and its TPR at 1% FPR. N ≥ 3 seeds are needed
 * (each fit uses N − 1 models, and a spread needs 2).
 */
import { mannWhitneyAuc } from './membership-inference';

export const U_LIRA_FPR = 0.01;
const STD_FLOOR = 1e-30;

export interface ULiraInput {
  /** One array per seed: φ of every forget example under that seed's unlearned model. */
  unlearned: ReadonlyArray<ArrayLike<number>>;
  /** The same seeds in the same order: φ under that seed's retrained model. */
  retrained: ReadonlyArray<ArrayLike<number>>;
}

export interface ULiraResult {
  /** N: seeds with both an unlearned and a retrained model. */
  numModels: number;
  forgetCount: number;
  /** Scores per class: forgetCount × numModels. */
  scoresPerClass: number;
  auc: number;
  /** Highest TPR among thresholds whose FPR is at most 1%. */
  tprAtLowFpr: number;
  lowFpr: number;
}

function logNormal(x: number, mean: number, std: number): number {
  const z = (x - mean) / std;
  return -0.5 * z * z - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
}

function fit(models: ReadonlyArray<ArrayLike<number>>, skip: number, x: number): { mean: number; std: number } {
  let sum = 0, n = 0;
  for (let m = 0; m < models.length; m++) if (m !== skip) { sum += models[m][x]; n++; }
  const mean = sum / n;
  let ss = 0;
  for (let m = 0; m < models.length; m++) if (m !== skip) ss += (models[m][x] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n) + STD_FLOOR };
}

/** TPR at the largest threshold set whose FPR ≤ `fpr`, "positive if score ≥ t". */
export function tprAtFpr(positives: ArrayLike<number>, negatives: ArrayLike<number>, fpr: number): number {
  const pos = Float64Array.from(positives).sort().reverse();
  const neg = Float64Array.from(negatives).sort().reverse();
  let best = 0, fp = 0, tp = 0;
  // Walk thresholds from the top: every distinct value flips to positive together.
  const values = Float64Array.from([...pos, ...neg]).sort().reverse();
  for (let i = 0; i < values.length; ) {
    const t = values[i];
    while (i < values.length && values[i] === t) i++;
    while (tp < pos.length && pos[tp] >= t) tp++;
    while (fp < neg.length && neg[fp] >= t) fp++;
    if (fp / neg.length <= fpr) best = Math.max(best, tp / pos.length);
    else break;
  }
  return best;
}

export function uLira(input: ULiraInput): ULiraResult {
  const n = input.unlearned.length;
  if (input.retrained.length !== n) throw new Error(`U-LiRA pairs models by seed: ${n} unlearned but ${input.retrained.length} retrained`);
  if (n < 3) throw new Error(`U-LiRA needs at least 3 seeds (leave one out, fit a spread on the rest), got ${n}`);
  const s = input.unlearned[0].length;
  if (s === 0) throw new Error('U-LiRA needs a non-empty forget set');
  for (const run of [...input.unlearned, ...input.retrained]) {
    if (run.length !== s) throw new Error(`every model needs φ for all ${s} forget examples, got ${run.length}`);
    for (let x = 0; x < s; x++) if (!Number.isFinite(run[x])) throw new Error(`φ[${x}] is not finite`);
  }
  const positives = new Float64Array(n * s), negatives = new Float64Array(n * s);
  for (let held = 0; held < n; held++) {
    for (let x = 0; x < s; x++) {
      const u = fit(input.unlearned, held, x), r = fit(input.retrained, held, x);
      const score = (phi: number) => logNormal(phi, u.mean, u.std) - logNormal(phi, r.mean, r.std);
      positives[held * s + x] = score(input.unlearned[held][x]);
      negatives[held * s + x] = score(input.retrained[held][x]);
    }
  }
  return {
    numModels: n,
    forgetCount: s,
    scoresPerClass: n * s,
    auc: mannWhitneyAuc(positives, negatives),
    tprAtLowFpr: tprAtFpr(positives, negatives, U_LIRA_FPR),
    lowFpr: U_LIRA_FPR,
  };
}
