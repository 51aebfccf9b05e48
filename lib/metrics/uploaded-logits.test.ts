import { describe, expect, it } from 'vitest';
import { DataError } from '../data/errors';
import { checkedLogits, softmaxRows } from './uploaded-logits';

function refusal(run: () => unknown): DataError {
  try {
    run();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('uploaded logits', () => {
  it('accepts float32 and float64 of the package shape, as float64', () => {
    const f32 = checkedLogits({ dtype: '<f4', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }, 'logits_test.npy', 2, 3);
    expect(f32).toEqual(Float64Array.from([1, 2, 3, 4, 5, 6]));
    const f64 = Float64Array.from([0.1, 0.2]);
    expect(checkedLogits({ dtype: '<f8', shape: [1, 2], data: f64 }, 'x', 1, 2)).toBe(f64);
  });

  it('names the file, the rule and the row', () => {
    const shape = refusal(() => checkedLogits({ dtype: '<f8', shape: [3, 2], data: new Float64Array(6) }, 'logits_train.npy', 2, 3));
    expect(shape.code).toBe('shape_mismatch');
    expect(shape.message).toBe('logits_train.npy: shape (3, 2) does not match the package; expected (2, 3): one row per example in package order, one column per class.');
    expect(refusal(() => checkedLogits({ dtype: '<f8', shape: [6], data: new Float64Array(6) }, 'l.npy', 2, 3)).message).toMatch(/shape \(6,\) does not match/);
    const ints = refusal(() => checkedLogits({ dtype: '<i8', shape: [2, 3], data: new BigInt64Array(6) }, 'l.npy', 2, 3));
    expect(ints.code).toBe('unsupported_dtype');
    const nan = refusal(() => checkedLogits({ dtype: '<f4', shape: [2, 3], data: Float32Array.from([0, 0, 0, 0, NaN, 0]) }, 'logits_test.npy', 2, 3));
    expect(nan.message).toBe('logits_test.npy: row 1, class 1 is NaN; every logit must be a finite number.');
    expect(nan.details).toMatchObject({ row: 1 });
    expect(refusal(() => checkedLogits({ dtype: '<f8', shape: [1, 2], data: Float64Array.from([0, -Infinity]) }, 'l.npy', 1, 2)).message).toMatch(/row 0, class 1 is -Infinity/);
  });

  it('computes a stable softmax of the chosen rows in their order', () => {
    const logits = Float64Array.from([0, 0, 1000, 1000, Math.log(3), 0]);
    const p = softmaxRows(logits, 2, [2, 0, 1]);
    expect(Array.from(p)).toEqual([Math.fround(0.75), Math.fround(0.25), 0.5, 0.5, 0.5, 0.5]);
  });
});
