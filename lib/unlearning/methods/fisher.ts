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
  maxExamples: z.number().int().min(1).default(5000),
});

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
  async run({ original, retain, config, context }) {
    const started = performance.now();
    const source = requireModel(original, 'Fisher forgetting');
    context.progress({ phase: 'fisher', fraction: 0 });
    const fisher = gradientStatistics(source, retain, {
      batchSize: config.batchSize,
      maxExamples: config.maxExamples,
      random: context.random.fork('fisher-sample'),
      signal: context.signal,
    }).squared;
    const noise = context.random.fork('noise');
    const weights = source.values();
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
      for (let k = 0; k < w.length; k++) {
        if (variances[k] >= config.maxVariance) clipped++;
        varianceSum += variances[k];
        w[k] += Math.sqrt(variances[k]) * noise.normal();
      }
    });
    const model = source.clone();
    model.setValues(weights);
    context.progress({ phase: 'noise', fraction: 1 });
    return {
      model,
      stats: { retrained: false, seconds: secondsSince(started), clippedShare: clipped / source.parameterCount, meanNoiseStd: Math.sqrt(varianceSum / source.parameterCount) },
    };
  },
});
