/**
 * Models as plain parameter tensors plus a forward function. No tf.layers: the custom
 * training loop, gradient masks and update capture all work on the ordered parameter
 * list, and the forward function can be called with any parameter tensors (the ones
 * tf.grads differentiates, a teacher's, a perturbed copy).
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../random';
import { assertSpecFitsInput, type Activation, type ModelIO, type ModelSpec } from './model-spec';

export interface ParamInfo {
  /** Stable name, e.g. 'dense0/kernel', 'conv1/bias'. */
  name: string;
  shape: number[];
  size: number;
  /** Fan-in/fan-out for Glorot initialisation; biases start at zero. */
  fan: { in: number; out: number } | null;
}

export interface ForwardOptions {
  /** Training mode applies dropout. */
  training?: boolean;
  /** Seed for dropout masks; required for reproducible training with dropout. */
  dropoutSeed?: number;
}

/** The ordered parameters of a spec on an input. */
export function paramLayout(spec: ModelSpec, io: ModelIO): ParamInfo[] {
  assertSpecFitsInput(spec, io);
  const layout: ParamInfo[] = [];
  const dense = (name: string, inSize: number, outSize: number) => {
    layout.push({ name: `${name}/kernel`, shape: [inSize, outSize], size: inSize * outSize, fan: { in: inSize, out: outSize } });
    layout.push({ name: `${name}/bias`, shape: [outSize], size: outSize, fan: null });
  };
  if (spec.kind === 'logistic') {
    dense('dense0', io.inputShape[0], io.numClasses);
    return layout;
  }
  if (spec.kind === 'mlp') {
    let width = io.inputShape[0];
    spec.hidden.forEach((units, i) => {
      dense(`dense${i}`, width, units);
      width = units;
    });
    dense(`dense${spec.hidden.length}`, width, io.numClasses);
    return layout;
  }
  let [h, w, c] = io.inputShape;
  spec.blocks.forEach((block, i) => {
    const k = block.kernelSize;
    layout.push({
      name: `conv${i}/kernel`,
      shape: [k, k, c, block.filters],
      size: k * k * c * block.filters,
      fan: { in: k * k * c, out: k * k * block.filters },
    });
    layout.push({ name: `conv${i}/bias`, shape: [block.filters], size: block.filters, fan: null });
    if (block.padding === 'valid') {
      h -= k - 1;
      w -= k - 1;
    }
    if (block.pooling !== 'none') {
      h = Math.floor(h / block.poolSize);
      w = Math.floor(w / block.poolSize);
    }
    c = block.filters;
  });
  let width = h * w * c;
  spec.dense.forEach((units, i) => {
    dense(`dense${i}`, width, units);
    width = units;
  });
  dense(`dense${spec.dense.length}`, width, io.numClasses);
  return layout;
}

/** Seeded Glorot-uniform weights and zero biases, computed in JS so every backend starts identical. */
export function initialValues(layout: ParamInfo[], seed: number): Float32Array[] {
  return layout.map((p) => {
    const values = new Float32Array(p.size);
    if (!p.fan) return values;
    const random = createRandom(seed).fork(`init:${p.name}`);
    const limit = Math.sqrt(6 / (p.fan.in + p.fan.out));
    for (let i = 0; i < values.length; i++) values[i] = (random.next() * 2 - 1) * limit;
    return values;
  });
}

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
  }
}

function denseLayer(x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor, activation: Activation | null): tf.Tensor2D {
  // fused matMul+bias(+relu) is one kernel call forward; tfjs unfuses it itself under tf.grads
  const fusable = activation === null || activation === 'relu';
  const y = tf.fused.matMul({
    a: x,
    b: kernel as tf.Tensor2D,
    bias,
    activation: activation === 'relu' ? 'relu' : 'linear',
  });
  return (fusable || activation === null ? y : activate(y, activation)) as tf.Tensor2D;
}

/** The seed of one layer's dropout mask; the fused cross-entropy step draws the same masks. */
export function dropoutLayerSeed(options: ForwardOptions, layer: number): number {
  return ((options.dropoutSeed ?? 0) * 31 + layer) % 2147483647;
}

function dropout(x: tf.Tensor2D, rate: number, options: ForwardOptions, layer: number): tf.Tensor2D {
  if (!options.training || rate <= 0) return x;
  return tf.dropout(x, rate, undefined, dropoutLayerSeed(options, layer)) as tf.Tensor2D;
}

/** Logits [batch, classes] of `spec` with the given parameter tensors (ordered as paramLayout). */
export function forwardLogits(spec: ModelSpec, params: readonly tf.Tensor[], x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
  let p = 0;
  const next = () => params[p++];
  if (spec.kind === 'logistic') return denseLayer(x as tf.Tensor2D, next(), next(), null);
  if (spec.kind === 'mlp') {
    let h = x as tf.Tensor2D;
    spec.hidden.forEach((_, i) => {
      h = dropout(denseLayer(h, next(), next(), spec.activation), spec.dropout, options, i);
    });
    return denseLayer(h, next(), next(), null);
  }
  let h = x as tf.Tensor4D;
  for (const block of spec.blocks) {
    const filter = next() as tf.Tensor4D;
    const bias = next();
    const conv = tf.fused.conv2d({
      x: h,
      filter,
      strides: 1,
      pad: block.padding,
      bias,
      activation: block.activation === 'relu' ? 'relu' : 'linear',
    });
    h = block.activation === 'relu' ? conv : (activate(conv, block.activation) as tf.Tensor4D);
    if (block.pooling === 'max') h = tf.maxPool(h, block.poolSize, block.poolSize, 'valid');
    if (block.pooling === 'avg') h = tf.avgPool(h, block.poolSize, block.poolSize, 'valid');
  }
  let flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  spec.dense.forEach((_, i) => {
    flat = dropout(denseLayer(flat, next(), next(), spec.denseActivation), spec.dropout, options, i);
  });
  return denseLayer(flat, next(), next(), null);
}
