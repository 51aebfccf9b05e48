/**
 * Whether an uploaded ONNX model has the architecture of a study's Lethe model spec, decided
 * from its graph alone: the same input width, the same sequence of dense layers (weight shapes,
 * biases, activations) and the same output classes. Names do not matter (PyTorch names its
 * tensors differently from Lethe's exporter), nor does the form of a dense layer: Gemm (either
 * weight layout, transB) or MatMul followed by Add. Shape-only nodes (Flatten, Reshape,
 * Identity, inference-time Dropout) are transparent, so an image package's (h, w, c) rows may be
 * flattened at the input as Lethe's own MLPs read them.
 *
 * Why it matters: only a model of the study's spec may be scored against Lethe's own retrain
 * (issue 16); a different network against Lethe's retrain would measure the architecture, not
 * the unlearning. The recipe cannot be read from weights; that is the uploader's declaration.
 *
 * The check follows the chain of nodes from the first output back to the input; nodes that do
 * not feed the first output (extra outputs) are ignored, as ONNX Runtime's scoring ignores
 * them. Logistic regression and MLP specs are covered; a CNN spec is reported as not checked.
 * When the architecture matches, the weights come back in Lethe's parameter order
 * (lib/ml/network.ts paramLayout: kernel [in, out] then bias, per layer). Pure: no I/O.
 */
import type { Activation, ModelSpec } from '../model-spec';
import { OnnxReadError, readOnnxGraph, type ReadAttribute, type ReadGraph, type ReadNode, type ReadTensor } from './onnx-reader';

export interface SpecTarget {
  spec: ModelSpec;
  /** One row of the package's x arrays: [features], or [height, width, channels]. */
  sampleShape: readonly number[];
  numClasses: number;
}

export type SameSpecResult =
  /** `values`: the model's weights in paramLayout order, float32. */
  | { same: true; values: Float32Array[] }
  /** `reasons`: what differs, one sentence each, naming the layer. */
  | { same: false; reasons: string[] };

interface DenseLayer {
  inputs: number;
  units: number;
  /** [inputs, units] row-major, as Lethe stores a kernel; null when the values are not float32 data in the file. */
  kernel: Float32Array | null;
  bias: Float32Array | null;
  hasBias: boolean;
  activation: Activation | null;
}

const ACTIVATIONS: Record<string, Activation> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', Elu: 'elu' };
/** Nodes that change no value, only a shape (or nothing, at inference). */
const TRANSPARENT = new Set(['Flatten', 'Reshape', 'Identity', 'Dropout']);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "an MLP 4 → 128 (relu) → 3 classes", "logistic regression 4 → 3 classes". */
export function describeDenseSpec(spec: ModelSpec, inputs: number, numClasses: number): string {
  if (spec.kind === 'logistic') return `logistic regression, ${inputs} inputs → ${numClasses} classes`;
  if (spec.kind === 'mlp') return `an MLP, ${inputs} inputs → ${spec.hidden.map((u) => `${u} (${spec.activation})`).join(' → ')} → ${numClasses} classes`;
  return 'a CNN';
}

function nodeName(node: ReadNode, index: number): string {
  return node.name ? `node ${index + 1} "${node.name}" (${node.opType})` : `node ${index + 1} (${node.opType})`;
}

function intAttr(node: ReadNode, name: string, fallback: number): number {
  const a: ReadAttribute | undefined = node.attributes[name];
  return a?.kind === 'int' ? a.value : fallback;
}

