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

export function defaultRecipe(trainRows: number, image: boolean): StudyRecipe {
  const large = trainRows > 20_000;
  return {
    epochs: large ? 3 : image ? 8 : 20,
    batchSize: large ? 128 : 64,
    optimizer: { kind: 'adam', learningRate: 1e-3 },
    weightDecay: 0,
    schedule: { kind: 'constant' },
  };
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
