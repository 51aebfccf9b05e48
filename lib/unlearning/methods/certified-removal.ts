/**
 * Certified removal for logistic regression (Guo, Goldstein, Hannun & van der Maaten 2020).
 *
 * Training (trainCertified) minimises, to optimality by Newton-CG,
 *   L(w; D) = Σ_{i∈D} ℓ(w·x_i, y_i) + λ·n/2·‖w‖² + b·w,   b ~ N(0, σ² I)
 * (the paper's mean-form objective (1/n)Σℓ + λ/2‖w‖² + b·w/n times n). The random linear
 * perturbation b hides the small gradient residual a Newton removal leaves behind.
 * Removing a set of points: one Newton step on the remaining data D',
 *   w ← w − H⁻¹ ∇L(w; D'),   H = Σ_{D'} σ(m)(1−σ(m)) x xᵀ + λ·n'·I
 * (equal to the paper's w + H⁻¹Δ when w is the exact optimum on D), with the Hessian in
 * closed form (never autodiff second derivatives, which TF.js gets wrong) applied through
 * Hessian-vector products inside conjugate gradient.
 *
 * What a step leaves behind. With t_i = x_i·s the change of row i's margin, the gradient on D'
 * after the step is (∇ − H s) + Σ_i [ℓ'(m_i − t_i) − ℓ'(m_i) + ℓ''(m_i)·t_i]·x_i. The first term
 * is conjugate gradient's unsolved part, measured. By Taylor, each bracket is at most
 * |ℓ'''|max/2 · t_i² = t_i²/(12√3) for the logistic loss, so the second term is at most
 * ‖X‖₂·‖t⊙t‖₂/(12√3). The paper's Corollary states γ·‖X‖₂·‖s‖₂·‖X s‖₂ with γ = 1/4, which
 * needs ‖x_i‖ ≤ 1 (to bound |t_i| by ‖s‖); raw features break that (pixels in [0, 1] have
 * ‖x‖ ≈ 10), and the form used here holds at any feature scale and is never looser. ‖X‖₂ is
 * bounded once, by the training data's Frobenius norm: removing rows cannot raise it. Storing
 * the weights in float32 moves them by δ; that adds at most (‖X‖₂²/4 + λn)·‖δ‖.
 *
 * Budget. Theorem 3: if the whole gradient residual u has ‖u‖ ≤ σ·ε/c, c = √(2 ln(1.5/δ)),
 * the model is (ε, δ)-certified. The K classes' perturbations together are one Gaussian over
 * all (d+1)·K weights, so the test is on the norm over classes, √(Σ_k spent_k²), and the
 * certificate covers the whole model at (ε, δ). Bounds add up over steps (conservative: each
 * step starts from the full gradient, so only the last step's remainder is really left).
 * Training stops at float32's floor, not at an exact optimum, so its own leftover gradient,
 * measured in float64 at the stored float32 weights, is spent from the start. When a step would
 * take the total past the budget, the model is retrained instead: the perturbed objective
 * with a fresh b is minimised on the remaining data, starting from the step's weights (the
 * optimum of a strictly convex objective does not depend on the start; what the start can
 * leak is the solver's final gradient residual, and that, measured, is the new spent budget).
 * If even that leftover exceeds the budget, the run says so (stats.certified = false).
 *
 * Multiclass: one-vs-rest. Each class k has its own binary model (labels ±1 for "is k") and
 * block of the perturbation; class k's weights are column k of Lethe's logistic model
 * (kernel [d, K] + bias [K], bias as an extra constant feature, regularised too), so the
 * result is an ordinary logistic Model whose argmax is the one-vs-rest decision and whose
 * softmax over the K margins serves as its probabilities. Only the `logistic` model spec is
 * accepted.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { Model } from '../../ml/model';
import type { ModelIO, ModelSpec } from '../../ml/model-spec';
import { disposeTensorSet, type TensorSet } from '../../ml/tensor-set';
import type { RandomSource } from '../../random';
import type { CertifiedArtifact } from '../artifacts';
import { defineMethod, type UnlearningProgress } from '../contract';
import { positionsOfRows, secondsSince, subsetByPositions, throwIfAborted } from '../common';
import { requireModel } from '../predictor';

export const certifiedTrainingConfigSchema = z.object({
  lambda: z.number().positive().max(10).default(1e-3),
  sigma: z.number().min(0).max(1e4).default(1),
  /** Newton iterations at most (each solves the Newton system by CG). */
  maxNewtonIterations: z.number().int().min(1).max(200).default(30),
});
export type CertifiedTrainingConfig = z.infer<typeof certifiedTrainingConfigSchema>;

