/**
 * Loss functions the approximate methods plug into lib/ml's training loop. Each is called
 * inside the loop's tidy scope; the main batch is drawn from the set passed as `set` and
 * the retain batch from the source named 'retain'.
 */
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, distillationKL, randomOtherLabels } from '../ml/losses';
import type { TensorSet } from '../ml/tensor-set';
import { crossEntropySum, type LossContext, type LossFunction } from '../ml/train';

export const RETAIN_SOURCE = 'retain';

function retainBatch(context: LossContext) {
  const batch = context.batches[RETAIN_SOURCE];
  if (!batch) throw new Error(`this loss needs a '${RETAIN_SOURCE}' source`);
  return batch;
}

/** Gradient ascent: minimise −ℓ on the forget batch. */
export function ascentLoss(): LossFunction {
  return crossEntropySum([{ weight: -1 }]);
}

/** NegGrad+: α·ℓ(retain batch) − (1−α)·ℓ(forget batch). */
export function negGradPlusLoss(alpha: number): LossFunction {
  return crossEntropySum([
    { source: RETAIN_SOURCE, weight: alpha },
    { weight: -(1 - alpha) },
  ]);
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

/**
 * The teacher's logits for the rows of this batch, from logits computed once for the whole set
 * (the teacher is frozen: a forward pass per step would recompute the same numbers each pass).
 */
function teacherBatch(teacherLogits: tf.Tensor2D, context: LossContext): tf.Tensor2D {
  return tf.gather(teacherLogits, tf.tensor1d(context.batch.positions, 'int32'));
}

/**
 * SCRUB max-step: minimise −KL(teacher ‖ student) at temperature T on the forget batch.
 * With `smoothing` λ > 0 the student distribution s is first mixed with the uniform one,
 * KL(t ‖ (1−λ)·s + λ/K), T²-scaled like distillationKL. Each term −t_j·log((1−λ)s_j + λ/K)
 * is then bounded by t_j·log(K/λ), so the ascent can no longer grow without limit by driving
 * a minor-class probability to 0 (which makes the student MORE confident in the teacher's
 * class); the largest remaining gain is lowering the probabilities the teacher puts most
 * mass on, i.e. the true class. λ = 0 is exactly the reference objective (see scrub.ts).
 */
export function scrubMaxLoss(teacherLogits: tf.Tensor2D, temperature: number, smoothing = 0): LossFunction {
  return (context) => {
    const student = context.forward(context.batch.x);
    const teacher = teacherBatch(teacherLogits, context);
    if (smoothing === 0) return tf.neg(distillationKL(student, teacher, temperature));
    const classes = student.shape[1];
    const teacherLogProbs = tf.logSoftmax(tf.div(teacher, temperature));
    const mixed = tf.add(tf.mul(tf.softmax(tf.div(student, temperature)), 1 - smoothing), smoothing / classes);
    const kl = tf.div(tf.sum(tf.mul(tf.exp(teacherLogProbs), tf.sub(teacherLogProbs, tf.log(mixed)))), student.shape[0]);
    return tf.neg(tf.mul(kl, temperature * temperature)) as tf.Scalar;
  };
}

/** SCRUB min-step: γ·ℓ + α·KL(teacher ‖ student) at temperature T on the retain batch. */
export function scrubMinLoss(teacherLogits: tf.Tensor2D, temperature: number, alpha: number, gamma: number): LossFunction {
  return (context) => {
    const student = context.forward(context.batch.x);
    const kl = distillationKL(student, teacherBatch(teacherLogits, context), temperature);
    return tf.add(tf.mul(crossEntropy(student, context.batch.labels), gamma), tf.mul(kl, alpha));
  };
}
