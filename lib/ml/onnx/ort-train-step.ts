/**
 * One training step of the standard loss (mean softmax cross-entropy) on ONNX Runtime, for
 * every model kind (logistic, MLP, CNN): a generated graph takes the batch, the one-hot labels,
 * the dropout multipliers and the current parameters as inputs and returns the loss and every
 * parameter's gradient (the backward pass written out as ONNX operators). The optimizer step
 * stays in typed arrays (train.ts), so the same seed gives the same model.
 *
 * Parameters are fed in Lethe's layout (dense kernels [in, out], conv kernels [kh, kw, in, out],
 * images NHWC) and gradients come back in it; the graph converts to ONNX's NCHW and
 * [out, in, kh, kw] itself (Transpose nodes on small tensors), so nothing is re-laid out in JS.
 *
 * Backward pass, per dense layer from the logits down (a = act(z), h = a * mask):
 *   dlogits = (softmax(logits) - onehot) / batch
 *   dW = input^T dz, db = sum over rows of dz, dinput = dz W^T
 *   dz = dh * mask * act'(a), with act' written in terms of the output like fused-cross-entropy.ts.
 * Per conv block (z = conv(x, W) + b, a = act(z), y = pool(a)), from dy:
 *   max pooling: dy * act'(y) goes back to each window's first maximum (MaxPool's Indices
 *     output and MaxUnpool: the element MaxPool picked is the one TF.js routes to, first
 *     strict maximum in row-major order); act' of the pooled value is act' of that element.
 *   average pooling: dy / s^2 spread over its window (a broadcast Mul on a [.., ph, 1, pw, 1]
 *     view), zero-padded for the rows and columns no window covers, then times act'(a).
 *   db = sum of dz over batch and positions;
 *   dW = a Conv of the input with dz where the batch plays the channels: input [cin, N, H, W]
 *     with kernel dz [cout, N, oh, ow] gives [cin, cout, kh, kw], transposed to [kh, kw, cin, cout];
 *   dx = ConvTranspose(dz, W) with the forward pads (for every block but the first).
 * TF.js's 'same' (stride 1) pads (k - 1) / 2 rounded down before and the rest after; the graph
 * writes those pads explicitly. Operators are all in ONNX opset 17 and ORT's CPU provider.
 */
import type * as Ort from 'onnxruntime-node';
import type { Activation, ConvBlockSpec, ModelIO, ModelSpec } from '../model-spec';
import { paramLayout, type ParamInfo } from '../network';
import { encodeOnnxModel, type OnnxAttribute, type OnnxGraph, type OnnxNode } from './onnx-model';
import { nativeCall } from './native-guard';
import { createOrtSession, loadOrt } from './ort-runtime';

/** Whether the ORT step can train this spec: every kind Lethe has. */
export function ortCanTrain(spec: ModelSpec): boolean {
  return spec.kind === 'logistic' || spec.kind === 'mlp' || spec.kind === 'cnn';
}

interface DenseLayer {
  activation: Activation | null;
  dropout: boolean;
  inSize: number;
  outSize: number;
  /** Index of its kernel in the parameter layout (the bias follows). */
  param: number;
}

interface ConvLayer {
  block: ConvBlockSpec;
  /** Input height, width and channels; output of the conv (before pooling) height and width. */
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  /** After pooling. */
  poolH: number;
  poolW: number;
  /** pads before (top = left) and after (bottom = right). */
  padBefore: number;
  padAfter: number;
  param: number;
}

interface Plan {
  convs: ConvLayer[];
  dense: DenseLayer[];
  layout: ParamInfo[];
}

