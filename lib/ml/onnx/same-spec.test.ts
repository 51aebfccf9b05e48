/**
 * The same-spec check on real graphs: Lethe's own exporter's, PyTorch's (the checked-in
 * fixture test/fixtures/onnx/mlp.onnx, Gemm with transB and PyTorch's tensor names), and a
 * MatMul + Add graph with other names. A match gives back weights that compute the model's own
 * outputs; a mismatch says which layer differs and how.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelSpec, type ModelSpecInput } from '../model-spec';
import { initialValues, paramLayout } from '../network';
import { exportLogitsModel } from './export-model';
import { encodeOnnxModel, type OnnxGraph } from './onnx-model';
import { checkSameSpec } from './same-spec';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/onnx');
const fixtureModel = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'mlp.onnx')));
const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'mlp.json'), 'utf8')) as { inputs: number[][]; outputs: number[][] };

/** A Lethe model of `spec` exported by Lethe's exporter, with its parameter values. */
function letheExport(specInput: ModelSpecInput, inputShape: number[], numClasses: number, seed = 3) {
  const spec = parseModelSpec(specInput);
  const io = { inputShape, numClasses };
  const values = initialValues(paramLayout(spec, io), seed);
  // biases are zero at initialisation: give them values so the check's bias order is tested too
  values.forEach((v, i) => {
    if (i % 2 === 1) for (let j = 0; j < v.length; j++) v[j] = 0.01 * (j + 1) * (i + 1);
  });
  return { bytes: exportLogitsModel([{ spec, io, values }]), values };
}

const target = (spec: ModelSpecInput, sampleShape: number[], numClasses: number) => ({ spec: parseModelSpec(spec), sampleShape, numClasses });

/** Logits of dense layers (kernel [in, out], bias) with ReLU between them, in float64. */
function denseForward(values: Float32Array[], x: number[]): number[] {
  let h = x;
  for (let l = 0; l < values.length; l += 2) {
    const kernel = values[l];
    const bias = values[l + 1];
    const units = bias.length;
    const out = Array.from({ length: units }, (_, u) => h.reduce((s, v, i) => s + v * kernel[i * units + u], bias[u]));
    h = l + 2 < values.length ? out.map((v) => Math.max(0, v)) : out;
  }
  return h;
}

