/**
 * Fine-tune (FT): continue training the original on retain data only, relying on
 * catastrophic forgetting to wash out the forget set's influence. Cheap by design: a few
 * epochs over a seeded sample of the retain set (the reference trains "a few epochs on Dr";
 * sampling keeps it well under the cost of retraining on large sets).
 */
import { z } from 'zod';
import { disposeTensorSet } from '../../ml/tensor-set';
import { defineMethod, type CurvePoint } from '../contract';
import { drawSeed, sampleSet, trainPhase } from '../common';
import { requireModel } from '../predictor';

export const finetuneConfigSchema = z.object({
  epochs: z.number().int().min(1).max(100).default(2),
  learningRate: z.number().positive().max(1).default(1e-3),
  batchSize: z.number().int().min(1).max(4096).default(64),
  /** Share of the retain set sampled (once, seeded) for fine-tuning. */
  retainFraction: z.number().gt(0).max(1).default(0.1),
});

export const finetune = defineMethod({
  id: 'finetune',
  name: 'Fine-tune (FT)',
  kind: 'approximate',
  description: 'Keeps training the original model on retain data only, so the forget set fades through catastrophic forgetting. Cheap, but often leaves traces of the forgotten data.',
  citation: {
    authors: 'A. Golatkar, A. Achille, S. Soatto',
    year: 2020,
    title: 'Eternal Sunshine of the Spotless Net: Selective Forgetting in Deep Networks',
    venue: 'CVPR',
  },
  configSchema: finetuneConfigSchema,
  async run({ original, retain, config, context }) {
    const started = performance.now();
    const model = requireModel(original, 'Fine-tune').clone();
    const sample = sampleSet(retain, config.retainFraction, context.random.fork('retain-sample'), config.batchSize);
    const curve: CurvePoint[] = [];
    try {
      await trainPhase({
        model,
        set: sample.set,
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: drawSeed(context.random),
        context,
        phase: 'fine-tune',
        progressRange: [0, 1],
        curve,
      });
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      if (sample.owned) disposeTensorSet(sample.set);
    }
    return { model, curve, stats: { retrained: false, seconds: (performance.now() - started) / 1000, retainExamples: sample.set.size } };
  },
});

