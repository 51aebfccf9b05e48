/**
 * Output divergence between two models on the same inputs (in practice the forget set):
 *
 * - Jensen-Shannon divergence JS(p‖q) = ½ KL(p‖m) + ½ KL(q‖m), m = ½(p + q), measured in BITS
 *   (log base 2) throughout Lethe, so it lies in [0, 1]: 0 for identical outputs, 1 for
 *   outputs with disjoint support (two different one-hot predictions). In nats the bound would
 *   be ln 2 ≈ 0.693; multiply a value here by ln 2 to compare with papers that use nats.
 *   Against the retrained model Mr on the forget set it measures how far Mu's answers are from
 *   those of retraining (the reference note's output-divergence metric; Lin 1991 defines JS).
 * - Activation distance: mean over inputs of the L2 distance ‖p_u(x) − p_r(x)‖₂ between the
 *   two softmax outputs (Golatkar, Achille & Soatto 2021, "Mixed-privacy forgetting in deep
 *   networks"; Chundawat et al. 2023). For probability vectors it lies in [0, √2].
 * - ZRF, zero retrain forgetting (Chundawat, Tarun, Mandal & Kankanhalli 2023, "Can bad
 *   teaching induce forgetting? Unlearning in deep networks using an incompetent teacher"):
 *   ZRF = 1 − mean_x JS(Mu(x), M_random(x)) over the forget set, M_random a randomly
 *   initialised model of the same architecture. It needs no retrained model. With JS in bits
 *   ZRF lies in [0, 1]; 1 = Mu answers on Df like a model that never learned anything. (The
 *   paper's code uses natural log, so its ZRF lies in [1 − ln 2, 1].)
 */
import { rowCount } from './per-example';

/** JS divergence of two probability vectors (bits), rows `a` of p and `b` of q; 0·log 0 = 0. */
function jsRow(p: Float32Array, q: Float32Array, offset: number, k: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) {
    const pj = p[offset + j], qj = q[offset + j];
    const m = 0.5 * (pj + qj);
    if (pj > 0) s += pj * Math.log2(pj / m);
    if (qj > 0) s += qj * Math.log2(qj / m);
  }
  // Rounding can push an exact 0 to −1e-17 or a disjoint pair past 1; clamp to the true bounds.
  return Math.min(1, Math.max(0, 0.5 * s));
}

function sameShape(p: Float32Array, q: Float32Array, numClasses: number): number {
  const n = rowCount(p, numClasses);
  if (rowCount(q, numClasses) !== n) throw new Error(`row counts differ: ${n} vs ${q.length / numClasses}`);
  if (n === 0) throw new Error('divergence over no rows is undefined');
  return n;
}

/** Per-row Jensen-Shannon divergence in bits, each in [0, 1]. */
export function jensenShannonPerRow(p: Float32Array, q: Float32Array, numClasses: number): Float64Array {
  const n = sameShape(p, q, numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = jsRow(p, q, i * numClasses, numClasses);
  return out;
}

/** Mean Jensen-Shannon divergence in bits over rows, in [0, 1]. */
export function meanJensenShannon(p: Float32Array, q: Float32Array, numClasses: number): number {
  const per = jensenShannonPerRow(p, q, numClasses);
  let s = 0;
  for (let i = 0; i < per.length; i++) s += per[i];
  return s / per.length;
}

/** Mean L2 distance between the rows of two probability matrices, in [0, √2]. */
export function activationDistance(p: Float32Array, q: Float32Array, numClasses: number): number {
  const n = sameShape(p, q, numClasses);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < numClasses; j++) {
      const d = p[i * numClasses + j] - q[i * numClasses + j];
      sq += d * d;
    }
    total += Math.sqrt(sq);
  }
  return total / n;
}

/** ZRF = 1 − mean JS (bits) between the model and a randomly initialised model, in [0, 1]. */
export function zeroRetrainForgetting(
  modelProbabilities: Float32Array,
  randomModelProbabilities: Float32Array,
  numClasses: number,
): number {
  return 1 - meanJensenShannon(modelProbabilities, randomModelProbabilities, numClasses);
}