function planOf(spec: ModelSpec, io: ModelIO): Plan {
  const layout = paramLayout(spec, io);
  const convs: ConvLayer[] = [];
  let param = 0;
  if (spec.kind === 'cnn') {
    let [h, w, c] = io.inputShape;
    for (const block of spec.blocks) {
      const k = block.kernelSize;
      const padBefore = block.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
      const padAfter = block.padding === 'same' ? k - 1 - padBefore : 0;
      const outH = h + padBefore + padAfter - k + 1;
      const outW = w + padBefore + padAfter - k + 1;
      const s = block.pooling === 'none' ? 1 : block.poolSize;
      const layer: ConvLayer = { block, inH: h, inW: w, inC: c, outH, outW, poolH: Math.floor(outH / s), poolW: Math.floor(outW / s), padBefore, padAfter, param };
      convs.push(layer);
      [h, w, c] = [layer.poolH, layer.poolW, block.filters];
      param += 2;
    }
  }
  const hiddenActivation: Activation | null = spec.kind === 'mlp' ? spec.activation : spec.kind === 'cnn' ? spec.denseActivation : null;
  const rate = spec.kind === 'logistic' ? 0 : spec.dropout;
  const dense: DenseLayer[] = [];
  for (; param < layout.length; param += 2) {
    const [inSize, outSize] = layout[param].shape;
    const last = param === layout.length - 2;
    dense.push({ activation: last ? null : hiddenActivation, dropout: !last && rate > 0, inSize, outSize, param });
  }
  return { convs, dense, layout };
}

const param = (i: number) => `p${i}`;
const grad = (i: number) => `g${i}`;
const mask = (i: number) => `mask${i}`;

type Add = (opType: string, inputs: string[], output: string, attributes?: Record<string, OnnxAttribute>) => string;

const ONNX_ACTIVATION: Record<Activation, string> = { relu: 'Relu', tanh: 'Tanh', elu: 'Elu', sigmoid: 'Sigmoid' };

