/**
 * The ORT gradient graph against TensorFlow.js autodiff (same parameters, batch and dropout
 * masks) and against central finite differences of its own loss.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initMlBackend } from '../backend';
import { crossEntropy } from '../losses';
import { Model } from '../model';
import type { ModelSpecInput } from '../model-spec';
import { dropoutLayerSeed, forwardLogits } from '../network';
import { createTensorSet, disposeTensorSet } from '../tensor-set';
import { train } from '../train';
import { randomArray, relativeDifference, tinyData } from '../test-utils';
import { OrtTrainStep } from './ort-train-step';

beforeAll(() => initMlBackend({ force: 'wasm' }));

const cases: { name: string; spec: ModelSpecInput }[] = [
  { name: 'logistic', spec: { kind: 'logistic' } },
  { name: 'mlp relu + dropout', spec: { kind: 'mlp', hidden: [16, 8], activation: 'relu', dropout: 0.3 } },
  { name: 'mlp tanh', spec: { kind: 'mlp', hidden: [10], activation: 'tanh' } },
  { name: 'mlp elu + dropout', spec: { kind: 'mlp', hidden: [10], activation: 'elu', dropout: 0.2 } },
  { name: 'mlp sigmoid', spec: { kind: 'mlp', hidden: [10, 6], activation: 'sigmoid' } },
];

const FEATURES = 9;
const CLASSES = 4;
const BATCH = 12;
const DROPOUT_SEED = 77;

function setup(spec: ModelSpecInput) {
  const model = Model.create(spec, { inputShape: [FEATURES], numClasses: CLASSES }, 5);
  model.setValues(model.layout.map((p, i) => randomArray(p.size, 30 + i, p.fan ? Math.sqrt(3 / p.fan.in) : 0.3)));
  const x = randomArray(BATCH * FEATURES, 3);
  const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 7) % CLASSES);
  // the masks forwardLogits draws in training mode (tf.dropout of ones is the multiplier)
  const rate = model.spec.kind === 'mlp' ? model.spec.dropout : 0;
  const hidden = model.spec.kind === 'mlp' ? model.spec.hidden : [];
  const masks = hidden.map((units, i) =>
    rate > 0 ? (tf.tidy(() => tf.dropout(tf.ones([BATCH, units]), rate, undefined, dropoutLayerSeed({ dropoutSeed: DROPOUT_SEED }, i))).dataSync() as Float32Array) : null,
  );
  return { model, x, labels, masks };
}

describe('ORT training step (dense models)', () => {
  for (const c of cases) {
    it(`${c.name}: loss and gradients equal TF.js autodiff`, async () => {
      const { model, x, labels, masks } = setup(c.spec);
      const step = await OrtTrainStep.create(model.spec, model.io);
      try {
        const ours = await step.run(x, labels, masks, model.values());
        const { value, grads } = tf.tidy(() => {
          const xs = tf.tensor2d(x, [BATCH, FEATURES]);
          const ys = tf.tensor1d(labels, 'int32');
          const f = (...params: tf.Tensor[]) => crossEntropy(forwardLogits(model.spec, params, xs, { training: true, dropoutSeed: DROPOUT_SEED }), ys);
          return tf.valueAndGrads(f)([...model.params]);
        });
        expect(Math.abs(ours.loss - value.dataSync()[0])).toBeLessThan(1e-5);
        grads.forEach((g, i) => expect(relativeDifference(ours.grads[i], g.dataSync()), model.layout[i].name).toBeLessThan(1e-4));
        tf.dispose([value, ...grads]);
      } finally {
        await step.release();
        model.dispose();
      }
    });
  }

  it('gradients match central finite differences of the loss (mlp tanh + dropout)', async () => {
    const { model, x, labels, masks } = setup({ kind: 'mlp', hidden: [7], activation: 'tanh', dropout: 0.25 });
    const step = await OrtTrainStep.create(model.spec, model.io);
    try {
      const values = model.values();
      const { grads } = await step.run(x, labels, masks, values);
      const h = 1e-2;
      for (const [p, index] of [[0, 3], [0, 40], [1, 2], [2, 5], [3, 1]] as const) {
        const plus = values.map((v) => Float32Array.from(v));
        const minus = values.map((v) => Float32Array.from(v));
        plus[p][index] += h;
        minus[p][index] -= h;
        const numeric = ((await step.run(x, labels, masks, plus)).loss - (await step.run(x, labels, masks, minus)).loss) / (2 * h);
        expect(Math.abs(grads[p][index] - numeric), `${model.layout[p].name}[${index}]`).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
        expect(Math.abs(grads[p][index])).toBeGreaterThan(0);
      }
    } finally {
      await step.release();
      model.dispose();
    }
  });

  it('train() on ORT: the same seed gives the same model, and it follows the TF.js fused step', async () => {
    const data = tinyData(64, [FEATURES], CLASSES, 8);
    const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
    const spec: ModelSpecInput = { kind: 'mlp', hidden: [12], activation: 'relu', dropout: 0.2 };
    const recipe = { epochs: 2, batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, seed: 4 };
    const trained = async (stepEngine: 'ort' | 'tfjs') => {
      const model = Model.create(spec, { inputShape: [FEATURES], numClasses: CLASSES }, 4);
      const result = await train({ model, set, recipe, stepEngine });
      const weights = model.flatWeights();
      model.dispose();
      return { weights, loss: result.finalLoss };
    };
    try {
      const [first, second, onTfjs] = [await trained('ort'), await trained('ort'), await trained('tfjs')];
      expect(Array.from(second.weights)).toEqual(Array.from(first.weights));
      expect(relativeDifference(first.weights, onTfjs.weights)).toBeLessThan(1e-4);
      expect(Math.abs(first.loss - onTfjs.loss)).toBeLessThan(1e-4);
      const initial = Model.create(spec, { inputShape: [FEATURES], numClasses: CLASSES }, 4);
      expect(relativeDifference(first.weights, initial.flatWeights())).toBeGreaterThan(1e-3);
      initial.dispose();
    } finally {
      disposeTensorSet(set);
    }
  });

  it('refuses to train a CNN on ORT', async () => {
    const data = tinyData(8, [6, 6, 1], 2, 1);
    const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
    const model = Model.create({ kind: 'cnn', blocks: [{ filters: 2, kernelSize: 3 }] }, { inputShape: [6, 6, 1], numClasses: 2 }, 1);
    await expect(train({ model, set, recipe: { epochs: 1, batchSize: 4, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 1 }, stepEngine: 'ort' })).rejects.toThrow(/logistic and mlp/);
    model.dispose();
    disposeTensorSet(set);
  });
});