describe('checkSameSpec', () => {
  it("matches Lethe's own exported MLP and gives back its exact weights", () => {
    const spec: ModelSpecInput = { kind: 'mlp', hidden: [16, 8], activation: 'relu' };
    const { bytes, values } = letheExport(spec, [12], 5);
    const result = checkSameSpec(bytes, target(spec, [12], 5));
    expect(result).toEqual({ same: true, values });
  });

  it("matches Lethe's own exported logistic regression", () => {
    const { bytes } = letheExport({ kind: 'logistic' }, [7], 3);
    expect(checkSameSpec(bytes, target({ kind: 'logistic' }, [7], 3)).same).toBe(true);
  });

  it('refuses another hidden width, naming the layer and both widths', () => {
    const { bytes } = letheExport({ kind: 'mlp', hidden: [16, 6] }, [12], 5);
    expect(checkSameSpec(bytes, target({ kind: 'mlp', hidden: [16, 8] }, [12], 5))).toEqual({ same: false, reasons: ["layer 2 has 6 units; the study's spec has 8"] });
  });

  it('refuses another activation, naming it', () => {
    const { bytes } = letheExport({ kind: 'mlp', hidden: [10], activation: 'tanh' }, [12], 5);
    expect(checkSameSpec(bytes, target({ kind: 'mlp', hidden: [10], activation: 'relu' }, [12], 5))).toEqual({ same: false, reasons: ["layer 1 uses tanh; the study's spec uses relu"] });
  });

  it('refuses another layer count, another input width and another class count', () => {
    const { bytes } = letheExport({ kind: 'mlp', hidden: [10, 10] }, [12], 5);
    expect(checkSameSpec(bytes, target({ kind: 'mlp', hidden: [10] }, [12], 5))).toEqual({
      same: false,
      reasons: ["the model has 3 dense layers (10 → 10 → 5); the study's spec has 2 (an MLP, 12 inputs → 10 (relu) → 5 classes)"],
    });
    const wide = checkSameSpec(letheExport({ kind: 'mlp', hidden: [10] }, [13], 4).bytes, target({ kind: 'mlp', hidden: [10] }, [12], 5));
    expect(wide).toEqual({
      same: false,
      reasons: [
        "the model reads rows shaped (13); the package's x rows are (12)",
        "layer 1 reads 13 features; the study's models read 12 (one row of the package's x)",
        "layer 2 (the output) has 4 units; the study's data has 5 classes",
      ],
    });
  });

  it("matches PyTorch's export of the same architecture (the fixture: 4 → 5 relu → 3, Gemm with transB), and its weights compute PyTorch's outputs", () => {
    const result = checkSameSpec(fixtureModel, target({ kind: 'mlp', hidden: [5], activation: 'relu' }, [4], 3));
    if (!result.same) throw new Error(result.reasons.join('; '));
    expect(result.values.map((v) => v.length)).toEqual([4 * 5, 5, 5 * 3, 3]);
    fixture.inputs.forEach((x, row) => {
      const z = denseForward(result.values, x);
      z.forEach((v, c) => expect(Math.abs(v - fixture.outputs[row][c]), `row ${row}, class ${c}`).toBeLessThan(1e-5));
    });
  });

  it('refuses the PyTorch fixture against another spec, saying what differs', () => {
    expect(checkSameSpec(fixtureModel, target({ kind: 'mlp', hidden: [64], activation: 'relu' }, [4], 3))).toEqual({ same: false, reasons: ["layer 1 has 5 units; the study's spec has 64"] });
    expect(checkSameSpec(fixtureModel, target({ kind: 'mlp', hidden: [5], activation: 'elu' }, [4], 3))).toEqual({ same: false, reasons: ["layer 1 uses relu; the study's spec uses elu"] });
    expect(checkSameSpec(fixtureModel, target({ kind: 'logistic' }, [4], 3))).toEqual({
      same: false,
      reasons: ["the model has 2 dense layers (5 → 3); the study's spec has 1 (logistic regression, 4 inputs → 3 classes)"],
    });
  });

  it('reads MatMul + Add layers under any names, and an image row flattened at the input', () => {
    const spec = parseModelSpec({ kind: 'mlp', hidden: [6], activation: 'sigmoid' });
    const io = { inputShape: [2 * 3 * 2], numClasses: 4 };
    const values = initialValues(paramLayout(spec, io), 9);
    const graph: OnnxGraph = {
      name: 'torch_jit',
      inputs: [{ name: 'images', shape: ['N', 2, 3, 2] }],
      outputs: [{ name: 'scores', shape: ['N', 4] }],
      initializers: [
        { name: 'fc1.w', dims: [12, 6], values: values[0] },
        { name: 'fc1.b', dims: [6], values: values[1] },
        { name: 'fc2.w', dims: [6, 4], values: values[2] },
        { name: 'fc2.b', dims: [4], values: values[3] },
      ],
      nodes: [
        { opType: 'Flatten', inputs: ['images'], outputs: ['flat'], attributes: { axis: 1 } },
        { opType: 'MatMul', inputs: ['flat', 'fc1.w'], outputs: ['mm1'] },
        { opType: 'Add', inputs: ['fc1.b', 'mm1'], outputs: ['a1'] },
        { opType: 'Sigmoid', inputs: ['a1'], outputs: ['h1'] },
        { opType: 'MatMul', inputs: ['h1', 'fc2.w'], outputs: ['mm2'] },
        { opType: 'Add', inputs: ['mm2', 'fc2.b'], outputs: ['scores'] },
      ],
    };
    expect(checkSameSpec(encodeOnnxModel(graph, 'pytorch'), { spec, sampleShape: [2, 3, 2], numClasses: 4 })).toEqual({ same: true, values });
  });

  it('refuses a graph that ends in a softmax, or computes something else, naming the node', () => {
    const { bytes } = letheExport({ kind: 'logistic' }, [4], 3);
    const spec = { kind: 'logistic' } as const;
    // the exporter's probabilities graph: logits then Softmax
    const probabilities = exportLogitsModel([{ spec, io: { inputShape: [4], numClasses: 3 }, values: initialValues(paramLayout(spec, { inputShape: [4], numClasses: 3 }), 1) }], 'probabilities');
    const softmax = checkSameSpec(probabilities, target(spec, [4], 3));
    expect(softmax).toEqual({ same: false, reasons: [expect.stringMatching(/^node 2 "lethe\/Softmax1" \(Softmax\) turns the logits into probabilities; the first output must be the logits/)] });
    expect(checkSameSpec(bytes, target(spec, [4], 3)).same).toBe(true);
    expect(checkSameSpec(new Uint8Array([0x3a, 0x20, 1, 2]), target(spec, [4], 3))).toEqual({ same: false, reasons: ['model.onnx is not a valid ONNX file: a field is longer than the file.'] });
  });

  it('does not check a CNN spec, and says so', () => {
    const { bytes } = letheExport({ kind: 'logistic' }, [4], 3);
    expect(checkSameSpec(bytes, target({ kind: 'cnn', blocks: [{ filters: 2, kernelSize: 3 }] }, [8, 8, 1], 3))).toEqual({
      same: false,
      reasons: ["the study's spec is a CNN, and Lethe checks only logistic regression and MLP specs from a graph"],
    });
  });
});