/** The gradient graph: inputs x, onehot, scale (1 / batch), mask{i} per dropout layer, p{i} per parameter; outputs loss and g{i}. */
export function buildTrainGraph(spec: ModelSpec, io: ModelIO): OnnxGraph {
  const { convs, dense, layout } = planOf(spec, io);
  const k = io.numClasses;
  const nodes: OnnxNode[] = [];
  const add: Add = (opType, inputs, output, attributes) => {
    nodes.push({ opType, inputs, outputs: [output], attributes });
    return output;
  };
  const graph: OnnxGraph = {
    name: 'lethe-train',
    nodes,
    initializers: [
      { name: 'axis0', dims: [1], values: { int64: [0] } },
      { name: 'axes023', dims: [3], values: { int64: [0, 2, 3] } },
      { name: 'zero', dims: [], values: new Float32Array([0]) },
      { name: 'one', dims: [], values: new Float32Array([1]) },
    ],
    inputs: [
      { name: 'x', shape: ['batch', ...io.inputShape] },
      { name: 'onehot', shape: ['batch', k] },
      { name: 'scale', shape: [] },
    ],
    outputs: [{ name: 'loss', shape: [] }],
  };
  const constant = (name: string, dims: number[], values: Float32Array | { int64: number[] }) => {
    if (!graph.initializers.some((init) => init.name === name)) graph.initializers.push({ name, dims, values });
    return name;
  };
  layout.forEach((p, i) => graph.inputs.push({ name: param(i), shape: p.shape }));

  // forward through the conv blocks (NCHW inside the graph)
  const convRecords: { input: string; weight: string; activated: string; pooled: string; indices: string | null }[] = [];
  let h = 'x';
  if (convs.length > 0) {
    const [height, width, channels] = io.inputShape;
    // with one channel NHWC and NCHW hold the same bytes: a Reshape is free, a Transpose copies
    h = channels === 1 ? add('Reshape', ['x', constant('shape_x', [4], { int64: [-1, 1, height, width] })], 'x_nchw') : add('Transpose', ['x'], 'x_nchw', { perm: [0, 3, 1, 2] });
  }
  convs.forEach((layer, i) => {
    const { block } = layer;
    const size = block.kernelSize;
    const weight = add('Transpose', [param(layer.param)], `w${i}`, { perm: [3, 2, 0, 1] });
    const pads = [layer.padBefore, layer.padBefore, layer.padAfter, layer.padAfter];
    const z = add('Conv', [h, weight, param(layer.param + 1)], `conv${i}`, { kernel_shape: [size, size], strides: [1, 1], pads });
    const a = add(ONNX_ACTIVATION[block.activation], [z], `conv_act${i}`, block.activation === 'elu' ? { alpha: { float: 1 } } : undefined);
    const s = block.poolSize;
    let pooled = a;
    let indices: string | null = null;
    if (block.pooling === 'max') {
      pooled = `pool${i}`;
      indices = `pool_index${i}`;
      nodes.push({ opType: 'MaxPool', inputs: [a], outputs: [pooled, indices], attributes: { kernel_shape: [s, s], strides: [s, s] } });
    } else if (block.pooling === 'avg') {
      pooled = add('AveragePool', [a], `pool${i}`, { kernel_shape: [s, s], strides: [s, s] });
    }
    convRecords.push({ input: h, weight, activated: a, pooled, indices });
    h = pooled;
  });
  if (convs.length > 0) {
    // Lethe's dense kernel reads the features in NHWC order
    const nhwc = add('Transpose', [h], 'features_nhwc', { perm: [0, 2, 3, 1] });
    h = add('Flatten', [nhwc], 'features', { axis: 1 });
  }

  // forward through the dense layers: record what each layer read and its activation output
  const reads: string[] = [];
  const outputs: string[] = [];
  dense.forEach((layer, i) => {
    reads.push(h);
    const z = add('Gemm', [h, param(layer.param), param(layer.param + 1)], `z${i}`);
    const a = layer.activation ? add(ONNX_ACTIVATION[layer.activation], [z], `a${i}`, layer.activation === 'elu' ? { alpha: { float: 1 } } : undefined) : z;
    outputs.push(a);
    if (layer.dropout) {
      graph.inputs.push({ name: mask(i), shape: ['batch', layer.outSize] });
      h = add('Mul', [a, mask(i)], `h${i}`);
    } else {
      h = a;
    }
  });
  // loss = -sum(onehot * logsoftmax(logits)) * scale
  const logp = add('LogSoftmax', [h], 'logp', { axis: -1 });
  const picked = add('Mul', ['onehot', logp], 'picked');
  const total = add('ReduceSum', [picked], 'total', { keepdims: 0 });
  const negScale = add('Neg', ['scale'], 'neg_scale');
  add('Mul', [total, negScale], 'loss');

  // backward through the dense layers
  const probs = add('Exp', [logp], 'probs');
  const diff = add('Sub', [probs, 'onehot'], 'dlogits_sum');
  let dz = add('Mul', [diff, 'scale'], 'dz_last');
  let dFeatures: string | null = null;
  for (let i = dense.length - 1; i >= 0; i--) {
    const layer = dense[i];
    add('Gemm', [reads[i], dz], grad(layer.param), { transA: 1 });
    add('ReduceSum', [dz, 'axis0'], grad(layer.param + 1), { keepdims: 0 });
    if (i === 0 && convs.length === 0) break;
    // gradient w.r.t. what layer i read: the previous layer's (dropped-out) activation, or the features
    const dh = add('Gemm', [dz, param(layer.param)], `dh${i - 1}`, { transB: 1 });
    if (i === 0) {
      dFeatures = dh;
      break;
    }
    const previous = dense[i - 1];
    const dMasked = previous.dropout ? add('Mul', [dh, mask(i - 1)], `dh_masked${i - 1}`) : dh;
    dz = activationBackward(add, previous.activation, outputs[i - 1], dMasked, `${i - 1}`);
  }

  // backward through the conv blocks
  if (dFeatures) {
    const last = convs[convs.length - 1];
    const unflat = add('Reshape', [dFeatures, constant('shape_features', [4], { int64: [-1, last.poolH, last.poolW, last.block.filters] })], 'dfeatures_nhwc');
    let dPooled = add('Transpose', [unflat], 'dpool_last', { perm: [0, 3, 1, 2] });
    for (let i = convs.length - 1; i >= 0; i--) {
      const layer = convs[i];
      const record = convRecords[i];
      const { block } = layer;
      const s = block.poolSize;
      const c = block.filters;
      let dzConv: string;
      if (block.pooling === 'max' && record.indices) {
        // act'(a) at the element each window picked is act' of the pooled value: apply it on the small tensor
        const dy = activationBackward(add, block.activation, record.pooled, dPooled, `_pool${i}`);
        const shape = add('Shape', [record.activated], `act_shape${i}`);
        dzConv = add('MaxUnpool', [dy, record.indices, shape], `dz_conv${i}`, { kernel_shape: [s, s], strides: [s, s] });
      } else {
        let dA = dPooled;
        if (block.pooling === 'avg') {
          const view = add('Reshape', [dPooled, constant(`shape_pool_view${i}`, [6], { int64: [-1, c, layer.poolH, 1, layer.poolW, 1] })], `dpool_view${i}`);
          const spread = add('Mul', [view, constant(`pool_spread${s}`, [1, 1, 1, s, 1, s], new Float32Array(s * s).fill(1 / (s * s)))], `dpool_spread${i}`);
          dA = add('Reshape', [spread, constant(`shape_pool_up${i}`, [4], { int64: [-1, c, layer.poolH * s, layer.poolW * s] })], `dact_covered${i}`);
          const restH = layer.outH - layer.poolH * s;
          const restW = layer.outW - layer.poolW * s;
          if (restH > 0 || restW > 0) {
            dA = add('Pad', [dA, constant(`pads_pool${i}`, [8], { int64: [0, 0, 0, 0, 0, 0, restH, restW] })], `dact${i}`);
          }
        }
        dzConv = activationBackward(add, block.activation, record.activated, dA, `_conv${i}`);
      }
      add('ReduceSum', [dzConv, 'axes023'], grad(layer.param + 1), { keepdims: 0 });
      // dW as a Conv where the batch plays the channels: [cin, N, H, W] (*) [cout, N, oh, ow] = [cin, cout, kh, kw]
      const inputT = layer.inC === 1 ? add('Reshape', [record.input, constant(`shape_in_t${i}`, [4], { int64: [1, -1, layer.inH, layer.inW] })], `in_t${i}`) : add('Transpose', [record.input], `in_t${i}`, { perm: [1, 0, 2, 3] });
      const dzT = add('Transpose', [dzConv], `dz_t${i}`, { perm: [1, 0, 2, 3] });
      const pads = [layer.padBefore, layer.padBefore, layer.padAfter, layer.padAfter];
      const dW = add('Conv', [inputT, dzT], `dw${i}`, { strides: [1, 1], pads });
      add('Transpose', [dW], grad(layer.param), { perm: [2, 3, 0, 1] });
      if (i === 0) break;
      dPooled = add('ConvTranspose', [dzConv, record.weight], `dx${i}`, { kernel_shape: [block.kernelSize, block.kernelSize], strides: [1, 1], pads });
    }
  }
  layout.forEach((p, i) => graph.outputs.push({ name: grad(i), shape: p.shape }));
  // keep only the constants some node reads (ORT warns about unused initializers)
  const read = new Set(nodes.flatMap((node) => node.inputs));
  graph.initializers = graph.initializers.filter((init) => read.has(init.name));
  return graph;
}

