/**
 * Loss functions the approximate methods plug into lib/ml's training loop. Each is called
 * inside the loop's tidy scope; the main batch is drawn from the set passed as `set` and
 * the retain batch from the source named 'retain'.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, distillationKL, randomOtherLabels } from '../ml/losses';
import type { Model } from '../ml/model';
import type { TensorSet } from '../ml/tensor-set';
import type { LossContext, LossFunction } from '../ml/train';

export const RETAIN_SOURCE = 'retain';

function retainBatch(context: LossContext) {
  const batch = context.batches[RETAIN_SOURCE];
  if (!batch) throw new Error(`this loss needs a '${RETAIN_SOURCE}' source`);
  return batch;
}

/** Gradient ascent: minimise −ℓ on the forget batch. */
export function ascentLoss(): LossFunction {
  return ({ batch, forward }) => tf.neg(crossEntropy(forward(batch.x), batch.labels));
}

/** NegGrad+: α·ℓ(retain batch) − (1−α)·ℓ(forget batch). */
export function negGradPlusLoss(alpha: number): LossFunction {
  return (context) => {
    const retain = retainBatch(context);
    const forgetTerm = crossEntropy(context.forward(context.batch.x), context.batch.labels);
    const retainTerm = crossEntropy(context.forward(retain.x), retain.labels);
    return tf.sub(tf.mul(retainTerm, alpha), tf.mul(forgetTerm, 1 - alpha));
  };
}

/**
 * Random labels: ℓ of the forget batch against uniformly drawn wrong labels (fresh per step,
 * seeded by the loop), plus ℓ of a retain batch when a retain source is given.
 */
export function randomLabelLoss(forgetSet: TensorSet, withRetain: boolean): LossFunction {
  return (context) => {
    const { batch, forward, numClasses, random } = context;
    const trueLabels = new Int32Array(batch.positions.length);
    for (let i = 0; i < trueLabels.length; i++) trueLabels[i] = forgetSet.labelValues[batch.positions[i]];
    const wrong = tf.tensor1d(randomOtherLabels(trueLabels, numClasses, random), 'int32');
    const forgetTerm = crossEntropy(forward(batch.x), wrong);
    if (!withRetain) return forgetTerm;
    const retain = retainBatch(context);
    return tf.add(forgetTerm, crossEntropy(forward(retain.x), retain.labels));
  };
}

// The teacher is a constant here: the loop differentiates only the student parameters.
/** SCRUB max-step: minimise −KL(teacher ‖ student) at temperature T on the forget batch. */
export function scrubMaxLoss(teacher: Model, temperature: number): LossFunction {
  return ({ batch, forward }) => tf.neg(distillationKL(forward(batch.x), teacher.forward(batch.x), temperature));
}

/** SCRUB min-step: γ·ℓ + α·KL(teacher ‖ student) at temperature T on the retain batch. */
export function scrubMinLoss(teacher: Model, temperature: number, alpha: number, gamma: number): LossFunction {
  return ({ batch, forward }) => {
    const student = forward(batch.x);
    const kl = distillationKL(student, teacher.forward(batch.x), temperature);
    return tf.add(tf.mul(crossEntropy(student, batch.labels), gamma), tf.mul(kl, alpha));
  };
}
