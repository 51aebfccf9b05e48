/**
 * One training step of the standard loss (mean softmax cross-entropy of the main batch)
 * with a hand-written backward pass instead of tf.valueAndGrads.
 *
 * Why: on wasm a training step of a small model is dominated by per-kernel overhead, not
 * arithmetic. The autodiff path records ~40-80 kernels per step (one-hot, log-softmax, the
 * tape's unfused matmuls and bias sums, relu masks, casts...) and routes the dense weight
 * gradient through a transposed matmul that re-packs the whole mini-batch for XNNPACK.
 * Here the forward pass runs the same fused kernels, the softmax, loss and every
 * elementwise backward step (activation derivatives, dropout masks, pooling routing, bias
 * sums) run as single JS loops over the values, and only the products that need BLAS speed
 * (dense X^T dZ and dZ W^T, conv filter/input gradients) go to backend kernels.
 *
 * The maths is exactly the autodiff path's (same forward ops and dropout masks, same
 * first-maximum pooling rule, same activation derivatives written in terms of the output);
 * results agree within float rounding (see fused-cross-entropy.test.ts). Custom losses
 * keep autodiff: this only replaces the default loss.
 */
import * as tf from '@tensorflow/tfjs';
import { readValues, transposeMatrix, writeTensor } from './host-tensors';
import type { Activation, ConvBlockSpec, ModelSpec } from './model-spec';
import { activate, dropoutLayerSeed } from './network';

export interface FusedStepResult {
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** d loss / d parameter in layout order: the `reuse` arrays when given, else fresh ones. */
  grads: Float32Array[];
}

interface DenseRecord {
  /** What the layer read (after the previous layer's dropout). */
  input: tf.Tensor2D;
  kernel: tf.Tensor;
  /** Activation output before dropout; null for the logits layer. */
  output: tf.Tensor2D | null;
  /** Dropout multiplier (0 or 1/keep) applied to `output`, when dropout is on. */
  mask: tf.Tensor | null;
  paramIndex: number;
}

interface ConvRecord {
  input: tf.Tensor4D;
  /** Activation output (before pooling). */
  output: tf.Tensor4D;
  block: ConvBlockSpec;
  paramIndex: number;
}

/**
 * Loss and gradients of mean cross-entropy for `spec` with parameters `params` on the batch
 * (`x`, `labels`), in training mode (dropout drawn from `dropoutSeed` like forwardLogits).
 * Gradients are written into `reuse` (e.g. the previous step's result) when its sizes fit.
 */
