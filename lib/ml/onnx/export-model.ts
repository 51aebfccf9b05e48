/**
 * Lethe's models (logistic, MLP, CNN, and several of them side by side for a SISA ensemble)
 * as one ONNX inference graph: input 'x' [batch, ...inputShape] laid out as Lethe's tensors
 * are (NHWC for images), one logits output [batch, classes] per member. The graph computes
 * what network.ts's forwardLogits computes in inference mode (no dropout), optionally followed
 * by a softmax.
 *
 * ONNX convolutions are NCHW with [out, in, kh, kw] kernels, so images are transposed once at
 * the input, conv kernels are re-laid out at export, and the first dense kernel after the
 * convolutions has its rows permuted from Lethe's (h, w, c) flattening order to ONNX's (c, h, w),
 * which costs nothing at run time.
 */
import type { Activation, ModelIO, ModelSpec } from '../model-spec';
import { paramLayout } from '../network';
import { encodeOnnxModel, type OnnxGraph, type OnnxNode } from './onnx-model';

export interface ExportableModel {
  spec: ModelSpec;
  io: ModelIO;
  /** Parameter values ordered as paramLayout(spec, io). */
  values: readonly Float32Array[];
}

export const ONNX_INPUT = 'x';
/** The name of member i's output: its logits, or their softmax when the graph ends in one. */
export const onnxMemberOutput = (member: number) => `out${member}`;

/** Logits, or class probabilities (a native Softmax saves the host a pass over every row). */
export type GraphOutput = 'logits' | 'probabilities';

/** The encoded ONNX model (bytes for InferenceSession.create) of one or more models on the same input. */
export function exportLogitsModel(members: readonly ExportableModel[], output: GraphOutput = 'logits'): Uint8Array {
  return encodeOnnxModel(buildLogitsGraph(members, output));
}

export function buildLogitsGraph(members: readonly ExportableModel[], output: GraphOutput = 'logits'): OnnxGraph {
  if (members.length === 0) throw new Error('nothing to export: no models');
  const io = members[0].io;
  for (const m of members) {
    if (m.io.inputShape.join('x') !== io.inputShape.join('x') || m.io.numClasses !== io.numClasses) {
      throw new Error(`ensemble members must read the same input and predict the same classes: [${m.io.inputShape}] / ${m.io.numClasses} vs [${io.inputShape}] / ${io.numClasses}`);
    }
  }
  const graph: OnnxGraph = {
    name: 'lethe',
    nodes: [],
    initializers: [],
    inputs: [{ name: ONNX_INPUT, shape: ['batch', ...io.inputShape] }],
    outputs: members.map((_, i) => ({ name: onnxMemberOutput(i), shape: ['batch', io.numClasses] })),
  };
  const needsNchw = members.some((m) => m.spec.kind === 'cnn');
  if (needsNchw) graph.nodes.push({ opType: 'Transpose', inputs: [ONNX_INPUT], outputs: ['x_nchw'], attributes: { perm: [0, 3, 1, 2] } });
  members.forEach((member, i) => {
    if (output === 'logits') return addMember(graph, member, `m${i}`, onnxMemberOutput(i));
    addMember(graph, member, `m${i}`, `m${i}/logits`);
    graph.nodes.push({ opType: 'Softmax', inputs: [`m${i}/logits`], outputs: [onnxMemberOutput(i)], attributes: { axis: -1 } });
  });
  return graph;
}

