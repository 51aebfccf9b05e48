/**
 * Selective Synaptic Dampening (Foster et al. 2024). No training: the diagonal Fisher
 * importance of each weight is estimated on the training data (I_D) and on the forget set
 * (I_f); weights far more important to the forget set (I_f > α·I_D) are multiplied by
 * min(λ·I_D / I_f, 1). Defaults α = 10, λ = 1 as in the reference code. As there, each
 * importance is the mean over mini-batches of the squared batch gradient, I_D over shuffled
 * batches of the training set (retain ∪ forget, so forget rows are diluted in mixed batches)
 * and I_f over batches of the forget set; on large sets both use a seeded sample (maxExamples).
 */
import { z } from 'zod';
import { defineMethod } from '../contract';
import { disposeTensorSet } from '../../ml/tensor-set';
import { gradientStatistics, sampleUnion, secondsSince } from '../common';
import { requireModel } from '../predictor';

export const ssdConfigSchema = z.object({
  /** Selection weighting α: dampen weights with I_f > α·I_D. */
  alpha: z.number().positive().max(1e6).default(10),
  /** Dampening constant λ: scale by min(λ·I_D/I_f, 1). */
  lambda: z.number().positive().max(1e6).default(1),
  /** Mini-batch size of the importance estimates. */
  batchSize: z.number().int().min(1).max(4096).default(64),
  /** Cap on examples per importance estimate (seeded sample beyond it). */
  maxExamples: z.number().int().min(1).max(1_000_000).default(5000),
});

/** Applies SSD's dampening in place; returns how many weights were dampened. */
export function dampen(weights: Float32Array[], trainImportance: readonly Float32Array[], forgetImportance: readonly Float32Array[], alpha: number, lambda: number): number {
  let dampened = 0;
  weights.forEach((w, i) => {
    const id = trainImportance[i];
    const iF = forgetImportance[i];
    for (let k = 0; k < w.length; k++) {
      if (iF[k] > alpha * id[k]) {
        w[k] *= Math.min((lambda * id[k]) / iF[k], 1);
        dampened++;
      }
    }
  });
  return dampened;
}

export const ssd = defineMethod({
  id: 'ssd',
  name: 'Selective Synaptic Dampening (SSD)',
  kind: 'approximate',
  description: 'Without any training, shrinks the weights that are much more important (by Fisher information) to the forget set than to the training data as a whole.',
  citation: {
    authors: 'J. Foster, S. Schoepf, A. Brintrup',
    year: 2024,
    title: 'Fast Machine Unlearning Without Retraining Through Selective Synaptic Dampening',
    venue: 'AAAI',
  },
  configSchema: ssdConfigSchema,
  async run({ original, retain, forget, config, context }) {
    const started = performance.now();
    const source = requireModel(original, 'SSD');
    const options = { batchSize: config.batchSize, maxExamples: config.maxExamples, signal: context.signal };
    context.progress({ phase: 'importance-train', fraction: 0 });
    const trainSample = sampleUnion(retain, forget, config.maxExamples, context.random.fork('train-sample'));
    let trainImportance: Float32Array[];
    try {
      trainImportance = gradientStatistics(source, trainSample, { ...options, random: context.random.fork('train') }).squared;
    } finally {
      disposeTensorSet(trainSample);
    }
    context.progress({ phase: 'importance-forget', fraction: 0.5 });
    const forgetImportance = gradientStatistics(source, forget, { ...options, random: context.random.fork('forget') }).squared;
    const weights = source.values();
    const dampened = dampen(weights, trainImportance, forgetImportance, config.alpha, config.lambda);
    const model = source.clone();
    model.setValues(weights);
    context.progress({ phase: 'dampen', fraction: 1 });
    return { model, stats: { retrained: false, seconds: secondsSince(started), dampenedWeights: dampened, dampenedShare: dampened / source.parameterCount } };
  },
});
