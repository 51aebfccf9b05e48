/**
 * Random labels (RL): fine-tune on the forget set relabelled with uniformly drawn wrong
 * classes (fresh each step), each step mixed with a correctly labelled retain batch so the
 * rest of the model is kept. An epoch is one pass over the forget set.
 */
import { z } from 'zod';
import { defineMethod, type CurvePoint } from '../contract';
import { disposeOnError, forgetPassWithRetain, secondsSince } from '../common';
import { randomLabelLoss } from '../losses';
import { requireModel } from '../predictor';

export const randomLabelsConfigSchema = z.object({
  epochs: z.number().int().min(1).max(100).default(2),
  learningRate: z.number().positive().max(1).default(1e-3),
  batchSize: z.number().int().min(1).max(4096).default(64),
  /** At least this many steps (more epochs on small forget sets). */
  minSteps: z.number().int().min(0).max(100000).default(30),
});

export const randomLabels = defineMethod({
  id: 'random-labels',
  name: 'Random labels (RL)',
  kind: 'approximate',
  description: 'Fine-tunes the model on the forget set with random wrong labels, mixed with correctly labelled retain data, so the forgotten examples lose their learned labels.',
  citation: {
    authors: 'L. Graves, V. Nagisetty, V. Ganesh',
    year: 2021,
    title: 'Amnesiac Machine Learning',
    venue: 'AAAI',
  },
  configSchema: randomLabelsConfigSchema,
  /**
   * Measured (bench:defaults, digits, 3 seeds): on a class the schema's setting keeps 64% of
   * it (73% on a seed); 80 steps at 2e-3 forget it (1.4% on every seed) with 97.3% on the other
   * classes (retrain 99.0%). Random rows and subjects: a retrained model still classifies most
   * forgotten rows correctly, so relabelling them costs utility: on 2% of a 10,000-row
   * Fashion-MNIST sample the schema's setting lost 12.4 points of test accuracy; one pass (at
   * least 10 steps) at 1e-4 stays within 0.9 points of retrain there and 0.7 on digits. On a
   * subgroup of that sample (1,499 rows; retrain keeps 84.6% of them, the original 90.8%) the
   * same setting reaches 84.6% within 3.1 points of retrain's test accuracy, where 3e-4 lost 17
   * points and the schema's setting 15. The class setting on the Fashion-MNIST sample: 0% of
   * the class, other classes within 2.3 points of retrain.
   */
  defaultsFor: ({ scenarioKind }) => (scenarioKind === 'class' ? { minSteps: 80, learningRate: 2e-3 } : { epochs: 1, minSteps: 10, learningRate: 1e-4 }),
  async run({ original, retain, forget, config, context }) {
    const started = performance.now();
    const model = requireModel(original, 'Random labels').clone();
    const curve: CurvePoint[] = [];
    await disposeOnError(model, () =>
      forgetPassWithRetain({ model, forget, retain, config, context, curve, loss: randomLabelLoss(forget, true), phase: 'random-labels', progressRange: [0, 1] }),
    );
    return { model, curve, stats: { retrained: false, seconds: secondsSince(started) } };
  },
});