function floatAttr(node: ReadNode, name: string, fallback: number): number {
  const a: ReadAttribute | undefined = node.attributes[name];
  return a?.kind === 'float' ? a.value : a?.kind === 'int' ? a.value : fallback;
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** The structure of a graph: the chain of nodes from its input to its first output, or why there is none. */
function chainOf(graph: ReadGraph, constants: Map<string, ReadTensor>): { chain: Array<{ node: ReadNode; index: number; data: string }>; input: string } | { reasons: string[] } {
  const dataInputs = graph.inputs.filter((i) => !constants.has(i.name));
  if (dataInputs.length !== 1) return { reasons: [`the model has ${plural(dataInputs.length, 'input')} (${dataInputs.map((i) => i.name).join(', ')}); the study's models read one: the package's x`] };
  const input = dataInputs[0].name;
  const output = graph.outputs[0]?.name;
  if (!output) return { reasons: ['the model declares no output'] };
  const producer = new Map<string, number>();
  graph.nodes.forEach((node, i) => node.outputs.forEach((o) => producer.set(o, i)));
  const chain: Array<{ node: ReadNode; index: number; data: string }> = [];
  let tensor = output;
  while (tensor !== input) {
    const index = producer.get(tensor);
    if (index === undefined || chain.length > graph.nodes.length) return { reasons: [`the first output "${output}" is not computed from the input "${input}"`] };
    const node = graph.nodes[index];
    const data = node.inputs.filter((name) => name !== '' && !constants.has(name));
    if (data.length !== 1) return { reasons: [`${nodeName(node, index)} combines ${plural(data.length, 'computed input')}; the study's spec is a single chain of layers`] };
    chain.push({ node, index, data: data[0] });
    tensor = data[0];
  }
  return { chain: chain.reverse(), input };
}

/** The dense layers and activations of the chain, or the nodes that are neither. */
function layersOf(chain: Array<{ node: ReadNode; index: number; data: string }>, constants: Map<string, ReadTensor>): { layers: DenseLayer[]; reasons: string[] } {
  const layers: DenseLayer[] = [];
  const reasons: string[] = [];
  const constant = (node: ReadNode, position: number) => (node.inputs[position] ? constants.get(node.inputs[position]) : undefined);
  for (let c = 0; c < chain.length; c++) {
    const { node, index } = chain[c];
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    if (op === 'Gemm') {
      const b = constant(node, 1);
      const bias = constant(node, 2);
      if (node.inputs[0] !== chain[c].data || !b || b.dims.length !== 2) {
        reasons.push(`${nodeName(node, index)} does not multiply the data by a constant weight matrix`);
        continue;
      }
      if (intAttr(node, 'transA', 0) !== 0 || floatAttr(node, 'alpha', 1) !== 1 || floatAttr(node, 'beta', 1) !== 1) {
        reasons.push(`${nodeName(node, index)} scales or transposes its input (transA, alpha or beta); a dense layer of the study's spec does not`);
        continue;
      }
      const transB = intAttr(node, 'transB', 0) !== 0;
      const [rows, cols] = b.dims;
      const inputs = transB ? cols : rows;
      const units = transB ? rows : cols;
      layers.push({
        inputs,
        units,
        kernel: b.floats ? (transB ? transpose(b.floats, rows, cols) : b.floats) : null,
        bias: bias?.floats && product(bias.dims) === units ? bias.floats : null,
        hasBias: !!bias,
        activation: null,
      });
      if (bias && product(bias.dims) !== units) reasons.push(`layer ${layers.length}'s bias has ${product(bias.dims)} values for ${plural(units, 'unit')}`);
      continue;
    }
    if (op === 'MatMul') {
      const b = constant(node, 1);
      if (node.inputs[0] !== chain[c].data || !b || b.dims.length !== 2) {
        reasons.push(`${nodeName(node, index)} does not multiply the data by a constant weight matrix`);
        continue;
      }
      const [inputs, units] = b.dims;
      const next = chain[c + 1]?.node;
      const addend = next?.opType === 'Add' ? (constant(next, 0) ?? constant(next, 1)) : undefined;
      const layer: DenseLayer = { inputs, units, kernel: b.floats, bias: null, hasBias: false, activation: null };
      if (addend) {
        c++;
        layer.hasBias = true;
        layer.bias = addend.floats && product(addend.dims) === units ? addend.floats : null;
        if (product(addend.dims) !== units) reasons.push(`layer ${layers.length + 1}'s bias has ${product(addend.dims)} values for ${plural(units, 'unit')}`);
      }
      layers.push(layer);
      continue;
    }
    const activation = ACTIVATIONS[op];
    if (activation) {
      const last = layers.at(-1);
      if (!last) reasons.push(`${nodeName(node, index)} applies ${activation} to the input before any dense layer; the study's spec does not`);
      else if (last.activation) reasons.push(`layer ${layers.length} is followed by two activations (${last.activation}, then ${activation}); the study's spec has one`);
      else if (activation === 'elu' && floatAttr(node, 'alpha', 1) !== 1) reasons.push(`layer ${layers.length} uses elu with alpha ${floatAttr(node, 'alpha', 1)}; the study's elu has alpha 1`);
      else last.activation = activation;
      continue;
    }
    if (TRANSPARENT.has(op)) continue;
    if (op === 'Softmax' || op === 'LogSoftmax') {
      reasons.push(`${nodeName(node, index)} turns the logits into ${op === 'Softmax' ? 'probabilities' : 'log-probabilities'}; the first output must be the logits, as the study's models give them`);
      continue;
    }
    reasons.push(`${nodeName(node, index)} is neither a dense layer nor an activation; the study's spec has no such node`);
  }
  return { layers, reasons };
}

/** Compares the model's layers with the spec's, layer by layer. */
function compare(layers: DenseLayer[], target: SpecTarget, inputs: number): string[] {
  const { spec, numClasses } = target;
  if (spec.kind === 'cnn') return [];
  const hidden = spec.kind === 'mlp' ? spec.hidden : [];
  const activation = spec.kind === 'mlp' ? spec.activation : null;
  const expected = [...hidden.map((units) => ({ units, activation })), { units: numClasses, activation: null }];
  const described = describeDenseSpec(spec, inputs, numClasses);
  if (layers.length !== expected.length) {
    return [`the model has ${plural(layers.length, 'dense layer')} (${layers.map((l) => l.units).join(' → ') || 'none'}); the study's spec has ${expected.length} (${described})`];
  }
  const reasons: string[] = [];
  if (layers[0].inputs !== inputs) reasons.push(`layer 1 reads ${plural(layers[0].inputs, 'feature')}; the study's models read ${inputs} (one row of the package's x)`);
  layers.forEach((layer, i) => {
    const want = expected[i];
    const n = i + 1;
    const output = i === expected.length - 1;
    if (layer.units !== want.units) {
      reasons.push(output ? `layer ${n} (the output) has ${plural(layer.units, 'unit')}; the study's data has ${numClasses} classes` : `layer ${n} has ${plural(layer.units, 'unit')}; the study's spec has ${want.units}`);
    }
    if (i > 0 && layer.inputs !== layers[i - 1].units) reasons.push(`layer ${n} reads ${layer.inputs} values but layer ${i} gives ${layers[i - 1].units}`);
    if (!layer.hasBias) reasons.push(`layer ${n} has no bias; every layer of the study's spec has one`);
    if (output && layer.activation) reasons.push(`layer ${n} (the output) is followed by ${layer.activation}; the study's spec outputs the logits with no activation`);
    if (!output && layer.activation !== want.activation) {
      reasons.push(layer.activation ? `layer ${n} uses ${layer.activation}; the study's spec uses ${want.activation}` : `layer ${n} has no activation; the study's spec uses ${want.activation}`);
    }
  });
  return reasons;
}

/** Checks a parsed graph against the study's spec. */
export function checkSameSpecGraph(graph: ReadGraph, target: SpecTarget): SameSpecResult {
  if (target.spec.kind === 'cnn') return { same: false, reasons: ["the study's spec is a CNN, and Lethe checks only logistic regression and MLP specs from a graph"] };
  const constants = new Map<string, ReadTensor>(graph.initializers.map((t) => [t.name, t]));
  for (const node of graph.nodes) {
    const value = node.attributes.value;
    if (node.opType === 'Constant' && value?.kind === 'tensor' && node.outputs[0]) constants.set(node.outputs[0], { ...value.value, name: node.outputs[0] });
  }
  const found = chainOf(graph, constants);
  if ('reasons' in found) return { same: false, reasons: found.reasons };
  const inputs = product(target.sampleShape);
  const reasons: string[] = [];
  const declared = graph.inputs.find((i) => i.name === found.input);
  const sample = declared?.shape?.slice(1);
  if (sample && (sample.length !== target.sampleShape.length || sample.some((d, i) => typeof d === 'number' && d >= 0 && d !== target.sampleShape[i]))) {
    reasons.push(`the model reads rows shaped (${sample.map((d) => (typeof d === 'number' && d >= 0 ? d : '?')).join(', ')}); the package's x rows are (${target.sampleShape.join(', ')})`);
  }
  const { layers, reasons: structure } = layersOf(found.chain, constants);
  reasons.push(...structure, ...compare(layers, target, inputs));
  if (reasons.length) return { same: false, reasons };
  const values: Float32Array[] = [];
  for (const [i, layer] of layers.entries()) {
    if (!layer.kernel || !layer.bias) return { same: false, reasons: [`layer ${i + 1}'s weights are not float32 values stored in the file`] };
    values.push(layer.kernel, layer.bias);
  }
  return { same: true, values };
}

/** Checks an ONNX model's bytes against the study's spec; bytes that are not an ONNX model give the read error as the reason. */
export function checkSameSpec(model: Uint8Array, target: SpecTarget): SameSpecResult {
  let graph: ReadGraph;
  try {
    graph = readOnnxGraph(model);
  } catch (err) {
    if (err instanceof OnnxReadError) return { same: false, reasons: [err.message] };
    throw err;
  }
  return checkSameSpecGraph(graph, target);
}
