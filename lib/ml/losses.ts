/**
 * Loss functions on logits. They create tensors without their own tidy: call them inside
 * a tidy scope (the training step and the evaluation helpers are). Cross-entropy has a hand-written gradient (softmax - onehot)
 * so the backward pass is three kernels instead of the dozen autodiff would record.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../random';

/** Per-example cross-entropy [batch] of logits [batch, classes] against int32 labels. */
export function perExampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  const oneHot = oneHotFloat(labels, logits.shape[1]);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
}

/** Mean cross-entropy of logits against int32 labels (differentiable w.r.t. logits). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const oneHot = oneHotFloat(labels, logits.shape[1]);
  return softTargetCrossEntropy(logits, oneHot);
}

/** Mean cross-entropy against target distributions [batch, classes] (rows sum to 1). */
export function softTargetCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  const batch = logits.shape[0];
  const fn = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const z = inputs[0] as tf.Tensor;
    const save = inputs[1] as tf.GradSaveFunc;
    const logProbs = tf.logSoftmax(z);
    // targets must be saved too: tf.grads disposes forward intermediates before backward
    save([logProbs, targets]);
    const value = tf.div(tf.neg(tf.sum(tf.mul(targets, logProbs))), batch) as tf.Scalar;
    // d/dz of -sum(t * log softmax(z)) / B is (softmax(z) * sum(t) - t) / B; rows of t sum to 1
    const gradFunc = (dy: tf.Scalar, saved: tf.Tensor[]) => tf.mul(tf.sub(tf.exp(saved[0]), saved[1]), tf.div(dy, batch));
    return { value, gradFunc };
  });
  return fn(logits) as tf.Scalar;
}

/**
 * Knowledge-distillation loss: T^2 * mean_batch KL(softmax(teacher/T) || softmax(student/T)).
 * The T^2 keeps gradient magnitudes comparable across temperatures (Hinton et al.).
 */
export function distillationKL(studentLogits: tf.Tensor2D, teacherLogits: tf.Tensor2D, temperature = 1): tf.Scalar {
  const t = tf.softmax(tf.div(teacherLogits, temperature)) as tf.Tensor2D;
  const teacherEntropy = tf.div(tf.sum(tf.mul(t, tf.logSoftmax(tf.div(teacherLogits, temperature)))), studentLogits.shape[0]);
  const ce = softTargetCrossEntropy(tf.div(studentLogits, temperature) as tf.Tensor2D, t);
  return tf.mul(tf.add(ce, teacherEntropy), temperature * temperature) as tf.Scalar;
}

/**
 * Random labels for relabelling unlearning: each label is replaced by a uniformly drawn
 * different class (seeded).
 */
export function randomOtherLabels(labels: Int32Array, numClasses: number, random: RandomSource): Int32Array {
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const shift = 1 + random.int(numClasses - 1);
    out[i] = (labels[i] + shift) % numClasses;
  }
  return out;
}

/**
 * One-hot float rows. Built as int32 then cast: the wasm OneHot kernel ignores the dtype
 * argument and writes int32 bits into a float32 tensor.
 */
export function oneHotFloat(labels: tf.Tensor1D, numClasses: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(labels, numClasses), 'float32') as tf.Tensor2D;
}