/** dz = da * act'(a), the derivative written in terms of the output a (as fused-cross-entropy.ts). */
function activationBackward(add: Add, activation: Activation | null, a: string, da: string, suffix: string): string {
  const n = (what: string) => `${what}${suffix}`;
  switch (activation) {
    case null:
      return da;
    case 'relu': {
      const positive = add('Greater', [a, 'zero'], n('relu_pos'));
      return add('Where', [positive, da, 'zero'], n('dz'));
    }
    case 'tanh': {
      const square = add('Mul', [a, a], n('tanh_sq'));
      const derivative = add('Sub', ['one', square], n('tanh_d'));
      return add('Mul', [da, derivative], n('dz'));
    }
    case 'sigmoid': {
      const complement = add('Sub', ['one', a], n('sig_c'));
      const derivative = add('Mul', [a, complement], n('sig_d'));
      return add('Mul', [da, derivative], n('dz'));
    }
    case 'elu': {
      // elu'(z) = 1 for z > 0, else exp(z) = a + 1
      const positive = add('Greater', [a, 'zero'], n('elu_pos'));
      const negativeSide = add('Add', [a, 'one'], n('elu_neg'));
      const derivative = add('Where', [positive, 'one', negativeSide], n('elu_d'));
      return add('Mul', [da, derivative], n('dz'));
    }
  }
}

