/**
 * Warming the engine before a timed phase. The first training steps in a fresh worker thread
 * pay one-off costs: the backend's kernels are compiled or JIT-optimised, buffers are allocated.
 * Seen in a study: one retrain took 13 s against 2-3 s for the same work on the other seeds,
 * which made its "speedup" meaningless. So every timed model computation (training an original,
 * retraining, an unlearning method) first runs two training steps of a throwaway model of the
 * same spec on rows of the same set, untimed, and only then starts its clock.
 */
import * as tf from '@tensorflow/tfjs';
import { Model } from './model';
import type { ModelIO, ModelSpec, ModelSpecInput } from './model-spec';
import { disposeTensorSet, type TensorSet } from './tensor-set';
import { train } from './train';
import { parseTrainingRecipe, type TrainingRecipe, type TrainingRecipeInput } from './training-recipe';

/** Steps the warm-up trains: enough to run forward, backward and an optimizer update twice. */
export const WARM_UP_STEPS = 2;

/** The first `count` examples of a set as a new set (the caller disposes it). */
function headOf(set: TensorSet, count: number): TensorSet {
  const [x, labels] = tf.tidy(() => [tf.slice(set.x, [0, ...set.inputShape.map(() => 0)], [count, ...set.inputShape]), tf.slice(set.labels, [0], [count]) as tf.Tensor1D] as const);
  return { x, labels, labelValues: set.labelValues.slice(0, count), rowIds: set.rowIds.slice(0, count), size: count, inputShape: [...set.inputShape] };
}

/**
 * Trains a throwaway model of `spec` for WARM_UP_STEPS steps on the head of `set`; returns the
 * seconds it took (recorded in the run's manifest, never part of the timed phase).
 */
export async function warmUp(options: { spec: ModelSpecInput | ModelSpec; io: ModelIO; set: TensorSet; recipe: TrainingRecipe | TrainingRecipeInput }): Promise<number> {
  const started = performance.now();
  if (options.set.size === 0) return 0;
  const recipe = parseTrainingRecipe(options.recipe);
  const count = Math.min(options.set.size, recipe.batchSize * WARM_UP_STEPS);
  const small = headOf(options.set, count);
  const model = Model.create(options.spec, options.io, recipe.seed);
  try {
    await train({ model, set: small, recipe: { ...recipe, epochs: 1 } });
  } finally {
    model.dispose();
    disposeTensorSet(small);
  }
  return (performance.now() - started) / 1000;
}