/** max |ℓ'''| / 2 for the logistic loss: |σ(1−σ)(1−2σ)| peaks at 1/(6√3). */
const TAYLOR_REMAINDER = 1 / (12 * Math.sqrt(3));

/** One block of rows of the remaining data, on the backend. */
interface Part {
  x: tf.Tensor2D;
  xT: tf.Tensor2D;
  /** ±1 per (row, class): +1 where the row's label is the class. */
  signs: tf.Tensor2D;
  size: number;
}

function makePart(set: TensorSet, numClasses: number): Part {
  return tf.tidy(() => {
    const x = tf.reshape(set.x, [set.size, -1]) as tf.Tensor2D;
    const signs = tf.sub(tf.mul(tf.cast(tf.oneHot(set.labels, numClasses), 'float32'), 2), 1) as tf.Tensor2D;
    return { x, xT: tf.transpose(x) as tf.Tensor2D, signs, size: set.size };
  });
}

function disposePart(part: Part): void {
  tf.dispose([part.x, part.xT, part.signs]);
}

/**
 * The one-vs-rest objective on a list of row blocks. Weights are Float64Arrays of
 * (d+1)·K values, row-major [(d+1), K] with the bias as row d (= the logistic model's flat layout).
 */
class OneVsRestObjective {
  readonly size: number;

  constructor(
    readonly parts: Part[],
    readonly features: number,
    readonly classes: number,
    readonly lambda: number,
    readonly perturbation: Float32Array,
  ) {
    this.size = parts.reduce((n, p) => n + p.size, 0);
  }

  private toTensors(w: ArrayLike<number>): [tf.Tensor2D, tf.Tensor1D] {
    const dk = this.features * this.classes;
    return [tf.tensor2d(Float32Array.from({ length: dk }, (_, i) => w[i]), [this.features, this.classes]), tf.tensor1d(Float32Array.from({ length: this.classes }, (_, k) => w[dk + k]))];
  }

