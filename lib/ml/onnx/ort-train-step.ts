/**
 * One training step of the standard loss (mean softmax cross-entropy) for dense models
 * (logistic regression, MLPs) on ONNX Runtime: a generated graph takes the batch, the one-hot
 * labels, the dropout multipliers and the current parameters as inputs and returns the loss
 * and every parameter's gradient (the backward pass written out as ONNX operators). The
 * optimizer step stays in typed arrays (train.ts), so the same seed gives the same model.
 *
 * Backward pass, per dense layer from the logits down (a = act(z), h = a * mask):
 *   dlogits = (softmax(logits) - onehot) / batch
 *   dW = input^T dz, db = sum over rows of dz, dinput = dz W^T
 *   dz = dh * mask * act'(a), with act' written in terms of the output like fused-cross-entropy.ts.
 * CNNs keep TensorFlow.js's fused step (their backward graphs are not generated here).
 */
import type * as Ort from 'onnxruntime-node';
import type { Activation, ModelIO, ModelSpec } from '../model-spec';
import { paramLayout } from '../network';
import { encodeOnnxModel, type OnnxGraph, type OnnxNode } from './onnx-model';
import { nativeCall } from './native-guard';
import { createOrtSession, loadOrt } from './ort-runtime';

/** Whether the ORT step can train this spec. */
export function ortCanTrain(spec: ModelSpec): boolean {
  return spec.kind === 'logistic' || spec.kind === 'mlp';
}

interface DenseLayer {
  activation: Activation | null;
  dropout: boolean;
  inSize: number;
  outSize: number;
}

function denseLayers(spec: ModelSpec, io: ModelIO): DenseLayer[] {
  if (spec.kind === 'cnn') throw new Error('the ONNX Runtime training step covers dense models (logistic, mlp); cnn trains on TensorFlow.js');
  const layout = paramLayout(spec, io);
  const layers: DenseLayer[] = [];
  for (let i = 0; i < layout.length; i += 2) {
    const [inSize, outSize] = layout[i].shape;
    const last = i === layout.length - 2;
    const activation = last || spec.kind === 'logistic' ? null : spec.activation;
    layers.push({ activation, dropout: !last && spec.kind === 'mlp' && spec.dropout > 0, inSize, outSize });
  }
  return layers;
}

const param = (i: number) => `p${i}`;
const grad = (i: number) => `g${i}`;
const mask = (i: number) => `mask${i}`;

