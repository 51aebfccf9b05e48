/**
 * Parity of the exported ONNX graphs with TensorFlow.js: for every model kind and layer option,
 * ONNX Runtime's logits equal forwardLogits' (wasm backend) within 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initMlBackend } from '../backend';
import { Model } from '../model';
import type { ModelSpecInput } from '../model-spec';
import { createTensorSet, disposeTensorSet } from '../tensor-set';
import { randomArray, tinyData } from '../test-utils';
import { OrtLogits } from './ort-logits';

beforeAll(() => initMlBackend({ force: 'wasm' }));

const cases: { name: string; spec: ModelSpecInput; inputShape: number[] }[] = [
  { name: 'logistic', spec: { kind: 'logistic' }, inputShape: [12] },
  { name: 'mlp relu (dropout is off in inference)', spec: { kind: 'mlp', hidden: [16, 8], activation: 'relu', dropout: 0.3 }, inputShape: [12] },
  { name: 'mlp tanh', spec: { kind: 'mlp', hidden: [10], activation: 'tanh' }, inputShape: [12] },
  { name: 'mlp elu', spec: { kind: 'mlp', hidden: [10], activation: 'elu' }, inputShape: [12] },
  { name: 'mlp sigmoid', spec: { kind: 'mlp', hidden: [10], activation: 'sigmoid' }, inputShape: [12] },
  { name: 'cnn relu max-pool, no dense head', spec: { kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3 }, { filters: 6, kernelSize: 3 }] }, inputShape: [14, 14, 1] },
  {
    name: 'cnn tanh/elu/sigmoid, same padding (even kernel too), avg and no pooling, dense head',
    spec: {
      kind: 'cnn',
      blocks: [
        { filters: 3, kernelSize: 3, activation: 'tanh', padding: 'same', pooling: 'max' },
        { filters: 4, kernelSize: 2, activation: 'elu', padding: 'same', pooling: 'avg' },
        { filters: 2, kernelSize: 1, activation: 'sigmoid', pooling: 'none' },
      ],
      dense: [8, 5],
      denseActivation: 'tanh',
    },
    inputShape: [9, 9, 3],
  },
];

/** A model whose every parameter (biases too) is random, so no part of the graph is left untested. */
function randomModel(spec: ModelSpecInput, inputShape: number[], numClasses: number, seed: number): Model {
  const template = Model.create(spec, { inputShape, numClasses }, seed);
  const values = template.layout.map((p, i) => randomArray(p.size, seed * 100 + i, p.fan ? Math.sqrt(3 / p.fan.in) : 0.5));
  template.setValues(values);
  return template;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  return diff;
}

describe('ONNX export of Lethe models', () => {
  for (const c of cases) {
    it(`${c.name}: ORT logits equal TF.js to 1e-5`, async () => {
      const model = randomModel(c.spec, c.inputShape, 5, 3);
      const data = tinyData(70, c.inputShape, 5, 11);
      const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
      const ort = await OrtLogits.create([{ spec: model.spec, io: model.io, values: model.values() }], 1);
      try {
        const expected = tf.tidy(() => model.forward(set.x)).dataSync() as Float32Array;
        const actual = new Float32Array(expected.length);
        await ort.forEachBatch(set, (start, count, [logits]) => actual.set(logits, start * 5));
        expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-5);
        // the graph is not trivially constant: logits vary across examples
        expect(Math.abs(expected[0] - expected[5])).toBeGreaterThan(1e-3);
      } finally {
        await ort.release();
        model.dispose();
        disposeTensorSet(set);
      }
    });
  }

  it('several members in one graph give each member its own logits', async () => {
    const spec: ModelSpecInput = { kind: 'mlp', hidden: [6] };
    const members = [randomModel(spec, [7], 3, 1), randomModel(spec, [7], 3, 2)];
    const data = tinyData(10, [7], 3, 5);
    const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
    const ort = await OrtLogits.create(members.map((m) => ({ spec: m.spec, io: m.io, values: m.values() })), 2);
    try {
      const [first, second] = await ort.run(data.matrix, 10);
      members.forEach((m, i) => {
        const expected = tf.tidy(() => m.forward(set.x)).dataSync() as Float32Array;
        expect(maxAbsDifference([first, second][i], expected)).toBeLessThan(1e-5);
      });
      expect(maxAbsDifference(first, second)).toBeGreaterThan(1e-3);
    } finally {
      await ort.release();
      members.forEach((m) => m.dispose());
      disposeTensorSet(set);
    }
  });

  it('a graph ending in softmax gives TF.js softmax probabilities', async () => {
    const model = randomModel({ kind: 'cnn', blocks: [{ filters: 2, kernelSize: 3, pooling: 'avg' }], dense: [4] }, [8, 8, 2], 3, 4);
    const data = tinyData(20, [8, 8, 2], 3, 6);
    const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
    const ort = await OrtLogits.create([{ spec: model.spec, io: model.io, values: model.values() }], 1, 'probabilities');
    try {
      const expected = tf.tidy(() => tf.softmax(model.forward(set.x))).dataSync() as Float32Array;
      const [actual] = await ort.run(data.matrix, 20);
      expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-6);
    } finally {
      await ort.release();
      model.dispose();
      disposeTensorSet(set);
    }
  });

  it('rejects members that read different inputs', async () => {
    const a = randomModel({ kind: 'logistic' }, [4], 3, 1);
    const b = randomModel({ kind: 'logistic' }, [5], 3, 1);
    await expect(OrtLogits.create([a, b].map((m) => ({ spec: m.spec, io: m.io, values: m.values() })), 1)).rejects.toThrow(/same input/);
    a.dispose();
    b.dispose();
  });
});