  /** Σ_parts Xᵀ R and column sums of R, as a flat (d+1)·K vector, for R built per part. */
  private backProject(perPart: (part: Part, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D, w: ArrayLike<number>): Float64Array {
    const out = new Float64Array((this.features + 1) * this.classes);
    const [kernel, bias] = this.toTensors(w);
    try {
      for (const part of this.parts) {
        const [gw, gb] = tf.tidy(() => {
          const r = perPart(part, kernel, bias);
          return [tf.matMul(part.xT, r), tf.sum(r, 0)];
        });
        const a = gw.dataSync();
        const b = gb.dataSync();
        tf.dispose([gw, gb]);
        for (let i = 0; i < a.length; i++) out[i] += a[i];
        for (let k = 0; k < b.length; k++) out[a.length + k] += b[k];
      }
    } finally {
      tf.dispose([kernel, bias]);
    }
    return out;
  }

  /** ∇L(w) = Σ ℓ'(m)·x + λ·n·w + b. */
  gradient(w: Float64Array): Float64Array {
    const g = this.backProject((part, kernel, bias) => {
      const margins = tf.add(tf.matMul(part.x, kernel), bias);
      // d/dm log(1 + exp(−y·m)) = −y·σ(−y·m)
      return tf.neg(tf.mul(part.signs, tf.sigmoid(tf.neg(tf.mul(part.signs, margins))))) as tf.Tensor2D;
    }, w);
    for (let i = 0; i < g.length; i++) g[i] += this.lambda * this.size * w[i] + this.perturbation[i];
    return g;
  }

  /** σ(m)(1−σ(m)) per part at w: the diagonal weights of the closed-form Hessian. */
  curvature(w: Float64Array): tf.Tensor2D[] {
    const [kernel, bias] = this.toTensors(w);
    const out = this.parts.map((part) =>
      tf.tidy(() => {
        const p = tf.sigmoid(tf.add(tf.matMul(part.x, kernel), bias));
        return tf.mul(p, tf.sub(1, p)) as tf.Tensor2D;
      }),
    );
    tf.dispose([kernel, bias]);
    return out;
  }

  /** H·v = Σ Xᵀ(D ⊙ (X v)) + λ·n·v, all classes at once (the Hessian is block-diagonal by class). */
  hessianTimes(curvature: tf.Tensor2D[], v: Float64Array): Float64Array {
    let index = 0;
    const hv = this.backProject((part, kernel, bias) => tf.mul(curvature[index++], tf.add(tf.matMul(part.x, kernel), bias)) as tf.Tensor2D, v);
    for (let i = 0; i < hv.length; i++) hv[i] += this.lambda * this.size * v[i];
    return hv;
  }

  /** ‖t ⊙ t‖₂ per class k, t = X s_k (bias included): the size of a step's Taylor remainder. */
  squaredStepNorms(s: Float64Array): number[] {
    const sums = new Float64Array(this.classes);
    const [kernel, bias] = this.toTensors(s);
    try {
      for (const part of this.parts) {
        const fourth = tf.tidy(() => tf.sum(tf.pow(tf.add(tf.matMul(part.x, kernel), bias), 4), 0));
        const values = fourth.dataSync();
        fourth.dispose();
        for (let k = 0; k < this.classes; k++) sums[k] += values[k];
      }
    } finally {
      tf.dispose([kernel, bias]);
    }
    return Array.from(sums, Math.sqrt);
  }

  /**
   * ‖∇L(w)‖ per class computed in float64 from the rows (the backend sums in float32, whose
   * error near the optimum is as large as the gradient itself): what the certificate spends.
   */
  exactGradientNorms(w: Float64Array): number[] {
    const d = this.features;
    const K = this.classes;
    const grad = Float64Array.from(w, (v, i) => this.lambda * this.size * v + this.perturbation[i]);
    const margins = new Float64Array(K);
    const rowsPerRead = 2048;
    for (const part of this.parts) {
      for (let start = 0; start < part.size; start += rowsPerRead) {
        const count = Math.min(rowsPerRead, part.size - start);
        const xs = tf.slice(part.x, [start, 0], [count, d]);
        const ys = tf.slice(part.signs, [start, 0], [count, K]);
        const x = xs.dataSync();
        const signs = ys.dataSync();
        tf.dispose([xs, ys]);
        for (let r = 0; r < count; r++) {
          for (let k = 0; k < K; k++) margins[k] = w[d * K + k];
          for (let j = 0; j < d; j++) {
            const v = x[r * d + j];
            if (v !== 0) for (let k = 0; k < K; k++) margins[k] += v * w[j * K + k];
          }
          for (let k = 0; k < K; k++) {
            const y = signs[r * K + k];
            // d/dm log(1 + exp(−y·m)) = −y·σ(−y·m)
            margins[k] = -y / (1 + Math.exp(y * margins[k]));
          }
          for (let j = 0; j < d; j++) {
            const v = x[r * d + j];
            if (v !== 0) for (let k = 0; k < K; k++) grad[j * K + k] += margins[k] * v;
          }
          for (let k = 0; k < K; k++) grad[d * K + k] += margins[k];
        }
      }
    }
    return columnNorms(grad, K);
  }

  /**
   * Frobenius norm of [X, 1] over all parts: an upper bound of its spectral norm (power
   * iteration would give a lower one, which the certificate cannot use), and close to it when
   * one direction dominates, as the mean image does for pixels.
   */
  frobeniusNorm(): number {
    let sum = this.size; // the bias column of ones
    for (const part of this.parts) {
      const sq = tf.tidy(() => tf.sum(tf.square(part.x)));
      sum += sq.dataSync()[0];
      sq.dispose();
    }
    return Math.sqrt(sum);
  }
}

/** Euclidean norm; of per-class residual norms, it is the whole residual's norm. */
function norm(v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  return Math.sqrt(sum);
}

/** Column k of a (d+1)·K vector. */
function columnNorms(v: Float64Array, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  for (let i = 0; i < v.length; i++) out[i % classes] += v[i] * v[i];
  return out.map(Math.sqrt);
}

/** Solves H x = g column by column (the Hessian is block-diagonal by class) with conjugate gradient. */
function conjugateGradient(objective: OneVsRestObjective, curvature: tf.Tensor2D[], g: Float64Array, tolerance: number, maxIterations: number, signal?: AbortSignal): Float64Array {
  const K = objective.classes;
  const x = new Float64Array(g.length);
  const r = Float64Array.from(g);
  const p = Float64Array.from(g);
  const gNorm = columnNorms(g, K);
  let rs = columnNorms(r, K).map((n) => n * n);
  for (let it = 0; it < maxIterations; it++) {
    throwIfAborted(signal);
    if (rs.every((v, k) => Math.sqrt(v) <= tolerance * gNorm[k])) break;
    const hp = objective.hessianTimes(curvature, p);
    const pHp = new Array<number>(K).fill(0);
    for (let i = 0; i < p.length; i++) pHp[i % K] += p[i] * hp[i];
    const alpha = rs.map((v, k) => (pHp[k] > 0 ? v / pHp[k] : 0));
    for (let i = 0; i < x.length; i++) {
      x[i] += alpha[i % K] * p[i];
      r[i] -= alpha[i % K] * hp[i];
    }
    const rsNext = columnNorms(r, K).map((n) => n * n);
    const beta = rsNext.map((v, k) => (rs[k] > 0 ? v / rs[k] : 0));
    for (let i = 0; i < p.length; i++) p[i] = r[i] + beta[i % K] * p[i];
    rs = rsNext;
  }
  return x;
}

/** Rounds to the float32 values a Model stores, so residuals are measured where the model really is. */
function asStored(w: Float64Array): Float64Array {
  return Float64Array.from(Float32Array.from(w));
}

/**
 * Newton-CG to the optimum. Returns the weights (as stored, float32) and the per-class gradient
 * norm left at them, in float64, which the certificate counts as spent.
 */
function newtonMinimise(objective: OneVsRestObjective, start: Float64Array, maxIterations: number, signal?: AbortSignal, onIteration?: (i: number) => void): { w: Float64Array; residual: number[] } {
  // the gradient at zero weights sets the scale, so a warm start is judged like a cold one;
  // below 1e-5 of it float32 sums blur the gradient
  const floor = 1e-5 * norm(objective.gradient(new Float64Array(start.length)));
  const w = Float64Array.from(start);
  let g = objective.gradient(w);
  let previous = Infinity;
  for (let it = 0; it < maxIterations; it++) {
    throwIfAborted(signal);
    const gNorm = norm(g);
    if (!Number.isFinite(gNorm)) throw new Error('certified training diverged: the gradient is no longer finite (try a larger λ or a smaller σ)');
    // Newton converges quadratically down to the floor: a gradient there that is not at least
    // half the previous one means more steps would only idle
    if (gNorm <= 1e-2 * floor || (gNorm <= floor && gNorm > 0.5 * previous)) break;
    previous = gNorm;
    const curvature = objective.curvature(w);
    let step: Float64Array;
    try {
      // float32 products limit CG's attainable precision: a loose tolerance and a cap keep it from idling
      step = conjugateGradient(objective, curvature, g, 1e-5, Math.min(2 * (objective.features + 1), 200), signal);
    } finally {
      tf.dispose(curvature);
    }
    // far from the optimum (large perturbations, weak regularisation) a full Newton step can
    // overshoot: halve it until the gradient norm falls, for which the exact Newton direction
    // is a descent direction
    let t = 1;
    let next = w.map((v, i) => v - step[i]);
    let gNext = objective.gradient(next);
    const descends = () => gNorm <= floor || norm(gNext) <= (1 - 1e-4 * t) * gNorm;
    for (let halvings = 0; halvings < 20 && !descends(); halvings++) {
      t /= 2;
      next = w.map((v, i) => v - t * step[i]);
      gNext = objective.gradient(next);
    }
    if (!descends()) break; // no step size helps: stay at the best point found
    w.set(next);
    g = gNext;
    onIteration?.(it);
  }
  const stored = asStored(w);
  return { w: stored, residual: objective.exactGradientNorms(stored) };
}

function assertLogistic(spec: ModelSpec, what: string): void {
  if (spec.kind !== 'logistic') throw new Error(`${what} works only for logistic regression (model spec kind 'logistic'), got '${spec.kind}'`);
}

function drawPerturbation(size: number, sigma: number, random: RandomSource): Float32Array {
  return Float32Array.from({ length: size }, () => sigma * random.normal());
}

export interface TrainCertifiedOptions {
  spec: ModelSpec;
  io: ModelIO;
  train: TensorSet;
  config?: Partial<CertifiedTrainingConfig>;
  random: RandomSource;
  signal?: AbortSignal;
  progress?(progress: UnlearningProgress): void;
}

/** Trains a logistic model to the optimum of the perturbed, regularised objective. */
export function trainCertified(options: TrainCertifiedOptions): { model: Model; artifact: CertifiedArtifact } {
  assertLogistic(options.spec, 'Certified training');
  const config = certifiedTrainingConfigSchema.parse(options.config ?? {});
  const features = options.train.inputShape.reduce((a, b) => a * b, 1);
  const K = options.io.numClasses;
  const perturbation = drawPerturbation((features + 1) * K, config.sigma, options.random.fork('perturbation'));
  const part = makePart(options.train, K);
  try {
    const objective = new OneVsRestObjective([part], features, K, config.lambda, perturbation);
    const { w, residual } = newtonMinimise(objective, new Float64Array((features + 1) * K), config.maxNewtonIterations, options.signal, (i) =>
      options.progress?.({ phase: 'newton-train', fraction: (i + 1) / config.maxNewtonIterations }),
    );
    const model = Model.create(options.spec, options.io, 0);
    model.setFlatWeights(Float32Array.from(w));
    return {
      model,
      artifact: { lambda: config.lambda, sigma: config.sigma, perturbation, residualSpent: residual, dataNorm: objective.frobeniusNorm(), removedRows: new Int32Array(0) },
    };
  } finally {
    disposePart(part);
  }
}

export const certifiedRemovalConfigSchema = z.object({
  epsilon: z.number().positive().max(1000).default(1),
  delta: z.number().gt(0).lt(1).default(1e-4),
  /** The forget rows are removed in this many equal chunks, one Newton step each. */
  newtonSteps: z.number().int().min(1).max(10000).default(1),
  /** Conjugate-gradient stopping tolerance (relative residual) and iteration cap per step. */
  cgTolerance: z.number().positive().max(0.1).default(1e-5),
  cgMaxIterations: z.number().int().min(1).max(10000).default(200),
});

/** Removal budget σ·ε/c with c = √(2 ln(1.5/δ)) (Guo et al. 2020, Theorem 3). */
export function removalBudget(sigma: number, epsilon: number, delta: number): number {
  return (sigma * epsilon) / Math.sqrt(2 * Math.log(1.5 / delta));
}

export const certifiedRemoval = defineMethod({
  id: 'certified-removal',
  name: 'Certified removal (logistic regression)',
  kind: 'approximate',
  description: 'For logistic regression trained with a random loss perturbation: removes points with a Newton step using the exact Hessian, tracks the provable leftover, and retrains when the privacy budget (ε, δ) runs out.',
  citation: {
    authors: 'C. Guo, T. Goldstein, A. Hannun, L. van der Maaten',
    year: 2020,
    title: 'Certified Data Removal from Machine Learning Models',
    venue: 'ICML',
  },
  configSchema: certifiedRemovalConfigSchema,
  async run({ original, spec, retain, forget, config, context }) {
    const started = performance.now();
    assertLogistic(spec, 'Certified removal');
    const source = requireModel(original, 'Certified removal');
    const artifact = context.artifacts.certified;
    if (!artifact) throw new Error('certified removal needs the original trained with trainCertified (loss perturbation, λ, σ); none was given');
    const K = source.io.numClasses;
    const features = source.io.inputShape.reduce((a, b) => a * b, 1);
    const alreadyRemoved = new Set(artifact.removedRows);
    const newRows = forget.rowIds.filter((id) => !alreadyRemoved.has(id));
    const budget = removalBudget(artifact.sigma, config.epsilon, config.delta);
    const spent = [...artifact.residualSpent];
    const steps = Math.min(config.newtonSteps, Math.max(newRows.length, 1));
    const chunks = Array.from({ length: steps }, (_, j) => newRows.slice(Math.floor((j * newRows.length) / steps), Math.floor(((j + 1) * newRows.length) / steps)));

    const parts: { retain: Part | null; forget: (Part | null)[] } = { retain: null, forget: [] };
    let w: Float64Array = Float64Array.from(source.flatWeights());
    let stepsTaken = 0;
    let rejected: { from: Float64Array; needed: number } | null = null;
    let newtonSeconds = 0;
    let retrainedArtifact: CertifiedArtifact | null = null;
    try {
      const retainPart = makePart(retain, K);
      parts.retain = retainPart;
      for (const rows of chunks) parts.forget.push(rows.length ? partOfRows(forget, rows, K) : null);
      const present = (list: (Part | null)[]) => list.filter((p): p is Part => p !== null);
      const dataNorm = artifact.dataNorm ?? new OneVsRestObjective([retainPart, ...present(parts.forget)], features, K, artifact.lambda, artifact.perturbation).frobeniusNorm();
      for (let j = 0; j < chunks.length && newRows.length > 0; j++) {
        throwIfAborted(context.signal);
        // remaining data after removing chunks 0..j: the retain rows and the later chunks
        const objective = new OneVsRestObjective([retainPart, ...present(parts.forget.slice(j + 1))], features, K, artifact.lambda, artifact.perturbation);
        const g = objective.gradient(w);
        const curvature = objective.curvature(w);
        let step: Float64Array;
        let unsolved: number[];
        try {
          step = conjugateGradient(objective, curvature, g, config.cgTolerance, config.cgMaxIterations, context.signal);
          const hs = objective.hessianTimes(curvature, step);
          unsolved = columnNorms(g.map((v, i) => v - hs[i]), K);
        } finally {
          tf.dispose(curvature);
        }
        const next = w.map((v, i) => v - step[i]);
        const remainder = objective.squaredStepNorms(step).map((n) => TAYLOR_REMAINDER * dataNorm * n);
        // the model keeps float32 weights: the rounding δ moves the gradient by at most ‖H‖·‖δ‖
        const hessianNorm = (dataNorm * dataNorm) / 4 + artifact.lambda * objective.size;
        const rounding = columnNorms(next.map((v) => v - Math.fround(v)), K).map((n) => hessianNorm * n);
        const bound = remainder.map((r, k) => r + unsolved[k] + rounding[k]);
        const after = spent.map((v, k) => v + bound[k]);
        // written so that a NaN anywhere counts as over budget
        if (!(norm(after) <= budget)) {
          rejected = { from: next, needed: norm(after) / budget };
          break;
        }
        w = next;
        after.forEach((v, k) => (spent[k] = v));
        stepsTaken++;
        context.progress({ phase: 'newton-removal', fraction: (j + 1) / chunks.length });
      }
      newtonSeconds = secondsSince(started);
      if (rejected) {
        // the certificate would break: minimise the objective with a fresh perturbation on the
        // retain rows, from the rejected step's weights (already close to the remaining data's optimum)
        const perturbation = drawPerturbation(artifact.perturbation.length, artifact.sigma, context.random.fork('retrain'));
        const objective = new OneVsRestObjective([retainPart], features, K, artifact.lambda, perturbation);
        const maxIterations = certifiedTrainingConfigSchema.parse({}).maxNewtonIterations;
        const solved = newtonMinimise(objective, rejected.from, maxIterations, context.signal, (i) => context.progress({ phase: 'newton-retrain', fraction: (i + 1) / maxIterations }));
        w = solved.w;
        retrainedArtifact = { ...artifact, perturbation, residualSpent: solved.residual, removedRows: new Int32Array(0) };
      }
    } finally {
      if (parts.retain) disposePart(parts.retain);
      for (const p of parts.forget) if (p) disposePart(p);
    }

    const model = source.clone();
    model.setFlatWeights(Float32Array.from(w));
    const certified = retrainedArtifact ?? { ...artifact, residualSpent: spent, removedRows: Int32Array.from([...artifact.removedRows, ...newRows]) };
    const used = norm(certified.residualSpent) / budget;
    return {
      model,
      artifacts: { ...context.artifacts, certified },
      stats: {
        retrained: retrainedArtifact !== null,
        certified: used <= 1,
        seconds: secondsSince(started),
        newtonSteps: stepsTaken,
        newtonSeconds,
        ...(rejected ? { budgetNeeded: rejected.needed } : {}),
        budget,
        budgetUsed: used,
        removedPoints: newRows.length,
      },
    };
  },
});

/** A Part holding the given rows of `set` (the temporary subset is released; the Part keeps its data). */
function partOfRows(set: TensorSet, rowIds: Int32Array, numClasses: number): Part {
  const subset = subsetByPositions(set, positionsOfRows(set, rowIds));
  try {
    return makePart(subset, numClasses);
  } finally {
    disposeTensorSet(subset);
  }
}
