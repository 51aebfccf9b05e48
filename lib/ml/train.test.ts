import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from './errors';
import { evaluateModel } from './evaluate';
import { crossEntropy, distillationKL, randomOtherLabels } from './losses';
import { learningRateAt } from './lr-schedule';
import { Model } from './model';
import type { ModelSpecInput } from './model-spec';
import { createTensorSet, disposeTensorSet, type TensorSet } from './tensor-set';
import { train, type BatchUpdate, type LossFunction } from './train';
import type { TrainingRecipeInput } from './training-recipe';
import { tinyData, withBothBackends } from './test-utils';

beforeAll(async () => {
  await withBothBackends();
  await tf.setBackend('wasm');
});

const io = { inputShape: [10], numClasses: 3 };
const mlp: ModelSpecInput = { kind: 'mlp', hidden: [12], dropout: 0.1 };
const recipe: TrainingRecipeInput = { epochs: 2, batchSize: 8, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 7 };

function makeSet(rows = 40, seed = 1, firstRowId = 0): TensorSet {
  const data = tinyData(rows, io.inputShape, io.numClasses, seed);
  return createTensorSet(data.matrix, io.inputShape, data.labels, data.rowIds.map((r) => r + firstRowId));
}

async function trainedWeights(options: { recipe?: TrainingRecipeInput; loss?: LossFunction } = {}): Promise<Float32Array> {
  const set = makeSet();
  const model = Model.create(mlp, io, 3);
  await train({ model, set, recipe: options.recipe ?? recipe, loss: options.loss });
  const flat = model.flatWeights();
  model.dispose();
  disposeTensorSet(set);
  return flat;
}

