/**
 * Trains every supported model type for a few steps on the cpu backend and on wasm (with
 * the kernel fixes) from the same initial weights, and compares the losses step by step.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpecInput } from './model-spec';
import { Model } from './model';
import { createTensorSet, disposeTensorSet } from './tensor-set';
import { train } from './train';
import { relativeDifference, tinyData, withBothBackends } from './test-utils';

beforeAll(withBothBackends);

const cases: { name: string; spec: ModelSpecInput; inputShape: number[] }[] = [
  { name: 'logistic', spec: { kind: 'logistic' }, inputShape: [12] },
  { name: 'mlp relu + dropout', spec: { kind: 'mlp', hidden: [16, 8], activation: 'relu', dropout: 0.2 }, inputShape: [12] },
  { name: 'mlp tanh', spec: { kind: 'mlp', hidden: [10], activation: 'tanh' }, inputShape: [12] },
  { name: 'mlp elu', spec: { kind: 'mlp', hidden: [10], activation: 'elu' }, inputShape: [12] },
  { name: 'mlp sigmoid', spec: { kind: 'mlp', hidden: [10], activation: 'sigmoid' }, inputShape: [12] },
  {
    name: 'cnn relu max-pool',
    spec: { kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3 }, { filters: 6, kernelSize: 3 }] },
    inputShape: [12, 12, 1],
  },
  {
    // tanh before a max pool: exercises all-negative pooling windows
    name: 'cnn tanh/elu, same padding, avg and no pooling, dense head',
    spec: {
      kind: 'cnn',
      blocks: [
        { filters: 3, kernelSize: 3, activation: 'tanh', padding: 'same', pooling: 'max' },
        { filters: 4, kernelSize: 2, activation: 'elu', pooling: 'avg' },
        { filters: 2, kernelSize: 1, activation: 'sigmoid', pooling: 'none' },
      ],
      dense: [8],
      dropout: 0.1,
    },
    inputShape: [8, 8, 3],
  },
];

async function stepLosses(backend: 'cpu' | 'wasm', spec: ModelSpecInput, inputShape: number[]): Promise<number[]> {
  await tf.setBackend(backend);
  const data = tinyData(24, inputShape, 3, 11);
  const set = createTensorSet(data.matrix, inputShape, data.labels, data.rowIds);
  const model = Model.create(spec, { inputShape, numClasses: 3 }, 5);
  const losses: number[] = [];
  await train({
    model,
    set,
    recipe: { epochs: 2, batchSize: 8, optimizer: { kind: 'sgd', learningRate: 0.1 }, seed: 3 },
    onStep: (p) => losses.push(p.loss),
  });
  model.dispose();
  disposeTensorSet(set);
  return losses;
}

describe('training on wasm matches the cpu backend', () => {
  it.each(cases)('$name', async ({ spec, inputShape }) => {
    const cpu = await stepLosses('cpu', spec, inputShape);
    const wasm = await stepLosses('wasm', spec, inputShape);
    expect(cpu).toHaveLength(6);
    expect(relativeDifference(wasm, cpu)).toBeLessThan(1e-4);
  });
});
