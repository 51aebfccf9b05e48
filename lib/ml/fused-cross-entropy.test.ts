/**
 * The fused cross-entropy step (hand-written backward pass, used for the default loss)
 * against autodiff of the same loss: gradients of every model type on both backends, and
 * a few epochs of training through train() with the default loss versus a wrapped copy of
 * it (which takes the autodiff path).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedCrossEntropyStep } from './fused-cross-entropy';
import { gatherRows, transposeMatrix } from './host-tensors';
import { crossEntropy } from './losses';
import { Model } from './model';
import type { ModelSpecInput } from './model-spec';
import { forwardLogits } from './network';
import { createTensorSet, disposeTensorSet } from './tensor-set';
import { standardLoss, train, type LossFunction } from './train';
import { randomArray, relativeDifference, tinyData, withBothBackends } from './test-utils';

beforeAll(withBothBackends);

const cases: { name: string; spec: ModelSpecInput; inputShape: number[] }[] = [
  { name: 'logistic', spec: { kind: 'logistic' }, inputShape: [12] },
  { name: 'mlp relu + dropout', spec: { kind: 'mlp', hidden: [16, 8], activation: 'relu', dropout: 0.3 }, inputShape: [12] },
  { name: 'mlp tanh', spec: { kind: 'mlp', hidden: [10], activation: 'tanh' }, inputShape: [12] },
  { name: 'mlp elu', spec: { kind: 'mlp', hidden: [10], activation: 'elu' }, inputShape: [12] },
  { name: 'mlp sigmoid + dropout', spec: { kind: 'mlp', hidden: [10, 6], activation: 'sigmoid', dropout: 0.2 }, inputShape: [12] },
  {
    name: 'cnn relu max-pool',
    spec: { kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3 }, { filters: 6, kernelSize: 3 }] },
    inputShape: [12, 12, 1],
  },
  {
    // tanh before a max pool gives all-negative windows; 8 -> 4 -> 3 -> avg pool drops a row
    name: 'cnn tanh/elu/sigmoid, same padding, max/avg/no pooling, dense head with dropout',
    spec: {
      kind: 'cnn',
      blocks: [
        { filters: 3, kernelSize: 3, activation: 'tanh', padding: 'same', pooling: 'max' },
        { filters: 4, kernelSize: 2, activation: 'elu', pooling: 'avg' },
        { filters: 2, kernelSize: 1, activation: 'sigmoid', pooling: 'none' },
      ],
      dense: [8],
      denseActivation: 'tanh',
      dropout: 0.25,
    },
    inputShape: [8, 8, 3],
  },
  {
    name: 'cnn pool size 3 over 10x10 (windows leave a remainder)',
    spec: { kind: 'cnn', blocks: [{ filters: 3, kernelSize: 2, activation: 'elu', pooling: 'max', poolSize: 3 }], dense: [5] },
    inputShape: [10, 10, 2],
  },
];

const TOLERANCE = 1e-4;

interface Gradients {
  loss: number;
  grads: Float32Array[];
}

function bothPaths(spec: ModelSpecInput, inputShape: number[], seed: number): { fused: Gradients; autodiff: Gradients } {
  const rows = 9;
  const data = tinyData(rows, inputShape, 3, seed);
  const model = Model.create(spec, { inputShape, numClasses: 3 }, seed + 1);
  // larger weights than Glorot make saturated activations and all-negative pools likely
  model.setValues(model.values().map((v, i) => Float32Array.from(randomArray(v.length, seed * 10 + i, 0.8))));
  const dropoutSeed = 12345;
  const x = tf.tensor(data.matrix, [rows, ...inputShape]);
  const fused = fusedCrossEntropyStep(model.spec, model.params, x, data.labels, dropoutSeed);
  const autodiff = tf.tidy(() => {
    const labels = tf.tensor1d(data.labels, 'int32');
    const { value, grads } = tf.valueAndGrads((...params: tf.Tensor[]) =>
      crossEntropy(forwardLogits(model.spec, params, x, { training: true, dropoutSeed }), labels),
    )([...model.params]);
    return { loss: value.dataSync()[0], grads: grads.map((g) => Float32Array.from(g.dataSync())) };
  });
  x.dispose();
  model.dispose();
  return { fused, autodiff };
}

describe('fused cross-entropy step', () => {
  it.each(cases)('gives autodiff’s loss and gradients: $name', async ({ spec, inputShape }) => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      for (const seed of [1, 2]) {
        const { fused, autodiff } = bothPaths(spec, inputShape, seed);
        expect(Math.abs(fused.loss - autodiff.loss) / Math.max(1, Math.abs(autodiff.loss))).toBeLessThan(TOLERANCE);
        expect(fused.grads).toHaveLength(autodiff.grads.length);
        fused.grads.forEach((g, i) => {
          expect(g.length).toBe(autodiff.grads[i].length);
          expect(relativeDifference(g, autodiff.grads[i]), `${backend} parameter ${i}`).toBeLessThan(TOLERANCE);
        });
      }
      expect(tf.memory().numTensors).toBe(before);
    }
    await tf.setBackend('wasm');
  });

  it.each(cases)('trains like the autodiff path through train(): $name', async ({ spec, inputShape }) => {
    await tf.setBackend('wasm');
    const data = tinyData(30, inputShape, 3, 4);
    const set = createTensorSet(data.matrix, inputShape, data.labels, data.rowIds);
    const run = async (loss: LossFunction | undefined) => {
      const model = Model.create(spec, { inputShape, numClasses: 3 }, 8);
      const losses: number[] = [];
      await train({
        model,
        set,
        loss,
        recipe: { epochs: 3, batchSize: 8, optimizer: { kind: 'adam', learningRate: 0.01 }, weightDecay: 1e-3, seed: 5 },
        onStep: (p) => losses.push(p.loss),
      });
      const weights = model.flatWeights();
      model.dispose();
      return { losses, weights };
    };
    const fused = await run(undefined);
    // a wrapper is not standardLoss itself, so train() differentiates it with the tape
    const autodiff = await run((context) => standardLoss(context));
    disposeTensorSet(set);
    expect(fused.losses).toHaveLength(12);
    expect(relativeDifference(fused.losses, autodiff.losses)).toBeLessThan(1e-3);
    expect(relativeDifference(fused.weights, autodiff.weights)).toBeLessThan(1e-3);
  });

  it('is deterministic: same seed, bit-identical weights', async () => {
    await tf.setBackend('wasm');
    const spec = cases[6].spec;
    const inputShape = cases[6].inputShape;
    const data = tinyData(20, inputShape, 3, 2);
    const set = createTensorSet(data.matrix, inputShape, data.labels, data.rowIds);
    const run = async () => {
      const model = Model.create(spec, { inputShape, numClasses: 3 }, 3);
      await train({ model, set, recipe: { epochs: 2, batchSize: 6, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 9 } });
      const flat = model.flatWeights();
      model.dispose();
      return flat;
    };
    const a = await run();
    const b = await run();
    disposeTensorSet(set);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('rejects labels outside the classes', async () => {
    await tf.setBackend('wasm');
    const model = Model.create({ kind: 'logistic' }, { inputShape: [4], numClasses: 3 }, 1);
    const x = tf.tensor(randomArray(8, 1), [2, 4]);
    expect(() => fusedCrossEntropyStep(model.spec, model.params, x, Int32Array.from([0, 3]), 0)).toThrow(/label 3/);
    x.dispose();
    model.dispose();
  });
});

describe('host tensor helpers', () => {
  it('transpose and row gathers match tf on both backends', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await tf.setBackend(backend);
      tf.tidy(() => {
        for (const [rows, cols] of [[13, 7], [16, 5], [1, 9], [9, 1]]) {
          const m = tf.tensor2d(randomArray(rows * cols, rows + cols), [rows, cols]);
          expect(Array.from(transposeMatrix(m).dataSync())).toEqual(Array.from(tf.transpose(m).dataSync()));
        }
        const images = tf.tensor4d(randomArray(5 * 3 * 3 * 2, 3), [5, 3, 3, 2]);
        const positions = Int32Array.from([4, 0, 4, 2]);
        const gathered = gatherRows(images, positions);
        expect(gathered.shape).toEqual([4, 3, 3, 2]);
        expect(Array.from(gathered.dataSync())).toEqual(Array.from(tf.gather(images, tf.tensor1d(positions, 'int32')).dataSync()));
        expect(() => gatherRows(images, Int32Array.from([5]))).toThrow();
      });
    }
    await tf.setBackend('wasm');
  });
});
