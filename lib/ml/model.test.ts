import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Model } from './model';
import { withBothBackends } from './test-utils';

beforeAll(async () => {
  await withBothBackends();
  await tf.setBackend('wasm');
});

describe('Model.trackValues', () => {
  const io = { inputShape: [3], numClasses: 2 };

  it('reads tracked arrays as they are when the model is next read, inside a tidy or not', () => {
    const model = Model.create({ kind: 'logistic' }, io, 1);
    const tracked = model.values();
    model.trackValues(tracked);
    // the caller goes on updating in place, as the optimizer does between steps
    tracked[0].fill(0.5);
    tracked[1].fill(-1);
    expect(model.values()).toEqual(tracked);
    expect(model.values()[0]).not.toBe(tracked[0]);
    expect(Array.from(model.flatWeights())).toEqual([...tracked[0], ...tracked[1]]);
    const logits = tf.tidy(() => Array.from(model.forward(tf.ones([1, 3])).dataSync()));
    expect(logits).toEqual([0.5, 0.5]);
    // the tensors made inside that tidy outlived it
    expect(model.params.every((t) => !t.isDisposed)).toBe(true);
    expect(Array.from(model.params[1].dataSync())).toEqual([-1, -1]);
    model.dispose();
  });

  it('refuses arrays that do not fit the layout', () => {
    const model = Model.create({ kind: 'logistic' }, io, 1);
    expect(() => model.trackValues([new Float32Array(6)])).toThrow(/expected 2 parameter arrays/);
    expect(() => model.trackValues([new Float32Array(5), new Float32Array(2)])).toThrow(/needs 6 values/);
    model.dispose();
  });

  it('leaves no tensor behind when replaced or disposed', () => {
    const before = tf.memory().numTensors;
    const model = Model.create({ kind: 'logistic' }, io, 1);
    model.trackValues(model.values());
    expect(model.params).toHaveLength(2);
    model.trackValues(model.values());
    model.setValues(model.values());
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
