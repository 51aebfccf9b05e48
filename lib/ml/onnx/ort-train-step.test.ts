/**
 * The ORT gradient graph against TensorFlow.js (autodiff and the fused step: same parameters,
 * batch and dropout masks), against central finite differences (of its own loss for dense
 * models, of an independent float64 forward pass for CNNs), and through train().
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initMlBackend } from '../backend';
import { fusedCrossEntropyStep } from '../fused-cross-entropy';
import { crossEntropy } from '../losses';
import { Model } from '../model';
import type { Activation, CnnSpec, ModelSpecInput } from '../model-spec';
import { dropoutLayerSeed, forwardLogits } from '../network';
import { createTensorSet, disposeTensorSet } from '../tensor-set';
import { crossEntropySum, train } from '../train';
import { randomArray, relativeDifference, tinyData } from '../test-utils';
import { OrtTrainStep } from './ort-train-step';

beforeAll(() => initMlBackend({ force: 'wasm' }));

const FEATURES = 9;
const CLASSES = 4;
const BATCH = 12;
const DROPOUT_SEED = 77;

interface Case {
  name: string;
  spec: ModelSpecInput;
  inputShape: number[];
}

const denseCases: Case[] = [
  { name: 'logistic', spec: { kind: 'logistic' }, inputShape: [FEATURES] },
  { name: 'mlp relu + dropout', spec: { kind: 'mlp', hidden: [16, 8], activation: 'relu', dropout: 0.3 }, inputShape: [FEATURES] },
  { name: 'mlp tanh', spec: { kind: 'mlp', hidden: [10], activation: 'tanh' }, inputShape: [FEATURES] },
  { name: 'mlp elu + dropout', spec: { kind: 'mlp', hidden: [10], activation: 'elu', dropout: 0.2 }, inputShape: [FEATURES] },
  { name: 'mlp sigmoid', spec: { kind: 'mlp', hidden: [10, 6], activation: 'sigmoid' }, inputShape: [FEATURES] },
];

const cnnCases: Case[] = [
  {
    name: 'cnn relu, max pooling (the bench:train shape, smaller)',
    spec: { kind: 'cnn', blocks: [{ filters: 4, kernelSize: 3 }, { filters: 6, kernelSize: 3 }] },
    inputShape: [12, 12, 1],
  },
  {
    // tanh before a max pool gives all-negative windows; 7 -> 3 leaves a row and a column no
    // window covers; 3 -> 2 -> avg 1 likewise
    name: 'cnn same (tanh, max) then valid (elu, avg), 3 channels, odd sizes, dense head with dropout',
    spec: {
      kind: 'cnn',
      blocks: [
        { filters: 3, kernelSize: 3, activation: 'tanh', padding: 'same', pooling: 'max' },
        { filters: 4, kernelSize: 2, activation: 'elu', pooling: 'avg' },
      ],
      dense: [8, 5],
      denseActivation: 'sigmoid',
      dropout: 0.3,
    },
    inputShape: [7, 7, 3],
  },
  {
    // an even kernel under 'same' pads unevenly (TF.js: the extra row and column after)
    name: "cnn even kernel with 'same', pool size 3 with a remainder, no pooling",
    spec: {
      kind: 'cnn',
      blocks: [
        { filters: 3, kernelSize: 2, activation: 'sigmoid', padding: 'same', pooling: 'avg', poolSize: 3 },
        { filters: 2, kernelSize: 2, activation: 'tanh', padding: 'same', pooling: 'none' },
        { filters: 2, kernelSize: 1, activation: 'elu', pooling: 'max', poolSize: 2 },
      ],
      dense: [6],
      denseActivation: 'elu',
      dropout: 0.2,
    },
    inputShape: [10, 10, 2],
  },
];

/** Parameters larger than Glorot's (saturated activations, all-negative pools), a batch, labels and the dropout masks train() would draw. */
function setup(spec: ModelSpecInput, inputShape: number[], batch = BATCH) {
  const model = Model.create(spec, { inputShape, numClasses: CLASSES }, 5);
  model.setValues(model.layout.map((p, i) => randomArray(p.size, 30 + i, p.fan ? Math.sqrt(3 / p.fan.in) : 0.3)));
  const x = randomArray(batch * inputShape.reduce((a, b) => a * b, 1), 3);
  const labels = Int32Array.from({ length: batch }, (_, i) => (i * 7) % CLASSES);
  // the masks forwardLogits draws in training mode (tf.dropout of ones is the multiplier)
  const s = model.spec;
  const rate = s.kind === 'logistic' ? 0 : s.dropout;
  const hidden = s.kind === 'mlp' ? s.hidden : s.kind === 'cnn' ? s.dense : [];
  const masks = hidden.map((units, i) =>
    rate > 0 ? (tf.tidy(() => tf.dropout(tf.ones([batch, units]), rate, undefined, dropoutLayerSeed({ dropoutSeed: DROPOUT_SEED }, i))).dataSync() as Float32Array) : null,
  );
  return { model, x, labels, masks, batch };
}

