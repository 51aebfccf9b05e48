/**
 * Retrain from scratch: a fresh model (same initialisation seed as the original) trained on
 * the retain set with the original recipe. Exact by construction and the reference every
 * other method is measured against (gaps, speedup).
 */
import { z } from 'zod';
import { Model } from '../../ml/model';
import { train } from '../../ml/train';
import { defineMethod, type CurvePoint } from '../contract';

export const retrainConfigSchema = z.object({}).strict();

export const retrain = defineMethod({
  id: 'retrain',
  name: 'Retrain from scratch',
  kind: 'exact',
  description: 'Trains a new model on the retain set only, with the original recipe. Exact but slow: the gold standard every other method is compared with.',
  citation: {
    authors: 'Y. Cao, J. Yang',
    year: 2015,
    title: 'Towards Making Systems Forget with Machine Unlearning',
    venue: 'IEEE Symposium on Security and Privacy',
  },
  configSchema: retrainConfigSchema,
  async run({ original, spec, recipe, retain, context }) {
    const started = performance.now();
    const model = Model.create(spec, original.io, recipe.seed);
    const curve: CurvePoint[] = [];
    try {
      await train({
        model,
        set: retain,
        recipe,
        signal: context.signal,
        onStep: (p) => context.progress({ phase: 'retrain', fraction: (p.globalStep + 1) / p.totalSteps, loss: p.loss }),
        onEpoch: (p) => curve.push({ epoch: p.epoch, phase: 'retrain', loss: p.loss }),
      });
    } catch (error) {
      model.dispose();
      throw error;
    }
    return { model, curve, stats: { retrained: true, seconds: (performance.now() - started) / 1000, epochs: recipe.epochs } };
  },
});
