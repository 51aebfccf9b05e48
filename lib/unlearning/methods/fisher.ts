/**
 * Fisher forgetting (Golatkar, Achille & Soatto 2020): add Gaussian noise to each weight with
 * variance α / F_i, F_i the diagonal Fisher information of the retain set, clipped at
 * maxVariance. Weights the retain data barely depends on (small F_i), i.e. those carrying
 * what is specific to the forget set, get scrambled; weights the retain data needs stay put.
 * No training. F is estimated per mini-batch on a seeded sample. Like the reference code,
 * which shares one variance per output unit, the information of a weight matrix is averaged
 * per output unit (over its incoming weights; averaging the information rather than the
 * variances keeps inputs that are constant zero from dominating), so a whole unit the retain
 * data does not need is scrambled rather than scattered single weights.
 *
 * Forgetting a whole class: the reference code (get_mean_var in Forgetting.ipynb,
 * github.com/AdityaGolatkar/SelectiveForgetting, copied unchanged into the FisherForgetting
 * baseline of Foster et al.'s SSD code, forget_full_class_strategies.py) does more than add
 * noise when the request is a class (num_to_forget None): the forgotten class's output unit
 * gets mean 0 and variance 1e-4 (then ×10 like the rest of the last layer), i.e. its weights
 * and bias are reset to N(0, 1e-3). This method does the same (resetForgottenClass) when the
 * forget set holds every training row of one class: all forget labels equal c and no retain
 * row has label c, with one deviation: the mean is the average of the other classes' weights
 * (and biases) rather than 0. Softmax ignores a shift shared by all logits, so 0 means nothing
 * in itself; the reference's intent, a unit that carries no information, is a logit at the
 * average of the others, which is never above the best of them (noise aside). With mean 0 a class input whose
 * other logits are all negative still lands on the reset class: on digits (the default MLP
 * and recipe, bench:defaults) 8-34% of class 3 had all other logits below 0 and the class kept
 * 60%, 21% and 19% on seeds 1-3 (0% with the average). Noise alone does not single the class
 * out: on the digits dataset
 * (forgetting the class 3, MLP 64-32-10) forget accuracy stayed at 1.000, 0.993 and 0.938
 * for α = 1e-8, 1e-7 and 1e-6 (at 1e-6 the other classes' test accuracy had already fallen
 * from 0.97 to 0.67), and at α = 1e-5 the model was wrecked (other classes 0.12) before the
 * class was forgotten (0.33). With the reset and the default α: forget accuracy 0.000, other
 * classes 0.97 (retrain 0.978). The Fisher here is the squared batch-mean gradient, about
 * batchSize times smaller than the reference's per-example Fisher, which is why the schema's α
 * (1e-8) is smaller than the reference's 1e-6.
 */
import { z } from 'zod';
import { defineMethod } from '../contract';
import { gradientStatistics, secondsSince } from '../common';
import { requireModel } from '../predictor';

export const fisherConfigSchema = z.object({
  /** Noise scale α: variance α / F. */
  alpha: z.number().positive().max(1).default(1e-8),
  /** Cap on the noise variance of any weight. */
  maxVariance: z.number().positive().max(10).default(1e-3),
  batchSize: z.number().int().min(1).max(4096).default(64),
  /** Cap on retain examples used to estimate the Fisher (seeded sample beyond it). */
  maxExamples: z.number().int().min(1).max(1_000_000).default(5000),
  /**
   * When the forget set is a whole class, reset that class's output unit (variance 1e-3, mean
   * the other classes' average) as the reference code does for class forgetting, but for the
   * mean (see the file comment).
   */
  resetForgottenClass: z.boolean().default(true),
});

/** Variance of the reset output unit of a forgotten class: the reference's 1e-4, ×10 for the last layer. */
const FORGOTTEN_CLASS_VARIANCE = 1e-3;

/** The class c when every forget label is c and no retain label is, else null. */
export function wholeForgottenClass(forgetLabels: Int32Array, retainLabels: Int32Array): number | null {
  if (forgetLabels.length === 0) return null;
  const c = forgetLabels[0];
  if (forgetLabels.some((l) => l !== c) || retainLabels.some((l) => l === c)) return null;
  return c;
}

