/**
 * On the 'ort' backend (its own test file: the backend is chosen once per thread) train() takes
 * the ONNX Runtime step for a CNN by default, and a CNN trained end to end through it learns an
 * image task.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../random';
import { initMlBackend } from '../backend';
import { evaluateModel } from '../evaluate';
import { Model } from '../model';
import type { ModelSpecInput } from '../model-spec';
import { createTensorSet, disposeTensorSet } from '../tensor-set';
import { train } from '../train';

beforeAll(async () => {
  expect((await initMlBackend({ force: 'ort' })).name).toBe('ort');
});

const SIZE = 10;
const CLASSES = 4;

/** Noisy 10x10 images whose class is the quadrant holding a bright 3x3 square. */
function quadrantImages(rows: number, seed: number) {
  const random = createRandom(seed);
  const matrix = new Float32Array(rows * SIZE * SIZE);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = random.int(CLASSES);
    labels[r] = label;
    const image = matrix.subarray(r * SIZE * SIZE, (r + 1) * SIZE * SIZE);
    for (let i = 0; i < image.length; i++) image[i] = random.next() * 0.3;
    const top = (label >> 1) * 5 + random.int(3);
    const left = (label & 1) * 5 + random.int(3);
    for (let y = top; y < top + 3; y++) for (let x = left; x < left + 3; x++) image[y * SIZE + x] += 1;
  }
  return createTensorSet(matrix, [SIZE, SIZE, 1], labels, new Int32Array(rows).map((_, i) => i));
}

const spec: ModelSpecInput = {
  kind: 'cnn',
  blocks: [
    { filters: 6, kernelSize: 3, padding: 'same', pooling: 'max' },
    { filters: 8, kernelSize: 3, activation: 'elu', pooling: 'avg' },
  ],
  dense: [16],
  dropout: 0.1,
};
const io = { inputShape: [SIZE, SIZE, 1], numClasses: CLASSES };

describe("train() on the 'ort' backend", () => {
  it('trains a CNN with the ONNX Runtime step by default, and it learns', async () => {
    const before = tf.memory().numTensors;
    const trainSet = quadrantImages(256, 1);
    const testSet = quadrantImages(128, 2);
    const recipe = { epochs: 4, batchSize: 32, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, seed: 3 };
    try {
      const byDefault = Model.create(spec, io, 7);
      const result = await train({ model: byDefault, set: trainSet, recipe });
      const forced = Model.create(spec, io, 7);
      await train({ model: forced, set: trainSet, recipe, stepEngine: 'ort' });
      const onTfjs = Model.create(spec, io, 7);
      await train({ model: onTfjs, set: trainSet, recipe, stepEngine: 'tfjs' });
      // the default is the ORT step (bit for bit), which is not the TF.js step's rounding
      expect(Buffer.from(byDefault.flatWeights().buffer).equals(Buffer.from(forced.flatWeights().buffer))).toBe(true);
      expect(Buffer.from(byDefault.flatWeights().buffer).equals(Buffer.from(onTfjs.flatWeights().buffer))).toBe(false);
      expect(result.epochs[3].loss).toBeLessThan(result.epochs[0].loss * 0.5);
      expect(evaluateModel(byDefault, testSet, { outputs: [] }).accuracy).toBeGreaterThan(0.9);
      [byDefault, forced, onTfjs].forEach((m) => m.dispose());
    } finally {
      disposeTensorSet(trainSet);
      disposeTensorSet(testSet);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
