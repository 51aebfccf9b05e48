/**
 * NegGrad+ (Kurmanji et al. 2023): each step minimises α·ℓ(retain batch) − (1−α)·ℓ(forget
 * batch), α ≈ 0.95: gradient ascent on the forget set held in check by descent on the
 * retain set. An epoch is one pass over the forget set, each step paired with a retain batch.
 */
import { z } from 'zod';
import { defineMethod, type CurvePoint } from '../contract';
import { disposeOnError, forgetPassWithRetain, phaseSteps, rateForAscentBudget, secondsSince } from '../common';
import { negGradPlusLoss } from '../losses';
import { SMALL_DATA_ROWS } from '../../studies/defaults';
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
  /**
   * Measured (bench:defaults, 3 seeds). Digits: on a class the schema's 30 steps keep 87%;
   * 60 steps forget it (0.2%, at most 0.7% on a seed) with 98.8% on the other classes (retrain
   * 99.0%); 100 steps cost 1.7 points. A 10,000-row Fashion-MNIST sample: one pass over the
   * class (at least 10 steps, 16 here) forgets it (0%) within 1.5 points of retrain on the other
   * classes, where 60 cost 3.1 points. On a subgroup (retrain keeps 85% of it, the original
   * 100%) 80 steps reach 83.6% (gap at most 4.7 points) for 2.6 points of test accuracy; 60
   * reach 95.5%. On 2% random rows the schema's setting matches retrain within 0.7 points.
   * The whole of Fashion-MNIST (bench:verdicts, 8 seeds): a pass over its class 0 is 94 steps,
   * and at 1e-3 it cost 5.8 points of retain accuracy (4.5 of test). Adam moves each weight by
   * about the learning rate a step, so larger classes get the rate that keeps the 16-step pass's
   * total (1e-3 × 16 steps): 1.7e-4 at 94 steps forgets the class (0% on 4 seeds, as 2e-4
   * did) within 0.4-1.9 points of retrain on the other classes.
   */
  defaultsFor: ({ scenarioKind, trainRows, forgetRows }) => {
    if (scenarioKind === 'class') {
      if (trainRows <= SMALL_DATA_ROWS) return { minSteps: 60 };
      const { batchSize, epochs } = negGradPlusConfigSchema.parse({});
      return { minSteps: 10, learningRate: rateForAscentBudget(1e-3 * 16, 1e-3, phaseSteps(forgetRows, batchSize, epochs, 10)) };
    }
    return scenarioKind === 'subgroup' ? { minSteps: 80 } : {};
  },
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