export function fusedCrossEntropyStep(
  spec: ModelSpec,
  params: readonly tf.Tensor[],
  x: tf.Tensor,
  labels: Int32Array,
  dropoutSeed: number,
  reuse?: readonly Float32Array[],
): FusedStepResult {
  const grads: Float32Array[] = new Array<Float32Array>(params.length);
  // writing into the previous step's arrays spares the garbage collector ~400 kB a step
  const keep = (index: number, values: Float32Array | Float64Array): void => {
    const target = reuse?.[index];
    if (target && target.length === values.length) {
      target.set(values);
      grads[index] = target;
    } else {
      grads[index] = Float32Array.from(values);
    }
  };
  let loss = NaN;
  tf.tidy(() => {
    let p = 0;
    let h: tf.Tensor = x;

    const convs: ConvRecord[] = [];
    if (spec.kind === 'cnn') {
      for (const block of spec.blocks) {
        const fusedRelu = block.activation === 'relu';
        const z = tf.fused.conv2d({
          x: h as tf.Tensor4D,
          filter: params[p] as tf.Tensor4D,
          strides: 1,
          pad: block.padding,
          bias: params[p + 1],
          activation: fusedRelu ? 'relu' : 'linear',
        });
        const a = fusedRelu ? z : (activate(z, block.activation) as tf.Tensor4D);
        convs.push({ input: h as tf.Tensor4D, output: a, block, paramIndex: p });
        const s = block.poolSize;
        h = block.pooling === 'max' ? tf.maxPool(a, s, s, 'valid') : block.pooling === 'avg' ? tf.avgPool(a, s, s, 'valid') : a;
        p += 2;
      }
      h = tf.reshape(h, [h.shape[0], -1]);
    }

    const hidden = spec.kind === 'logistic' ? [] : spec.kind === 'mlp' ? spec.hidden : spec.dense;
    const activation: Activation = spec.kind === 'mlp' ? spec.activation : spec.kind === 'cnn' ? spec.denseActivation : 'relu';
    const rate = spec.kind === 'logistic' ? 0 : spec.dropout;
    const dense: DenseRecord[] = [];
    for (let i = 0; i <= hidden.length; i++) {
      const last = i === hidden.length;
      const fusedRelu = !last && activation === 'relu';
      const z = tf.fused.matMul({ a: h as tf.Tensor2D, b: params[p] as tf.Tensor2D, bias: params[p + 1], activation: fusedRelu ? 'relu' : 'linear' });
      const a = last || fusedRelu ? z : (activate(z, activation) as tf.Tensor2D);
      let mask: tf.Tensor | null = null;
      let next: tf.Tensor = a;
      if (!last && rate > 0) {
        // tf.dropout(x) is x * floor(U + keep) / keep with U drawn from the seed: applied to
        // ones it yields that multiplier, the same mask forwardLogits draws
        mask = tf.dropout(tf.onesLike(a), rate, undefined, dropoutLayerSeed({ dropoutSeed }, i));
        next = tf.mul(a, mask);
      }
      dense.push({ input: h as tf.Tensor2D, kernel: params[p], output: last ? null : (a as tf.Tensor2D), mask, paramIndex: p });
      h = next;
      p += 2;
    }

    const logits = h as tf.Tensor2D;
    const [batch, classes] = logits.shape as [number, number];
    let dz: tf.Tensor = writeTensor([batch, classes], (out) => {
      loss = softmaxCrossEntropyBackward(readValues(logits), labels, batch, classes, out);
    });

    let dFlat: tf.Tensor | null = null;
    for (let i = dense.length - 1; i >= 0; i--) {
      const layer = dense[i];
      keep(layer.paramIndex + 1, columnSums(readValues(dz), batch, dz.shape[1] ?? 0));
      // X^T dZ with X^T materialised: the untransposed product packs only dZ (small) for
      // XNNPACK, where the transposed product would pack the whole batch every step
      keep(layer.paramIndex, readValues(tf.matMul(transposeMatrix(layer.input), dz)));
      if (i === 0 && convs.length === 0) break;
      const dInput = tf.matMul(dz, transposeMatrix(layer.kernel));
      if (i === 0) {
        dFlat = dInput;
        break;
      }
      const previous = dense[i - 1];
      const output = previous.output;
      if (!output) throw new Error('hidden dense layer without a recorded output');
      dz = writeTensor(dInput.shape, (out) =>
        activationBackward(readValues(dInput), previous.mask ? readValues(previous.mask) : null, readValues(output), activation, out),
      );
    }

    let dOut: tf.Tensor | null = dFlat;
    for (let i = convs.length - 1; i >= 0; i--) {
      const conv = convs[i];
      const upstream = dOut;
      if (!upstream) throw new Error('missing gradient for a conv block');
      const filters = conv.output.shape[3];
      const biasGrad = new Float64Array(filters);
      const dzConv = writeTensor(conv.output.shape, (out) =>
        poolActivationBackward(readValues(upstream), readValues(conv.output), conv.output.shape, conv.block, biasGrad, out),
      );
      keep(conv.paramIndex + 1, biasGrad);
      const filter = params[conv.paramIndex];
      const dw = tf.engine().runKernel<tf.Tensor>(
        'Conv2DBackpropFilter',
        { x: conv.input, dy: dzConv },
        { strides: [1, 1], pad: conv.block.padding, dataFormat: 'NHWC', filterShape: filter.shape },
      );
      keep(conv.paramIndex, readValues(dw));
      dOut =
        i > 0
          ? tf.engine().runKernel<tf.Tensor>(
              'Conv2DBackpropInput',
              { dy: dzConv, filter },
              { strides: [1, 1], pad: conv.block.padding, dataFormat: 'NHWC', inputShape: conv.input.shape },
            )
          : null;
    }
  });
  return { loss, grads };
}

