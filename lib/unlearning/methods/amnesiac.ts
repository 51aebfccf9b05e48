/**
 * Amnesiac unlearning (Graves, Nagisetty & Ganesh 2021). While the original trains, the
 * parameter update of every batch that contains a row which may later be deleted is stored
 * (trainWithUpdateCapture). To forget, the updates of the batches that held forget rows are
 * subtracted from the weights, then a short fine-tune on retain data repairs the collateral
 * damage (the removed updates also carried retain rows of the same batches).
 * Memory: one parameter-sized delta per captured batch; with `aggregate` the deltas are
 * summed into one entry, which is exact when the whole captured row set is deleted at once.
 */
import { z } from 'zod';
import type { Model } from '../../ml/model';
import { disposeTensorSet, type TensorSet } from '../../ml/tensor-set';
import { train, type EpochProgress } from '../../ml/train';
import type { TrainingRecipe, TrainingRecipeInput } from '../../ml/training-recipe';
import type { AmnesiacArtifact, AmnesiacUpdate } from '../artifacts';
import { defineMethod, type CurvePoint } from '../contract';
import { disposeOnError, drawSeed, sampleSet, secondsSince, trainPhase } from '../common';
import { requireModel } from '../predictor';

export interface UpdateCaptureOptions {
  /** Rows that may be deleted later; only batches holding one of them are stored. All batches when omitted. */
  rows?: Int32Array;
  /** Sum all captured updates into one entry (bounded memory; exact only for deleting all `rows` together). */
  aggregate?: boolean;
  signal?: AbortSignal;
  onEpoch?(progress: EpochProgress): void;
}

/** Trains `model` in place on `set` with `recipe`, capturing the updates Amnesiac needs. */
export async function trainWithUpdateCapture(model: Model, set: TensorSet, recipe: TrainingRecipe | TrainingRecipeInput, options: UpdateCaptureOptions = {}): Promise<AmnesiacArtifact> {
  const watched = options.rows ? new Set(options.rows) : null;
  const updates: AmnesiacUpdate[] = [];
  let aggregate: AmnesiacUpdate | null = null;
  const aggregateRows = new Set<number>();
  await train({
    model,
    set,
    recipe,
    signal: options.signal,
    onEpoch: options.onEpoch,
    updateCapture: {
      onlyRows: options.rows,
      onUpdate: (update) => {
        const rowIds = watched ? update.rowIds.filter((id) => watched.has(id)) : update.rowIds;
        if (!options.aggregate) {
          updates.push({ rowIds: Int32Array.from(rowIds), delta: update.delta, batches: 1 });
          return;
        }
        rowIds.forEach((id) => aggregateRows.add(id));
        if (!aggregate) {
          aggregate = { rowIds: new Int32Array(0), delta: update.delta, batches: 1 };
          return;
        }
        const sum: AmnesiacUpdate = aggregate;
        sum.batches++;
        sum.delta.forEach((d, i) => {
          const add = update.delta[i];
          for (let k = 0; k < d.length; k++) d[k] += add[k];
        });
      },
    },
  });
  const summed = aggregate as AmnesiacUpdate | null;
  if (summed) updates.push({ ...summed, rowIds: Int32Array.from([...aggregateRows].sort((a, b) => a - b)) });
  return { updates };
}

export const amnesiacConfigSchema = z.object({
  /** Epochs of repair fine-tuning on the retain sample after the subtraction (0 = none). */
  fineTuneEpochs: z.number().int().min(0).max(100).default(1),
  learningRate: z.number().positive().max(1).default(1e-3),
  batchSize: z.number().int().min(1).max(4096).default(64),
  retainFraction: z.number().gt(0).max(1).default(0.1),
});

export const amnesiac = defineMethod({
  id: 'amnesiac',
  name: 'Amnesiac unlearning',
  kind: 'approximate',
  description: 'Undoes the weight updates of the training batches that contained the forgotten rows (recorded while the original trained), then briefly fine-tunes on retain data.',
  citation: {
    authors: 'L. Graves, V. Nagisetty, V. Ganesh',
    year: 2021,
    title: 'Amnesiac Machine Learning',
    venue: 'AAAI',
  },
  configSchema: amnesiacConfigSchema,
  async run({ original, retain, forget, config, context }) {
    const started = performance.now();
    const artifact = context.artifacts.amnesiac;
    if (!artifact) throw new Error('Amnesiac unlearning needs the original trained with update capture (trainWithUpdateCapture); no captured updates were given');
    const source = requireModel(original, 'Amnesiac unlearning');
    const forgetRows = new Set(forget.rowIds);
    const used: AmnesiacUpdate[] = [];
    const kept: AmnesiacUpdate[] = [];
    for (const update of artifact.updates) (update.rowIds.some((id) => forgetRows.has(id)) ? used : kept).push(update);
    const capturedRows = new Set(artifact.updates.flatMap((u) => Array.from(u.rowIds)));
    const uncaptured = forget.rowIds.filter((id) => !capturedRows.has(id)).length;
    const weights = source.values();
    for (const update of used) {
      update.delta.forEach((d, i) => {
        const w = weights[i];
        for (let k = 0; k < w.length; k++) w[k] -= d[k];
      });
    }
    const model = source.clone();
    model.setValues(weights);
    context.progress({ phase: 'subtract', fraction: config.fineTuneEpochs > 0 ? 0.05 : 1 });
    const curve: CurvePoint[] = [];
    if (config.fineTuneEpochs > 0) {
      const sample = sampleSet(retain, config.retainFraction, context.random.fork('retain-sample'), config.batchSize);
      try {
        await disposeOnError(model, () =>
          trainPhase({
            model,
            set: sample.set,
            epochs: config.fineTuneEpochs,
            batchSize: config.batchSize,
            learningRate: config.learningRate,
            seed: drawSeed(context.random),
            context,
            phase: 'repair',
            progressRange: [0.05, 1],
            curve,
          }),
        );
      } finally {
        if (sample.owned) disposeTensorSet(sample.set);
      }
    }
    return {
      model,
      curve,
      // the subtracted updates are gone from the model: drop them so a later request cannot subtract them twice
      artifacts: { ...context.artifacts, amnesiac: { updates: kept } },
      stats: {
        retrained: false,
        seconds: secondsSince(started),
        batchesUndone: used.reduce((n, u) => n + u.batches, 0),
        // forget rows whose batches were never captured: their influence stays (capture them next time)
        uncapturedForgetRows: uncaptured,
      },
    };
  },
});
