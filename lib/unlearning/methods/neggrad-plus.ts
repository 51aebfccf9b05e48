/**
 * NegGrad+ (Kurmanji et al. 2023): each step minimises α·ℓ(retain batch) − (1−α)·ℓ(forget
 * batch), α ≈ 0.95: gradient ascent on the forget set held in check by descent on the
 * retain set. An epoch is one pass over the forget set, each step paired with a retain batch.
 */
import { z } from 'zod';
import { defineMethod, type CurvePoint } from '../contract';
import { disposeOnError, forgetPassWithRetain, secondsSince } from '../common';
import { negGradPlusLoss } from '../losses';
import { requireModel } from '../predictor';

export const negGradPlusConfigSchema = z.object({
  alpha: z.number().min(0).max(1).default(0.95),
  epochs: z.number().int().min(1).max(100).default(1),
  learningRate: z.number().positive().max(1).default(1e-3),
  batchSize: z.number().int().min(1).max(4096).default(64),
  /** At least this many steps (more epochs on small forget sets). */
  minSteps: z.number().int().min(0).max(100000).default(30),
});

export const negGradPlus = defineMethod({
  id: 'neggrad-plus',
  name: 'NegGrad+',
  kind: 'approximate',
  description: 'Gradient ascent on the forget set combined with ordinary training on the retain set (weighted α and 1−α), so the model forgets without losing its overall accuracy.',
  citation: {
    authors: 'M. Kurmanji, P. Triantafillou, J. Hayes, E. Triantafillou',
    year: 2023,
    title: 'Towards Unbounded Machine Unlearning',
    venue: 'NeurIPS',
  },
  configSchema: negGradPlusConfigSchema,
  async run({ original, retain, forget, config, context }) {
    const started = performance.now();
    const model = requireModel(original, 'NegGrad+').clone();
    const curve: CurvePoint[] = [];
    await disposeOnError(model, () =>
      forgetPassWithRetain({ model, forget, retain, config, context, curve, loss: negGradPlusLoss(config.alpha), phase: 'neggrad+', progressRange: [0, 1] }),
    );
    return { model, curve, stats: { retrained: false, seconds: secondsSince(started) } };
  },
});