export interface OrtStepResult {
  loss: number;
  /** d loss / d parameter in layout order. */
  grads: Float32Array[];
}

/**
 * A compiled gradient graph for one spec and input; run it once per step. (Pre-allocated
 * outputs were tried: onnxruntime-node still copies each output into a new buffer, and the
 * step got slower, so ORT allocates them.)
 */
export class OrtTrainStep {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    private readonly plan: Plan,
    private readonly io: ModelIO,
  ) {}

  static async create(spec: ModelSpec, io: ModelIO, threads = 1): Promise<OrtTrainStep> {
    const ort = await loadOrt();
    const session = await createOrtSession(encodeOnnxModel(buildTrainGraph(spec, io)), threads);
    return new OrtTrainStep(ort, session, planOf(spec, io), io);
  }

  /**
   * Loss and gradients on a batch: `x` row-major [batch x ...inputShape], `labels` class indices,
   * `masks[i]` the dropout multiplier of hidden dense layer i (null where that layer has none),
   * `params` the current values in layout order, `weight` what the mean cross-entropy is scaled by.
   */
  async run(x: Float32Array, labels: Int32Array, masks: readonly (Float32Array | null)[], params: readonly Float32Array[], weight = 1): Promise<OrtStepResult> {
    const batch = labels.length;
    const k = this.io.numClasses;
    const onehot = new Float32Array(batch * k);
    for (let r = 0; r < batch; r++) {
      if (!(labels[r] >= 0 && labels[r] < k)) throw new Error(`label ${labels[r]} at batch row ${r} is not a class index below ${k}`);
      onehot[r * k + labels[r]] = 1;
    }
    const T = this.ort.Tensor;
    const feeds: Record<string, Ort.Tensor> = {
      x: new T('float32', x, [batch, ...this.io.inputShape]),
      onehot: new T('float32', onehot, [batch, k]),
      // the loss is weight x the batch's mean cross-entropy (a term of a sum may be negative)
      scale: new T('float32', new Float32Array([weight / batch]), []),
    };
    this.plan.layout.forEach((p, i) => {
      if (params[i].length !== p.size) throw new Error(`parameter ${p.name} needs ${p.size} values, got ${params[i].length}`);
      feeds[param(i)] = new T('float32', params[i], p.shape);
    });
    this.plan.dense.forEach((layer, i) => {
      if (!layer.dropout) return;
      const m = masks[i];
      if (!m) throw new Error(`dense layer ${i} has dropout but no mask was given`);
      feeds[mask(i)] = new T('float32', m, [batch, layer.outSize]);
    });
    const out = await nativeCall(() => this.session.run(feeds));
    const grads = this.plan.layout.map((_, i) => out[grad(i)].data as Float32Array);
    return { loss: (out.loss.data as Float32Array)[0], grads };
  }

  /** Loss and gradients as the model computes them outside training: dropout off (masks of ones). */
  gradients(x: Float32Array, labels: Int32Array, params: readonly Float32Array[]): Promise<OrtStepResult> {
    const masks = this.plan.dense.map((layer) => (layer.dropout ? new Float32Array(labels.length * layer.outSize).fill(1) : null));
    return this.run(x, labels, masks, params);
  }

  async release(): Promise<void> {
    await nativeCall(() => this.session.release());
  }
}