/** The gradient graph: inputs x, onehot, scale (1 / batch), mask{i} per dropout layer, p{i} per parameter; outputs loss and g{i}. */
export function buildTrainGraph(spec: ModelSpec, io: ModelIO): OnnxGraph {
  const layers = denseLayers(spec, io);
  const k = io.numClasses;
  const nodes: OnnxNode[] = [];
  const add = (opType: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']) => {
    nodes.push({ opType, inputs, outputs: [output], attributes });
    return output;
  };
  const graph: OnnxGraph = {
    name: 'lethe-train',
    nodes,
    initializers: [
      { name: 'axis0', dims: [1], values: { int64: [0] } },
      { name: 'zero', dims: [], values: new Float32Array([0]) },
      { name: 'one', dims: [], values: new Float32Array([1]) },
    ],
    inputs: [
      { name: 'x', shape: ['batch', io.inputShape[0]] },
      { name: 'onehot', shape: ['batch', k] },
      { name: 'scale', shape: [] },
    ],
    outputs: [{ name: 'loss', shape: [] }],
  };
  // forward: record what each layer read and its activation output
  const reads: string[] = [];
  const outputs: string[] = [];
  let h = 'x';
  layers.forEach((layer, i) => {
    graph.inputs.push({ name: param(2 * i), shape: [layer.inSize, layer.outSize] }, { name: param(2 * i + 1), shape: [layer.outSize] });
    reads.push(h);
    const z = add('Gemm', [h, param(2 * i), param(2 * i + 1)], `z${i}`);
    const a = layer.activation ? add({ relu: 'Relu', tanh: 'Tanh', elu: 'Elu', sigmoid: 'Sigmoid' }[layer.activation], [z], `a${i}`, layer.activation === 'elu' ? { alpha: { float: 1 } } : undefined) : z;
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
  // backward
  const probs = add('Exp', [logp], 'probs');
  const diff = add('Sub', [probs, 'onehot'], 'dlogits_sum');
  let dz = add('Mul', [diff, 'scale'], 'dz_last');
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    graph.outputs.push({ name: grad(2 * i), shape: [layer.inSize, layer.outSize] }, { name: grad(2 * i + 1), shape: [layer.outSize] });
    add('Gemm', [reads[i], dz], grad(2 * i), { transA: 1 });
    add('ReduceSum', [dz, 'axis0'], grad(2 * i + 1), { keepdims: 0 });
    if (i === 0) break;
    // gradient w.r.t. what layer i read: the previous layer's (dropped-out) activation
    let dh = add('Gemm', [dz, param(2 * i)], `dh${i - 1}`, { transB: 1 });
    const previous = layers[i - 1];
    if (previous.dropout) dh = add('Mul', [dh, mask(i - 1)], `dh_masked${i - 1}`);
    dz = activationBackward(add, previous.activation, outputs[i - 1], dh, i - 1);
  }
  // keep only the constants some node reads (ORT warns about unused initializers)
  const read = new Set(nodes.flatMap((node) => node.inputs));
  graph.initializers = graph.initializers.filter((init) => read.has(init.name));
  return graph;
}

/** dz = da * act'(a), the derivative written in terms of the output a (as fused-cross-entropy.ts). */
function activationBackward(
  add: (opType: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']) => string,
  activation: Activation | null,
  a: string,
  da: string,
  i: number,
): string {
  const n = (what: string) => `${what}${i}`;
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

/** A compiled gradient graph for one spec and input; run it once per step. */
export class OrtTrainStep {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    private readonly layers: DenseLayer[],
    private readonly io: ModelIO,
  ) {}

  static async create(spec: ModelSpec, io: ModelIO, threads = 1): Promise<OrtTrainStep> {
    const ort = await loadOrt();
    const session = await createOrtSession(encodeOnnxModel(buildTrainGraph(spec, io)), threads);
    return new OrtTrainStep(ort, session, denseLayers(spec, io), io);
  }

  /**
   * Loss and gradients on a batch: `x` row-major [batch x features], `labels` class indices,
   * `masks[i]` the dropout multiplier of hidden layer i (null where that layer has none),
   * `params` the current values in layout order.
   */
  async run(x: Float32Array, labels: Int32Array, masks: readonly (Float32Array | null)[], params: readonly Float32Array[]): Promise<OrtStepResult> {
    const batch = labels.length;
    const k = this.io.numClasses;
    const onehot = new Float32Array(batch * k);
    for (let r = 0; r < batch; r++) {
      if (!(labels[r] >= 0 && labels[r] < k)) throw new Error(`label ${labels[r]} at batch row ${r} is not a class index below ${k}`);
      onehot[r * k + labels[r]] = 1;
    }
    const T = this.ort.Tensor;
    const feeds: Record<string, Ort.Tensor> = {
      x: new T('float32', x, [batch, this.io.inputShape[0]]),
      onehot: new T('float32', onehot, [batch, k]),
      scale: new T('float32', new Float32Array([1 / batch]), []),
    };
    this.layers.forEach((layer, i) => {
      feeds[param(2 * i)] = new T('float32', params[2 * i], [layer.inSize, layer.outSize]);
      feeds[param(2 * i + 1)] = new T('float32', params[2 * i + 1], [layer.outSize]);
      if (layer.dropout) {
        const m = masks[i];
        if (!m) throw new Error(`layer ${i} has dropout but no mask was given`);
        feeds[mask(i)] = new T('float32', m, [batch, layer.outSize]);
      }
    });
    const out = await nativeCall(() => this.session.run(feeds));
    const grads = this.layers.flatMap((_, i) => [out[grad(2 * i)].data as Float32Array, out[grad(2 * i + 1)].data as Float32Array]);
    return { loss: (out.loss.data as Float32Array)[0], grads };
  }

  async release(): Promise<void> {
    await nativeCall(() => this.session.release());
  }
}