/**
 * Writes d(mean CE)/d logits = (softmax(z) - onehot(y)) / batch into `out` and returns the
 * mean loss. Works in float64 with the max subtracted, so large logits do not overflow.
 */
export function softmaxCrossEntropyBackward(z: Float32Array, labels: Int32Array, batch: number, classes: number, out: Float32Array): number {
  let total = 0;
  for (let r = 0; r < batch; r++) {
    const base = r * classes;
    const label = labels[r];
    if (!(label >= 0 && label < classes)) throw new Error(`label ${label} is not a class index in [0, ${classes - 1}]`);
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (z[base + c] > max) max = z[base + c];
    // one exp per logit: keep exp(z - max) in `out`, then normalise in place
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(z[base + c] - max);
      out[base + c] = e;
      sum += e;
    }
    total += max + Math.log(sum) - z[base + label];
    const scale = 1 / (sum * batch);
    for (let c = 0; c < classes; c++) out[base + c] = out[base + c] * scale - (c === label ? 1 / batch : 0);
  }
  return total / batch;
}

function columnSums(values: Float32Array, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) sums[c] += values[base + c];
  }
  return sums;
}

/** d activation / d input, written in terms of the activation's output y (as tfjs's gradients are). */
function derivative(activation: Activation): (y: number) => number {
  switch (activation) {
    case 'relu':
      return (y) => (y > 0 ? 1 : 0);
    case 'tanh':
      return (y) => 1 - y * y;
    case 'sigmoid':
      return (y) => y * (1 - y);
    case 'elu':
      return (y) => (y >= 0 ? 1 : y + 1);
  }
}

/** out = dOutput * dropoutMask * act'(output): the gradient before a dense activation. */
function activationBackward(dOutput: Float32Array, mask: Float32Array | null, output: Float32Array, activation: Activation, out: Float32Array): void {
  const d = derivative(activation);
  if (mask) for (let i = 0; i < out.length; i++) out[i] = dOutput[i] * mask[i] * d(output[i]);
  else for (let i = 0; i < out.length; i++) out[i] = dOutput[i] * d(output[i]);
}

/**
 * The gradient before a conv block's activation, from the gradient after its pooling, in
 * one pass: max pooling routes each window's gradient to its first maximum (strict '>',
 * as the cpu kernel and Lethe's wasm MaxPoolGrad do), average pooling spreads it evenly,
 * cells no window covers get zero; then the activation derivative. Accumulates the bias
 * gradient (sum over batch and positions) on the way.
 */
function poolActivationBackward(
  upstream: Float32Array,
  output: Float32Array,
  shape: number[],
  block: ConvBlockSpec,
  biasGrad: Float64Array,
  out: Float32Array,
): void {
  const [n, h, w, c] = shape as [number, number, number, number];
  const d = derivative(block.activation);
  if (block.pooling === 'none') {
    for (let i = 0; i < out.length; i++) {
      const g = upstream[i] * d(output[i]);
      out[i] = g;
      biasGrad[i % c] += g;
    }
    return;
  }
  out.fill(0);
  const s = block.poolSize;
  const ph = Math.floor(h / s);
  const pw = Math.floor(w / s);
  const scale = 1 / (s * s);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < ph; r++) {
      for (let q = 0; q < pw; q++) {
        const corner = ((b * h + r * s) * w + q * s) * c;
        const upBase = ((b * ph + r) * pw + q) * c;
        for (let k = 0; k < c; k++) {
          const dy = upstream[upBase + k];
          if (block.pooling === 'max') {
            let best = -Infinity;
            let at = -1;
            for (let i = 0; i < s; i++) {
              for (let j = 0; j < s; j++) {
                const idx = corner + (i * w + j) * c + k;
                if (output[idx] > best) {
                  best = output[idx];
                  at = idx;
                }
              }
            }
            if (at >= 0) {
              const g = dy * d(output[at]);
              out[at] = g;
              biasGrad[k] += g;
            }
          } else {
            for (let i = 0; i < s; i++) {
              for (let j = 0; j < s; j++) {
                const idx = corner + (i * w + j) * c + k;
                const g = dy * scale * d(output[idx]);
                out[idx] = g;
                biasGrad[k] += g;
              }
            }
          }
        }
      }
    }
  }
}
