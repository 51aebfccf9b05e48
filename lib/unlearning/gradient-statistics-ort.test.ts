/**
 * On the 'ort' backend (its own test file: the backend is chosen once per thread) gradient
 * statistics come from the ONNX Runtime gradient graph, in inference mode (dropout off), and
 * equal TensorFlow.js autodiff's on the same batches.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initMlBackend } from '../ml/backend';
import { crossEntropy } from '../ml/losses';
import { Model } from '../ml/model';
import { forwardLogits } from '../ml/network';
import { createTensorSet, disposeTensorSet, gatherBatch } from '../ml/tensor-set';
import { tinyData } from '../ml/test-utils';
import { createRandom, permutation } from '../random';
import { gradientStatistics } from './common';

beforeAll(async () => {
  expect((await initMlBackend({ force: 'ort' })).name).toBe('ort');
});

describe("gradientStatistics on the 'ort' backend", () => {
  it('equals TensorFlow.js autodiff batch by batch, dropout off', async () => {
    const data = tinyData(150, [12], 3, 4);
    const set = createTensorSet(data.matrix, data.inputShape, data.labels, data.rowIds);
    // dropout would change every gradient if the graph applied it
    const model = Model.create({ kind: 'mlp', hidden: [16, 8], dropout: 0.5 }, { inputShape: [12], numClasses: 3 }, 2);
    try {
      const options = { batchSize: 32, maxExamples: 100 };
      const got = await gradientStatistics(model, set, { ...options, random: createRandom(9) });

      const positions = permutation(set.size, createRandom(9)).subarray(0, options.maxExamples);
      const squared = model.layout.map((p) => new Float64Array(p.size));
      const sums = model.layout.map((p) => new Float64Array(p.size));
      let batches = 0;
      for (let start = 0; start < positions.length; start += options.batchSize) {
        const batchPositions = positions.subarray(start, start + options.batchSize);
        const grads = tf.tidy(() => {
          const batch = gatherBatch(set, batchPositions);
          return tf.grads((...params: tf.Tensor[]) => crossEntropy(forwardLogits(model.spec, params, batch.x), batch.labels))([...model.params]);
        });
        grads.forEach((g, i) => {
          const values = g.dataSync();
          for (let k = 0; k < values.length; k++) {
            squared[i][k] += values[k] * values[k];
            sums[i][k] += values[k] * batchPositions.length;
          }
        });
        tf.dispose(grads);
        batches++;
      }
      expect(batches).toBe(4);
      model.layout.forEach((_, i) => {
        for (let k = 0; k < squared[i].length; k++) {
          expect(got.squared[i][k]).toBeCloseTo(squared[i][k] / batches, 6);
          expect(got.mean[i][k]).toBeCloseTo(sums[i][k] / positions.length, 5);
        }
      });
      expect(got.mean.some((m) => m.some((v) => Math.abs(v) > 1e-3))).toBe(true);
    } finally {
      model.dispose();
      disposeTensorSet(set);
    }
  });
});
