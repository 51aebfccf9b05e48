/**
 * Sensible starting points per dataset kind for the "New study" form and the API, so a study
 * can be launched with nothing but a scenario and methods.
 */
import { assertSpecFitsInput, parseModelSpec, type ModelIO, type ModelSpec } from '@/lib/ml/model-spec';
import type { TrainingRecipeInput } from '@/lib/ml/training-recipe';

export type StudyRecipe = Omit<TrainingRecipeInput, 'seed'>;

export function defaultModelSpec(io: ModelIO): ModelSpec {
  if (io.inputShape.length === 3) {
    const cnn = parseModelSpec({ kind: 'cnn', blocks: [{ filters: 16, kernelSize: 3 }, { filters: 32, kernelSize: 3 }], dense: [] });
    try {
      assertSpecFitsInput(cnn, io);
      return cnn;
    } catch {
      // Images too small for two conv blocks (e.g. 8x8): a small MLP on the pixels.
      return parseModelSpec({ kind: 'mlp', hidden: [64] });
    }
  }
  return parseModelSpec({ kind: 'mlp', hidden: [64] });
}

/**
 * Optimizer steps a default recipe gives at least. Epochs mean little on small data: 20 epochs
 * of iris (120 training rows) at batch size 64 are 40 Adam steps at 1e-3, which left the default
 * logistic model at 17-70% test accuracy (chance is 33%). Defaults are chosen in steps.
 */
export const MIN_DEFAULT_STEPS = 600;
/** At most this many training rows count as small data (smaller batches, a higher rate). */
export const SMALL_DATA_ROWS = 2000;
/** Fewer steps than this: the plan warns that the original is likely to underfit. */
export const UNDERFIT_STEPS = 300;

export function stepsOf(trainRows: number, recipe: Pick<StudyRecipe, 'epochs' | 'batchSize'>): number {
  return Number(recipe.epochs) * Math.ceil(Math.max(1, trainRows) / Number(recipe.batchSize));
}

/**
 * Large data: 3 epochs of batch 128. Small data (≤ 2000 rows): batch 16 and Adam at 1e-2, with
 * enough epochs for MIN_DEFAULT_STEPS steps (iris: 75 epochs, 600 steps; 97-100% test accuracy
 * for logistic regression and an MLP, defaults.test.ts). Otherwise batch 64, Adam at 1e-3, 8
 * (images) or 20 epochs, raised to MIN_DEFAULT_STEPS steps where that is more.
 */
export function defaultRecipe(trainRows: number, image: boolean): StudyRecipe {
  const large = trainRows > 20_000;
  const small = trainRows <= SMALL_DATA_ROWS;
  const batchSize = large ? 128 : small ? 16 : 64;
  const baseEpochs = large ? 3 : image ? 8 : 20;
  const stepsPerEpoch = Math.ceil(Math.max(1, trainRows) / batchSize);
  const epochs = large ? baseEpochs : Math.min(200, Math.max(baseEpochs, Math.ceil(MIN_DEFAULT_STEPS / stepsPerEpoch)));
  return {
    epochs,
    batchSize,
    optimizer: { kind: 'adam', learningRate: small ? 1e-2 : 1e-3 },
    weightDecay: 0,
    schedule: { kind: 'constant' },
  };
}

/**
 * Plan-time check of a recipe: statements when it is likely to leave the original near chance
 * (then every gap to retrain compares two models that learned nothing). Empty when it looks fine.
 */
export function recipeWarnings(trainRows: number, recipe: Pick<StudyRecipe, 'epochs' | 'batchSize'>): string[] {
  const steps = stepsOf(trainRows, recipe);
  if (steps >= UNDERFIT_STEPS) return [];
  const suggested = defaultRecipe(trainRows, false);
  return [
    `This recipe trains for only ${steps} optimizer steps (${recipe.epochs} epochs × ${Math.ceil(Math.max(1, trainRows) / Number(recipe.batchSize))} batches of ${recipe.batchSize} over ${trainRows} training rows): the original is likely to underfit, possibly near chance, and then no gap to retrain means anything. ` +
      `Train for at least ${UNDERFIT_STEPS} steps, e.g. the default for this data: ${suggested.epochs} epochs, batch size ${suggested.batchSize}, Adam at ${suggested.optimizer.kind === 'adam' ? suggested.optimizer.learningRate : ''}.`,
  ];
}

/** Multiply-adds of one forward pass per example (for time estimates and GFLOP/s in manifests). */
export function forwardMacs(spec: ModelSpec, io: ModelIO): number {
  if (spec.kind === 'logistic') return io.inputShape.reduce((a, b) => a * b, 1) * io.numClasses;
  if (spec.kind === 'mlp') {
    let inputs = io.inputShape.reduce((a, b) => a * b, 1);
    let macs = 0;
    for (const h of spec.hidden) {
      macs += inputs * h;
      inputs = h;
    }
    return macs + inputs * io.numClasses;
  }
  let [h, w, c] = io.inputShape;
  let macs = 0;
  for (const b of spec.blocks) {
    const outH = b.padding === 'valid' ? h - b.kernelSize + 1 : h;
    const outW = b.padding === 'valid' ? w - b.kernelSize + 1 : w;
    macs += outH * outW * b.filters * c * b.kernelSize * b.kernelSize;
    [h, w, c] = b.pooling === 'none' ? [outH, outW, b.filters] : [Math.floor(outH / b.poolSize), Math.floor(outW / b.poolSize), b.filters];
  }
  let inputs = h * w * c;
  for (const d of spec.dense) {
    macs += inputs * d;
    inputs = d;
  }
  return macs + inputs * io.numClasses;
}

/** FLOPs of training one model: forward + backward ≈ 3 forward passes, 2 FLOPs per multiply-add. */
export function trainingFlops(spec: ModelSpec, io: ModelIO, rows: number, epochs: number): number {
  return 6 * forwardMacs(spec, io) * rows * epochs;
}