function addMember(graph: OnnxGraph, member: ExportableModel, prefix: string, output: string): void {
  const { spec, io } = member;
  const layout = paramLayout(spec, io);
  if (member.values.length !== layout.length) throw new Error(`expected ${layout.length} parameter arrays, got ${member.values.length}`);
  layout.forEach((p, i) => {
    if (member.values[i].length !== p.size) throw new Error(`parameter ${p.name} needs ${p.size} values, got ${member.values[i].length}`);
  });
  let p = 0;
  const nextParam = () => ({ info: layout[p], values: member.values[p++] });
  let counter = 0;
  const fresh = (what: string) => `${prefix}/${what}${counter++}`;
  const add = (node: OnnxNode) => graph.nodes.push(node);

  const dense = (input: string, activation: Activation | null, out?: string, rowOrder?: Int32Array): string => {
    const kernel = nextParam();
    const bias = nextParam();
    const kernelName = `${prefix}/${kernel.info.name}`;
    const biasName = `${prefix}/${bias.info.name}`;
    const [rows, cols] = kernel.info.shape;
    graph.initializers.push({ name: kernelName, dims: [rows, cols], values: rowOrder ? permuteRows(kernel.values, rows, cols, rowOrder) : kernel.values });
    graph.initializers.push({ name: biasName, dims: [cols], values: bias.values });
    const linear = activation === null && out ? out : fresh('dense');
    add({ opType: 'Gemm', inputs: [input, kernelName, biasName], outputs: [linear] });
    return activation === null ? linear : activate(linear, activation, out);
  };

  const activate = (input: string, activation: Activation, out?: string): string => {
    const name = out ?? fresh(activation);
    const opType = { relu: 'Relu', tanh: 'Tanh', elu: 'Elu', sigmoid: 'Sigmoid' }[activation];
    add({ opType, inputs: [input], outputs: [name], attributes: activation === 'elu' ? { alpha: { float: 1 } } : undefined });
    return name;
  };

  if (spec.kind === 'logistic') {
    dense(ONNX_INPUT, null, output);
    return;
  }
  if (spec.kind === 'mlp') {
    let h = ONNX_INPUT;
    for (let i = 0; i < spec.hidden.length; i++) h = dense(h, spec.activation, undefined);
    dense(h, null, output);
    return;
  }
  let h = 'x_nchw';
  let [height, width, channels] = io.inputShape;
  for (const block of spec.blocks) {
    const kernel = nextParam();
    const bias = nextParam();
    const k = block.kernelSize;
    const kernelName = `${prefix}/${kernel.info.name}`;
    const biasName = `${prefix}/${bias.info.name}`;
    graph.initializers.push({ name: kernelName, dims: [block.filters, channels, k, k], values: hwioToOihw(kernel.values, k, channels, block.filters) });
    graph.initializers.push({ name: biasName, dims: [block.filters], values: bias.values });
    // TF's 'same' for stride 1 pads (k-1)/2 before and the rest after
    const before = block.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
    const after = block.padding === 'same' ? k - 1 - before : 0;
    const conv = fresh('conv');
    add({ opType: 'Conv', inputs: [h, kernelName, biasName], outputs: [conv], attributes: { kernel_shape: [k, k], strides: [1, 1], pads: [before, before, after, after] } });
    h = activate(conv, block.activation);
    if (block.padding === 'valid') {
      height -= k - 1;
      width -= k - 1;
    }
    if (block.pooling !== 'none') {
      const pooled = fresh('pool');
      const size = block.poolSize;
      add({ opType: block.pooling === 'max' ? 'MaxPool' : 'AveragePool', inputs: [h], outputs: [pooled], attributes: { kernel_shape: [size, size], strides: [size, size] } });
      h = pooled;
      height = Math.floor(height / size);
      width = Math.floor(width / size);
    }
    channels = block.filters;
  }
  const flat = fresh('flatten');
  add({ opType: 'Flatten', inputs: [h], outputs: [flat], attributes: { axis: 1 } });
  // row j of the ONNX kernel (c, h, w order) is row nhwcRow[j] of Lethe's kernel (h, w, c order)
  const nhwcRow = new Int32Array(height * width * channels);
  for (let c = 0; c < channels; c++) for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) nhwcRow[(c * height + y) * width + x] = (y * width + x) * channels + c;
  let features = flat;
  spec.dense.forEach((_, i) => {
    features = dense(features, spec.denseActivation, undefined, i === 0 ? nhwcRow : undefined);
  });
  dense(features, null, output, spec.dense.length === 0 ? nhwcRow : undefined);
}

function permuteRows(values: Float32Array, rows: number, cols: number, sourceRow: Int32Array): Float32Array {
  if (sourceRow.length !== rows) throw new Error(`row permutation has ${sourceRow.length} rows, kernel has ${rows}`);
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) out.set(values.subarray(sourceRow[r] * cols, (sourceRow[r] + 1) * cols), r * cols);
  return out;
}

/** [kh, kw, in, out] (TF.js) to [out, in, kh, kw] (ONNX). */
function hwioToOihw(values: Float32Array, k: number, inChannels: number, outChannels: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < inChannels; i++)
        for (let o = 0; o < outChannels; o++) out[((o * inChannels + i) * k + y) * k + x] = values[((y * k + x) * inChannels + i) * outChannels + o];
  return out;
}
