/**
 * One-feature logistic regression, the attack model of the SCRUB and NeurIPS-2023 membership
 * inference attacks (both use scikit-learn's `LogisticRegression` with default settings on a
 * single scalar feature). Written out here because the metrics layer is plain numeric code.
 *
 * Model: P(member | x) = σ(a·x + b). Fitted by Newton's method with a backtracking line search
 * on the L2-penalised log-loss Σ_i [log(1 + e^{s_i}) − y_i s_i] + (λ/2) w², s_i = w z_i + b,
 * where z = (x − mean) / sd is the standardised feature. Why standardise: losses and entropies
 * live on very different scales, and a penalty on the standardised slope makes the same λ mean
 * the same thing for both; it also keeps the 2 x 2 Newton system well conditioned. λ = 1
 * mirrors scikit-learn's default C = 1 (its penalty is on the raw slope, so coefficients can
 * differ slightly on features with a large spread; predictions agree closely). The penalty
 * also keeps the slope finite when the two classes are perfectly separated. Deterministic: no
 * random initialisation (w = b = 0) and a fixed iteration budget.
 */

export interface LogisticModel1D {
  /** Coefficients in the units of the raw feature: P(member | x) = σ(slope·x + intercept). */
  slope: number;
  intercept: number;
  iterations: number;
  converged: boolean;
}

export interface LogisticFitOptions {
  /** L2 penalty λ on the standardised slope (default 1, like scikit-learn's C = 1). */
  l2?: number;
  maxIterations?: number;
  /** Stop when the Newton step's largest component is below this (default 1e-10). */
  tolerance?: number;
}

function softplus(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

function sigmoid(s: number): number {
  if (s >= 0) return 1 / (1 + Math.exp(-s));
  const e = Math.exp(s);
  return e / (1 + e);
}

/**
 * Fits P(y = 1 | x). `y` holds 0/1 labels; both classes must be present (with one class the
 * intercept has no finite optimum).
 */
export function fitLogistic1D(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: LogisticFitOptions = {},
): LogisticModel1D {
  const n = x.length;
  if (y.length !== n) throw new Error(`${n} features but ${y.length} labels`);
  let positives = 0;
  let mu = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`label ${y[i]} at ${i} is not 0/1`);
    positives += y[i];
    mu += x[i];
  }
  if (positives === 0 || positives === n) throw new Error('logistic regression needs both classes');
  mu /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (x[i] - mu) ** 2;
  // A constant feature carries no information; scale 1 leaves z = 0 and the slope at 0.
  const sd = variance > 0 ? Math.sqrt(variance / n) : 1;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (x[i] - mu) / sd;

  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const objective = (w: number, b: number): number => {
    let j = 0.5 * l2 * w * w;
    for (let i = 0; i < n; i++) {
      const s = w * z[i] + b;
      j += softplus(s) - y[i] * s;
    }
    return j;
  };

  let w = 0, b = 0;
  let current = objective(w, b);
  let iterations = 0, converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let gw = l2 * w, gb = 0, hww = l2, hwb = 0, hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(w * z[i] + b);
      const r = p - y[i];
      const v = p * (1 - p);
      gw += r * z[i];
      gb += r;
      hww += v * z[i] * z[i];
      hwb += v * z[i];
      hbb += v;
    }
    const det = hww * hbb - hwb * hwb;
    // Newton direction H⁻¹g (2 x 2 closed form); fall back to the gradient if H is singular.
    let dw = det > 0 ? (hbb * gw - hwb * gb) / det : gw;
    let db = det > 0 ? (hww * gb - hwb * gw) / det : gb;
    let step = 1;
    let next = objective(w - dw, b - db);
    // Backtracking: Newton can overshoot while the sigmoid is saturated.
    while (next > current && step > 1e-8) {
      step /= 2;
      next = objective(w - step * dw, b - step * db);
    }
    dw *= step;
    db *= step;
    w -= dw;
    b -= db;
    current = next;
    if (Math.max(Math.abs(dw), Math.abs(db)) < tolerance) {
      converged = true;
      break;
    }
  }
  return { slope: w / sd, intercept: b - (w * mu) / sd, iterations, converged };
}

/** P(y = 1 | x) under a fitted model. */
export function logisticProbability(model: LogisticModel1D, x: number): number {
  return sigmoid(model.slope * x + model.intercept);
}

/**
 * Predicted class, 1 when the decision value is strictly positive (P > 0.5), as scikit-learn's
 * `predict` does; an exact tie goes to class 0.
 */
export function logisticPredict(model: LogisticModel1D, x: number): 0 | 1 {
  return model.slope * x + model.intercept > 0 ? 1 : 0;
}
