/**
 * Gradient ascent (NegGrad): maximise the cross-entropy on the forget set, starting from
 * the original. Without a retain term nothing anchors the rest of the model, so utility can
 * collapse ("catastrophic unlearning"); the learning rate and epochs matter.
 */
import { z } from 'zod';
import { defineMethod, type CurvePoint } from '../contract';
import { disposeOnError, drawSeed, phaseSteps, rateForAscentBudget, secondsSince, trainPhase } from '../common';
import { ascentLoss } from '../losses';
import { SMALL_DATA_ROWS } from '../../studies/defaults';
import { requireModel } from '../predictor';

export const negGradConfigSchema = z.object({
  epochs: z.number().int().min(1).max(100).default(1),
  learningRate: z.number().positive().max(1).default(2e-4),
  batchSize: z.number().int().min(1).max(4096).default(64),
  /** At least this many steps (more epochs on small forget sets). */
  minSteps: z.number().int().min(0).max(100000).default(30),
});

export const negGrad = defineMethod({
  id: 'neggrad',
  name: 'Gradient ascent (NegGrad)',
  kind: 'approximate',
  description: 'Pushes the loss on the forget set up by gradient ascent. Fast and forgets strongly, but with nothing anchoring the retain data it can wreck overall accuracy.',
  citation: {
    authors: 'L. Graves, V. Nagisetty, V. Ganesh',
    year: 2021,
    title: 'Amnesiac Machine Learning',
    venue: 'AAAI',
  },
  configSchema: negGradConfigSchema,
  /**
   * Measured (bench:defaults, 3 seeds; F = forget accuracy, ΔT = test-accuracy gap to the same
   * seed's retrain, on the other classes for a class). With nothing anchoring the rest of the
   * model, the rate and the number of steps are the whole story.
   *   - Class, small data (digits): the schema's 30 steps at 2e-4 keep 100% of it; 60 steps at
   *     1e-3 forget it (0% on every seed), ΔT 0.4; 100 steps cost 4.5 points.
   *   - Class, larger data (a 10,000-row Fashion-MNIST sample, MLP 784-128-10; one pass over
   *     the class is 16 steps): 30 or more steps at 1e-3 collapse the model to 10-12%; 2 passes
   *     at 7e-5 (30 steps) leave 5.3% (at most 12.8% on a seed) for ΔT 4.3. Nothing tried did
   *     both jobs: 1e-4 for one pass kept 24.8% (46% on a seed) at ΔT 1.7, 1e-4 for two passes
   *     0.3% at ΔT 7.4, 6e-5 for two 11.5% at 3.2, 5e-5 for two 21.4% at 2.2. Ascent alone
   *     cannot forget this class within 3 points of retrain on the other classes; 7e-5 is the
   *     closest. The whole of Fashion-MNIST (bench:verdicts, 8 seeds): a pass over class 0 is
   *     94 steps, and 7e-5 for it lost 28 points of test accuracy. Larger classes get the rate
   *     that keeps the sample's total ascent (7e-5 × 32 steps; rateForAscentBudget): 2.4e-5
   *     there keeps 2-6% of the class for 3-12 points (4 seeds; 1.5e-5 kept 20-36% for 0-5).
   *   - Random rows, subjects, subgroups: 3e-5 for at least 10 steps. Fashion-MNIST sample:
   *     2% random rows F 88.8% (retrain 87.1%, original 91.2%), ΔT 1.6; 10 derived subjects
   *     F 81.7% (retrain 81.3%, original 85.8%), ΔT 1.1; a subgroup of 15% F 85.9% (retrain
   *     84.6%, original 90.8%), ΔT 1.9. The previous 1e-4 for 10 steps lost 4.8, 5.5 and 10.2
   *     points there, the schema's 2e-4 for 30 steps 34-60. On digits it changes nothing
   *     (F 100%; retrain 100%, 98.1% and 85.0%), ΔT at most 1.0.
   */
  defaultsFor: ({ scenarioKind, trainRows, forgetRows }) => {
    if (scenarioKind !== 'class') return { learningRate: 3e-5, minSteps: 10 };
    if (trainRows <= SMALL_DATA_ROWS) return { learningRate: 1e-3, minSteps: 60 };
    const { batchSize, epochs } = negGradConfigSchema.parse({});
    return { learningRate: rateForAscentBudget(7e-5 * 32, 7e-5, phaseSteps(forgetRows, batchSize, epochs, 30)), minSteps: 30 };
  },
  async run({ original, forget, config, context }) {
    const started = performance.now();
    const model = requireModel(original, 'Gradient ascent').clone();
    const curve: CurvePoint[] = [];
    await disposeOnError(model, () =>
      trainPhase({
        model,
        set: forget,
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        minSteps: config.minSteps,
        seed: drawSeed(context.random),
        loss: ascentLoss(),
        context,
        phase: 'ascent',
        progressRange: [0, 1],
        curve,
      }),
    );
    return { model, curve, stats: { retrained: false, seconds: secondsSince(started) } };
  },
});