describe('ORT training step', () => {
  for (const c of [...denseCases, ...cnnCases]) {
    it(`${c.name}: loss and gradients equal TF.js autodiff and the fused step`, async () => {
      const { model, x, labels, masks, batch } = setup(c.spec, c.inputShape);
      const step = await OrtTrainStep.create(model.spec, model.io);
      try {
        const ours = await step.run(x, labels, masks, model.values());
        const xs = tf.tensor(x, [batch, ...c.inputShape]);
        const autodiff = tf.tidy(() => {
          const ys = tf.tensor1d(labels, 'int32');
          const f = (...params: tf.Tensor[]) => crossEntropy(forwardLogits(model.spec, params, xs, { training: true, dropoutSeed: DROPOUT_SEED }), ys);
          const { value, grads } = tf.valueAndGrads(f)([...model.params]);
          return { loss: value.dataSync()[0], grads: grads.map((g) => Float32Array.from(g.dataSync())) };
        });
        const fused = fusedCrossEntropyStep(model.spec, model.params, xs, labels, DROPOUT_SEED);
        xs.dispose();
        for (const reference of [autodiff, fused]) {
          expect(Math.abs(ours.loss - reference.loss)).toBeLessThan(1e-5);
          reference.grads.forEach((g, i) => expect(relativeDifference(ours.grads[i], g), model.layout[i].name).toBeLessThan(1e-4));
        }
        // a gradient that is all zeros would match a broken reference just as well
        ours.grads.forEach((g, i) => expect(g.some((v) => v !== 0), `${model.layout[i].name} is all zeros`).toBe(true));
      } finally {
        await step.release();
        model.dispose();
      }
    });
  }

  it('gradients match central finite differences of the loss (mlp tanh + dropout)', async () => {
    const { model, x, labels, masks } = setup({ kind: 'mlp', hidden: [7], activation: 'tanh', dropout: 0.25 }, [FEATURES]);
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

  const fdCases: Case[] = [
    {
      name: "6x6x1: 'same' 3x3 tanh + max pool, 'valid' 2x2 elu + avg pool, sigmoid dense with dropout",
      spec: {
        kind: 'cnn',
        blocks: [
          { filters: 2, kernelSize: 3, activation: 'tanh', padding: 'same', pooling: 'max' },
          { filters: 3, kernelSize: 2, activation: 'elu', padding: 'valid', pooling: 'avg' },
        ],
        dense: [4],
        denseActivation: 'sigmoid',
        dropout: 0.3,
      },
      inputShape: [6, 6, 1],
    },
    {
      name: "7x7x2: 'valid' 2x2 sigmoid + avg pool 3, 'same' 2x2 tanh + max pool",
      spec: {
        kind: 'cnn',
        blocks: [
          { filters: 2, kernelSize: 2, activation: 'sigmoid', padding: 'valid', pooling: 'avg', poolSize: 3 },
          { filters: 2, kernelSize: 2, activation: 'tanh', padding: 'same', pooling: 'max' },
        ],
      },
      inputShape: [7, 7, 2],
    },
  ];
  for (const c of fdCases) {
    it(`${c.name}: every gradient matches central finite differences of a float64 forward pass`, async () => {
      const { model, x, labels, masks } = setup(c.spec, c.inputShape, 5);
      const step = await OrtTrainStep.create(model.spec, model.io);
      try {
        const values = model.values();
        const ours = await step.run(x, labels, masks, values);
        const spec = model.spec as CnnSpec;
        const params = values.map((v) => Float64Array.from(v));
        const loss = () => referenceLoss(spec, c.inputShape, params, x, labels, masks);
        // the float64 forward pass is the same function: its loss equals the graph's
        expect(Math.abs(loss() - ours.loss)).toBeLessThan(1e-5);
        const h = 1e-6;
        params.forEach((p, i) => {
          const numeric = new Float64Array(p.length);
          for (let j = 0; j < p.length; j++) {
            const saved = p[j];
            p[j] = saved + h;
            const plus = loss();
            p[j] = saved - h;
            const minus = loss();
            p[j] = saved;
            numeric[j] = (plus - minus) / (2 * h);
          }
          expect(relativeDifference(ours.grads[i], numeric), model.layout[i].name).toBeLessThan(1e-4);
          expect(numeric.some((v) => Math.abs(v) > 1e-6), `${model.layout[i].name} has a gradient`).toBe(true);
        });
      } finally {
        await step.release();
        model.dispose();
      }
    });
  }

  const trainCases: Case[] = [
    { name: 'mlp relu + dropout', spec: { kind: 'mlp', hidden: [12], activation: 'relu', dropout: 0.2 }, inputShape: [FEATURES] },
    {
      name: 'cnn (same/valid, max/avg, dense head with dropout)',
      spec: {
        kind: 'cnn',
        blocks: [
          { filters: 4, kernelSize: 3, padding: 'same', pooling: 'max' },
          { filters: 4, kernelSize: 2, activation: 'tanh', pooling: 'avg' },
        ],
        dense: [8],
        dropout: 0.2,
      },
      inputShape: [8, 8, 2],
    },
  ];
  for (const c of trainCases) {
    it(`train() on ORT, ${c.name}: the same seed gives the same model, and it follows the TF.js fused step`, async () => {
      const data = tinyData(64, c.inputShape, CLASSES, 8);
      const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
      const recipe = { epochs: 2, batchSize: 16, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, seed: 4 };
      const io = { inputShape: c.inputShape, numClasses: CLASSES };
      const trained = async (stepEngine: 'ort' | 'tfjs') => {
        const model = Model.create(c.spec, io, 4);
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
        const initial = Model.create(c.spec, io, 4);
        expect(relativeDifference(first.weights, initial.flatWeights())).toBeGreaterThan(1e-3);
        initial.dispose();
      } finally {
        disposeTensorSet(set);
      }
    });
  }
});

describe('a cross-entropy sum on ORT', () => {
  it("NegGrad+'s objective (a retain source at α, the main batch at −(1−α)) follows TF.js autodiff, dropout included", async () => {
    const inputShape = [6];
    const data = tinyData(96, inputShape, CLASSES, 11);
    const forget = createTensorSet(data.matrix.slice(0, 24 * 6), inputShape, data.labels.slice(0, 24), data.rowIds.slice(0, 24));
    const retain = createTensorSet(data.matrix.slice(24 * 6), inputShape, data.labels.slice(24), data.rowIds.slice(24));
    const spec: ModelSpecInput = { kind: 'mlp', hidden: [10], activation: 'tanh', dropout: 0.3 };
    const io = { inputShape, numClasses: CLASSES };
    const loss = crossEntropySum([
      { source: 'retain', weight: 0.9 },
      { weight: -0.1 },
    ]);
    // retain batches of 16 beside forget batches of 8: the two terms draw masks of different shapes
    const recipe = { epochs: 3, batchSize: 8, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, seed: 6 };
    const trained = async (stepEngine: 'ort' | 'tfjs') => {
      const model = Model.create(spec, io, 2);
      const result = await train({ model, set: forget, recipe, loss, sources: { retain: { set: retain, batchSize: 16 } }, stepEngine });
      const weights = model.flatWeights();
      model.dispose();
      return { weights, loss: result.finalLoss, steps: result.steps };
    };
    try {
      const [first, second, onTfjs] = [await trained('ort'), await trained('ort'), await trained('tfjs')];
      expect(first.steps).toBe(9);
      expect(Array.from(second.weights)).toEqual(Array.from(first.weights));
      expect(relativeDifference(first.weights, onTfjs.weights)).toBeLessThan(1e-4);
      expect(Math.abs(first.loss - onTfjs.loss)).toBeLessThan(1e-4);
      const initial = Model.create(spec, io, 2);
      expect(relativeDifference(first.weights, initial.flatWeights())).toBeGreaterThan(1e-3);
      initial.dispose();
      // a term naming a source the loop was not given
      const model = Model.create(spec, io, 2);
      await expect(train({ model, set: forget, recipe, loss, stepEngine: 'ort' })).rejects.toThrow(/needs a 'retain' source/);
      model.dispose();
    } finally {
      disposeTensorSet(forget);
      disposeTensorSet(retain);
    }
  });
});

// ---- an independent float64 forward pass of a CNN (NHWC, TF.js's conventions) ----------

function act(activation: Activation, v: number): number {
  switch (activation) {
    case 'relu':
      return Math.max(0, v);
    case 'tanh':
      return Math.tanh(v);
    case 'elu':
      return v > 0 ? v : Math.expm1(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
  }
}

/** Mean cross-entropy of a CNN in float64; `masks` are the dense layers' dropout multipliers. */
function referenceLoss(spec: CnnSpec, inputShape: number[], params: Float64Array[], x: Float32Array, labels: Int32Array, masks: readonly (Float32Array | null)[]): number {
  const batch = labels.length;
  let [h, w, c] = inputShape;
  let t = Float64Array.from(x);
  let p = 0;
  for (const block of spec.blocks) {
    const kernel = params[p++];
    const bias = params[p++];
    const k = block.kernelSize;
    const f = block.filters;
    const before = block.padding === 'same' ? Math.floor((k - 1) / 2) : 0;
    const oh = block.padding === 'same' ? h : h - k + 1;
    const ow = block.padding === 'same' ? w : w - k + 1;
    const conv = new Float64Array(batch * oh * ow * f);
    for (let b = 0; b < batch; b++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++)
          for (let o = 0; o < f; o++) {
            let sum = bias[o];
            for (let i = 0; i < k; i++)
              for (let j = 0; j < k; j++) {
                const iy = y + i - before;
                const ix = xx + j - before;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                for (let ci = 0; ci < c; ci++) sum += t[((b * h + iy) * w + ix) * c + ci] * kernel[((i * k + j) * c + ci) * f + o];
              }
            conv[((b * oh + y) * ow + xx) * f + o] = act(block.activation, sum);
          }
    [t, h, w, c] = [conv, oh, ow, f];
    if (block.pooling === 'none') continue;
    const s = block.poolSize;
    const ph = Math.floor(h / s);
    const pw = Math.floor(w / s);
    const pooled = new Float64Array(batch * ph * pw * c);
    for (let b = 0; b < batch; b++)
      for (let y = 0; y < ph; y++)
        for (let xx = 0; xx < pw; xx++)
          for (let ci = 0; ci < c; ci++) {
            let best = -Infinity;
            let sum = 0;
            for (let i = 0; i < s; i++)
              for (let j = 0; j < s; j++) {
                const v = t[((b * h + y * s + i) * w + xx * s + j) * c + ci];
                best = Math.max(best, v);
                sum += v;
              }
            pooled[((b * ph + y) * pw + xx) * c + ci] = block.pooling === 'max' ? best : sum / (s * s);
          }
    [t, h, w] = [pooled, ph, pw];
  }
  // NHWC flattening, then the dense layers
  let width = h * w * c;
  const layers = [...spec.dense, null];
  layers.forEach((units, layer) => {
    const kernel = params[p++];
    const bias = params[p++];
    const out = units ?? bias.length;
    const next = new Float64Array(batch * out);
    for (let b = 0; b < batch; b++)
      for (let o = 0; o < out; o++) {
        let sum = bias[o];
        for (let i = 0; i < width; i++) sum += t[b * width + i] * kernel[i * out + o];
        const mask = units === null ? null : masks[layer];
        next[b * out + o] = units === null ? sum : act(spec.denseActivation, sum) * (mask ? mask[b * out + o] : 1);
      }
    [t, width] = [next, out];
  });
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = t.subarray(b * width, (b + 1) * width);
    const max = Math.max(...row);
    const logSum = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    total += logSum - row[labels[b]];
  }
  return total / batch;
}