export const fisherForgetting = defineMethod({
  id: 'fisher',
  name: 'Fisher forgetting',
  kind: 'approximate',
  description: 'Adds noise to every weight, more to weights the retain data does not rely on (low Fisher information), destroying what is specific to the forget set without training.',
  citation: {
    authors: 'A. Golatkar, A. Achille, S. Soatto',
    year: 2020,
    title: 'Eternal Sunshine of the Spotless Net: Selective Forgetting in Deep Networks',
    venue: 'CVPR',
  },
  configSchema: fisherConfigSchema,
  /**
   * Measured (bench:defaults, 3 seeds; F = forget accuracy, ΔT = test-accuracy gap to the same
   * seed's retrain). A class is forgotten by the reset with the schema's α: digits F 0% on every
   * seed, ΔT 0.5 on the other classes; Fashion-MNIST sample (MLP 784-128-10) F 0%, ΔT 0.8.
   * Other kinds: α = 1e-6 moves the Fashion-MNIST forget accuracy a little toward retrain's
   * at no cost (random rows F 88.8%, retrain 87.1%, ΔT 1.6; subjects 83.2%, retrain 81.3%, 1.5;
   * subgroup 89.0%, retrain 84.6%, 0.5; the schema 89.6/85.3/89.9%). On digits the variance
   * cap (maxVariance) binds either way and the model stays as it was (F 100%; retrain 100%,
   * 98.1% and 85.0%). A larger cap (1e-2) costs 11-13 points on Fashion-MNIST: the noise
   * cannot remove a subgroup without removing accuracy.
   */
  defaultsFor: ({ scenarioKind }) => (scenarioKind === 'class' ? {} : { alpha: 1e-6 }),
  async run({ original, retain, forget, config, context }) {
    const started = performance.now();
    const source = requireModel(original, 'Fisher forgetting');
    context.progress({ phase: 'fisher', fraction: 0 });
    const fisher = (
      await gradientStatistics(source, retain, {
        batchSize: config.batchSize,
        maxExamples: config.maxExamples,
        random: context.random.fork('fisher-sample'),
        signal: context.signal,
      })
    ).squared;
    const noise = context.random.fork('noise');
    const weights = source.values();
    const forgottenClass = config.resetForgottenClass ? wholeForgottenClass(forget.labelValues, retain.labelValues) : null;
    // the output layer is the last kernel [in, classes] and bias [classes] of every spec kind
    const outputLayer = weights.length - 2;
    let clipped = 0;
    let varianceSum = 0;
    weights.forEach((w, i) => {
      const shape = source.layout[i].shape;
      const information = Float64Array.from(fisher[i]);
      if (shape.length > 1) {
        // kernels are [..., out]: average the information over everything feeding each output unit
        const units = shape[shape.length - 1];
        const perUnit = new Float64Array(units);
        for (let k = 0; k < information.length; k++) perUnit[k % units] += information[k];
        const fanIn = information.length / units;
        for (let k = 0; k < information.length; k++) information[k] = perUnit[k % units] / fanIn;
      }
      const variances = information.map((f) => Math.min(config.alpha / (f + 1e-12), config.maxVariance));
      const reset = new Uint8Array(w.length);
      if (forgottenClass !== null && i >= outputLayer) {
        const classes = shape[shape.length - 1];
        for (let row = 0; row < w.length; row += classes) {
          let others = 0;
          for (let j = 0; j < classes; j++) if (j !== forgottenClass) others += w[row + j];
          w[row + forgottenClass] = others / (classes - 1);
          variances[row + forgottenClass] = FORGOTTEN_CLASS_VARIANCE;
          reset[row + forgottenClass] = 1;
        }
      }
      for (let k = 0; k < w.length; k++) {
        if (!reset[k] && variances[k] >= config.maxVariance) clipped++;
        varianceSum += variances[k];
        w[k] += Math.sqrt(variances[k]) * noise.normal();
      }
    });
    const model = source.clone();
    model.setValues(weights);
    context.progress({ phase: 'noise', fraction: 1 });
    return {
      model,
      stats: { retrained: false, seconds: secondsSince(started), resetClass: forgottenClass, clippedShare: clipped / source.parameterCount, meanNoiseStd: Math.sqrt(varianceSum / source.parameterCount) },
    };
  },
});
