import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictLogits } from './evaluate';
import { Model, splitFlat } from './model';
import { parseModelSpec } from './model-spec';
import { tinyData, withBothBackends } from './test-utils';
import { deserializeWeights, readWeightsHeader, serializeWeights } from './weights';

beforeAll(async () => {
  await withBothBackends();
  await tf.setBackend('wasm');
});

describe('weights', () => {
  it.each([
    { spec: { kind: 'logistic' as const }, inputShape: [6] },
    { spec: { kind: 'mlp' as const, hidden: [5, 4], activation: 'tanh' as const }, inputShape: [6] },
    { spec: { kind: 'cnn' as const, blocks: [{ filters: 3, kernelSize: 3 }], dense: [4] }, inputShape: [6, 6, 1] },
  ])('round-trips $spec.kind exactly: identical predictions', ({ spec, inputShape }) => {
    const model = Model.create(spec, { inputShape, numClasses: 3 }, 4);
    const bytes = serializeWeights(model);
    expect(bytes.length).toBeLessThan(model.parameterCount * 4 + 1024);
    const restored = deserializeWeights(bytes);
    expect(restored.spec).toEqual(model.spec);
    const data = tinyData(5, inputShape, 3, 2);
    const x = tf.tensor(data.matrix, [5, ...inputShape]);
    expect(predictLogits(restored, x)).toEqual(predictLogits(model, x));
    x.dispose();
    model.dispose();
    restored.dispose();
  });

  it('rejects corrupt files', () => {
    const model = Model.create({ kind: 'logistic' }, { inputShape: [3], numClasses: 2 }, 1);
    const bytes = serializeWeights(model);
    model.dispose();
    expect(() => deserializeWeights(bytes.subarray(0, bytes.length - 4))).toThrow(/expected/);
    const wrong = Uint8Array.from(bytes);
    wrong[0] = 0;
    expect(() => readWeightsHeader(wrong)).toThrow(/not a Lethe/);
  });

  it('gets and sets flat weights', () => {
    const model = Model.create({ kind: 'mlp', hidden: [3] }, { inputShape: [2], numClasses: 2 }, 1);
    const flat = model.flatWeights();
    expect(flat).toHaveLength(2 * 3 + 3 + 3 * 2 + 2);
    const doubled = flat.map((v) => v * 2);
    model.setFlatWeights(doubled);
    expect(model.flatWeights()).toEqual(doubled);
    expect(splitFlat(model.layout, doubled).map((a) => a.length)).toEqual([6, 3, 6, 2]);
    model.dispose();
  });
});

describe('model specs', () => {
  it('fills defaults and rejects bad specs with the field named', () => {
    expect(parseModelSpec({ kind: 'mlp', hidden: [8] })).toEqual({ kind: 'mlp', hidden: [8], activation: 'relu', dropout: 0 });
    expect(() => parseModelSpec({ kind: 'mlp', hidden: [] })).toThrow(/hidden/);
    expect(() => parseModelSpec({ kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3, pooling: 'median' }] })).toThrow(/pooling/);
    expect(() => parseModelSpec({ kind: 'svm' })).toThrow();
  });

  it('refuses a cnn on tabular inputs and convolutions that shrink images away', () => {
    expect(() => Model.create({ kind: 'cnn', blocks: [{ filters: 2, kernelSize: 3 }] }, { inputShape: [10], numClasses: 2 }, 1)).toThrow(/image/);
    expect(() => Model.create({ kind: 'cnn', blocks: [{ filters: 2, kernelSize: 5 }, { filters: 2, kernelSize: 5 }] }, { inputShape: [8, 8, 1], numClasses: 2 }, 1)).toThrow(/nothing/);
  });
});