describe('train', () => {
  it('gives bit-identical weights for the same seed, different ones for another seed', async () => {
    const a = await trainedWeights();
    const b = await trainedWeights();
    const c = await trainedWeights({ recipe: { ...recipe, seed: 8 } });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('learns, reports progress per step and epoch, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const set = makeSet(60);
    const model = Model.create({ kind: 'mlp', hidden: [16] }, io, 1);
    const steps: number[] = [];
    const epochs: number[] = [];
    const result = await train({
      model,
      set,
      evalSet: set,
      recipe: { epochs: 8, batchSize: 16, optimizer: { kind: 'momentum', learningRate: 0.1 }, weightDecay: 1e-4, schedule: { kind: 'cosine' }, seed: 1 },
      onStep: (p) => steps.push(p.loss),
      onEpoch: (p) => {
        epochs.push(p.loss);
        expect(p.evalAccuracy).toBeGreaterThanOrEqual(0);
      },
    });
    expect(steps).toHaveLength(32);
    expect(epochs).toHaveLength(8);
    expect(epochs[7]).toBeLessThan(epochs[0]);
    expect(result.steps).toBe(32);
    const evaluation = evaluateModel(model, set, { batchSize: 7 });
    expect(evaluation.losses).toHaveLength(60);
    expect(evaluation.logits).toHaveLength(180);
    expect(evaluation.probabilities![0] + evaluation.probabilities![1] + evaluation.probabilities![2]).toBeCloseTo(1, 5);
    expect(evaluation.accuracy).toBeGreaterThan(0.5);
    model.dispose();
    disposeTensorSet(set);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops within one step when its AbortSignal fires, with an AbortError and no leak', async () => {
    const before = tf.memory().numTensors;
    const set = makeSet();
    const model = Model.create(mlp, io, 1);
    const controller = new AbortController();
    let stepsSeen = 0;
    const run = train({
      model,
      set,
      recipe: { ...recipe, epochs: 50 },
      signal: controller.signal,
      onStep: (p) => {
        stepsSeen++;
        if (p.globalStep === 3) controller.abort();
      },
    });
    await expect(run).rejects.toSatisfy(isAbortError);
    expect(stepsSeen).toBe(4);
    model.dispose();
    disposeTensorSet(set);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies gradient masks: masked parameters do not move', async () => {
    const set = makeSet();
    const model = Model.create(mlp, io, 1);
    const initial = model.values();
    const mask = model.layout.map((p, i) => (i === 0 ? new Float32Array(p.size) : null));
    await train({ model, set, recipe, gradientMask: mask });
    const after = model.values();
    expect(after[0]).toEqual(initial[0]);
    expect(after[2]).not.toEqual(initial[2]);
    model.dispose();
    disposeTensorSet(set);
  });

  it('captures per-batch updates whose deltas add up to the total change', async () => {
    const set = makeSet(24, 1, 100);
    const model = Model.create({ kind: 'logistic' }, io, 1);
    const start = model.flatWeights();
    const updates: BatchUpdate[] = [];
    await train({ model, set, recipe: { ...recipe, optimizer: { kind: 'sgd', learningRate: 0.1 } }, updateCapture: { onUpdate: (u) => updates.push(u) } });
    expect(updates).toHaveLength(6);
    expect(updates.flatMap((u) => Array.from(u.rowIds)).sort((a, b) => a - b)).toEqual([...Array.from({ length: 24 }, (_, i) => i + 100), ...Array.from({ length: 24 }, (_, i) => i + 100)].sort((a, b) => a - b));
    const end = model.flatWeights();
    const summed = Float32Array.from(start);
    for (const u of updates) {
      let offset = 0;
      for (const d of u.delta) {
        for (let k = 0; k < d.length; k++) summed[offset + k] += d[k];
        offset += d.length;
      }
    }
    for (let k = 0; k < end.length; k++) expect(summed[k]).toBeCloseTo(end[k], 4);

    const only: BatchUpdate[] = [];
    const model2 = Model.create({ kind: 'logistic' }, io, 1);
    await train({ model: model2, set, recipe, updateCapture: { onUpdate: (u) => only.push(u), onlyRows: Int32Array.from([105]) } });
    expect(only).toHaveLength(2);
    for (const u of only) expect(Array.from(u.rowIds)).toContain(105);
    model.dispose();
    model2.dispose();
    disposeTensorSet(set);
  });

  it('supports the unlearning losses: negated, relabelled, distilled, mixed batches', async () => {
    const before = tf.memory().numTensors;
    const retain = makeSet(32, 1);
    const forget = makeSet(8, 2, 1000);
    const teacher = Model.create(mlp, io, 9);
    const student = Model.create(mlp, io, 1);
    const forgetLossBefore = evaluateModel(student, forget).meanLoss;

    // gradient ascent on the forget set raises its loss
    await train({ model: student, set: forget, recipe: { ...recipe, epochs: 3 }, loss: ({ batch, forward }) => tf.neg(crossEntropy(forward(batch.x), batch.labels)) });
    expect(evaluateModel(student, forget).meanLoss).toBeGreaterThan(forgetLossBefore);

    const seen: string[] = [];
    const mixed: LossFunction = ({ batch, batches, forward, random, numClasses }) => {
      seen.push(`${batch.size}/${batches.forget.size}`);
      const relabelled = tf.tensor1d(randomOtherLabels(batches.forget.labels.dataSync() as Int32Array, numClasses, random), 'int32');
      const keep = distillationKL(forward(batch.x), teacher.forward(batch.x), 2);
      const scramble = crossEntropy(forward(batches.forget.x), relabelled);
      return tf.add(tf.mul(keep, 0.7), tf.mul(scramble, 0.3)) as tf.Scalar;
    };
    const result = await train({ model: student, set: retain, sources: { forget: { set: forget, batchSize: 4 } }, recipe, loss: mixed });
    expect(result.steps).toBe(8);
    expect(seen[0]).toBe('8/4');
    expect(Number.isFinite(result.finalLoss)).toBe(true);
    teacher.dispose();
    student.dispose();
    disposeTensorSet(retain);
    disposeTensorSet(forget);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('relabels to a different class, and schedules the learning rate', () => {
    const labels = Int32Array.from([0, 1, 2, 2, 1, 0]);
    const relabelled = randomOtherLabels(labels, 3, { next: () => 0.5, int: (n: number) => n - 1, normal: () => 0, fork: () => { throw new Error(); } });
    relabelled.forEach((l, i) => expect(l).not.toBe(labels[i]));
    expect(learningRateAt(0.1, { kind: 'step', everyEpochs: 2, gamma: 0.5 }, { step: 0, epoch: 5, totalSteps: 10 })).toBeCloseTo(0.025);
    expect(learningRateAt(0.1, { kind: 'cosine', minLearningRate: 0 }, { step: 9, epoch: 0, totalSteps: 10 })).toBeCloseTo(0);
    expect(learningRateAt(0.1, { kind: 'constant' }, { step: 9, epoch: 3, totalSteps: 10 })).toBe(0.1);
  });
});
