/**
 * Every wasm kernel fix against the cpu backend on random signed inputs (strides 1 and 2,
 * padding same/valid, batch 1 and several). Catches a tfjs upgrade that changes behaviour.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, randomArray, relativeDifference, withBothBackends } from '../test-utils';

const TOLERANCE = 1e-4;

beforeAll(withBothBackends);

/** Runs f on both backends and returns each output as a plain array. */
async function compare(f: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const run = () =>
    tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => Array.from(t.dataSync()));
    });
  const cpu = await onBackend('cpu', run);
  const wasm = await onBackend('wasm', run);
  expect(wasm.length).toBe(cpu.length);
  return Math.max(...cpu.map((c, i) => relativeDifference(wasm[i], c)));
}

const convCases = [
  { batch: 1, size: 7, inC: 1, outC: 3, k: 3, stride: 1, pad: 'valid' as const },
  { batch: 3, size: 8, inC: 2, outC: 4, k: 3, stride: 1, pad: 'same' as const },
  { batch: 2, size: 9, inC: 3, outC: 2, k: 3, stride: 2, pad: 'valid' as const },
  { batch: 4, size: 8, inC: 2, outC: 5, k: 2, stride: 2, pad: 'same' as const },
  { batch: 2, size: 10, inC: 2, outC: 3, k: 5, stride: 2, pad: 'same' as const },
];

describe('wasm kernel fixes match the cpu backend', () => {
  it.each(convCases)('Conv2DBackpropFilter and Conv2DBackpropInput %o', async (c) => {
    const xv = randomArray(c.batch * c.size * c.size * c.inC, 1);
    const fv = randomArray(c.k * c.k * c.inC * c.outC, 2);
    const diff = await compare(() => {
      const x = tf.tensor4d(xv, [c.batch, c.size, c.size, c.inC]);
      const filter = tf.tensor4d(fv, [c.k, c.k, c.inC, c.outC]);
      const probe = tf.conv2d(x, filter, c.stride, c.pad);
      const weights = tf.tensor(randomArray(probe.size, 3), probe.shape);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), weights)))([x, filter]);
    });
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it.each(convCases)('DepthwiseConv2dNative backprop filter and input %o', async (c) => {
    const multiplier = 2;
    const xv = randomArray(c.batch * c.size * c.size * c.inC, 4);
    const fv = randomArray(c.k * c.k * c.inC * multiplier, 5);
    const diff = await compare(() => {
      const x = tf.tensor4d(xv, [c.batch, c.size, c.size, c.inC]);
      const filter = tf.tensor4d(fv, [c.k, c.k, c.inC, multiplier]);
      const probe = tf.depthwiseConv2d(x, filter, c.stride, c.pad);
      const weights = tf.tensor(randomArray(probe.size, 6), probe.shape);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), weights)),
      )([x, filter]);
    });
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it.each([
    { batch: 1, size: 6, channels: 3, pool: 2, stride: 2, pad: 'valid' as const, shift: 0 },
    { batch: 3, size: 7, channels: 2, pool: 3, stride: 2, pad: 'same' as const, shift: 0 },
    { batch: 2, size: 8, channels: 4, pool: 2, stride: 1, pad: 'valid' as const, shift: 0 },
    // all windows negative: the stock wasm kernel routes these gradients to the wrong element
    { batch: 2, size: 6, channels: 2, pool: 2, stride: 2, pad: 'valid' as const, shift: -2 },
  ])('MaxPoolGrad %o', async (c) => {
    const xv = randomArray(c.batch * c.size * c.size * c.channels, 7).map((v) => v + c.shift);
    const diff = await compare(() => {
      const x = tf.tensor4d(xv, [c.batch, c.size, c.size, c.channels]);
      const probe = tf.maxPool(x, c.pool, c.stride, c.pad);
      const weights = tf.tensor(randomArray(probe.size, 8), probe.shape);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.pool, c.stride, c.pad), weights)))(x);
    });
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it('UnsortedSegmentSum, directly and as the gradient of gather', async () => {
    const xv = randomArray(12 * 5, 9);
    const ids = Int32Array.from([0, 3, 1, 3, 0, 2, 4, 4, 1, 0, 3, 2]);
    const diff = await compare(() => {
      const x = tf.tensor2d(xv, [12, 5]);
      const segments = tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), 6);
      const table = tf.tensor2d(randomArray(6 * 5, 10), [6, 5]);
      const gatherGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d(ids, 'int32')), x)))(table);
      return [segments, gatherGrad];
    });
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it.each([
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [128, 40], b: [128, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [2, 7, 5], b: [2, 7, 3], ta: true, tb: false },
    { a: [3, 5, 7], b: [3, 4, 7], ta: false, tb: true },
  ])('BatchMatMul and _FusedMatMul %o', async (c) => {
    const av = randomArray(c.a.reduce((x, y) => x * y), 11);
    const bv = randomArray(c.b.reduce((x, y) => x * y), 12);
    const diff = await compare(() => {
      const a = tf.tensor(av, c.a);
      const b = tf.tensor(bv, c.b);
      const plain = tf.matMul(a, b, c.ta, c.tb);
      const bias = tf.tensor1d(randomArray(plain.shape[plain.shape.length - 1], 13));
      const fused = tf.fused.matMul({ a, b, transposeA: c.ta, transposeB: c.tb, bias, activation: 'relu' });
      return [plain, fused];
    });
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it('Slice and GatherV2 on several ranks and axes', async () => {
    const xv = randomArray(6 * 5 * 4, 14);
    const diff = await compare(() => {
      const x = tf.tensor3d(xv, [6, 5, 4]);
      const index = tf.tensor1d([4, 0, 4, 2], 'int32');
      return [
        tf.slice(x, [1, 0, 0], [3, 5, 4]),
        tf.slice(x, [2, 1, 1], [2, 3, 2]),
        tf.slice(x, [0, 0, 0], [6, 5, 4]),
        tf.slice(tf.reshape(x, [120]), [17], [40]),
        tf.gather(x, index),
        tf.gather(x, index, 1),
        tf.gather(x, tf.tensor1d([3, 1], 'int32'), 2),
      ];
    });
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it('Identity shares the buffer safely: a clone outlives its source', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([1, -2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
