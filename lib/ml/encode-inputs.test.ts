import { describe, expect, it } from 'vitest';
import type { DatasetArrays } from '../data/types';
import { computeEncodingStats, encodeInputs, encodeInputsInto, encodingForSpec, labelsOf } from './encode-inputs';

const tabular: DatasetArrays = {
  kind: 'tabular',
  rowCount: 4,
  columns: [
    { name: 'age', type: 'numeric', values: Float32Array.from([10, 20, 30, NaN]) },
    { name: 'color', type: 'categorical', categories: ['red', 'green', 'blue'], codes: Int32Array.from([0, 2, 1, -1]) },
  ],
  labels: Int32Array.from([0, 1, 1, 0]),
  classNames: ['no', 'yes'],
  groups: [],
  split: { train: Int32Array.from([0, 1]), test: Int32Array.from([2, 3]) },
};

describe('encodeInputs', () => {
  it('standardises numerics with training stats and one-hot encodes categoricals', () => {
    const stats = computeEncodingStats(tabular, tabular.split.train);
    const train = encodeInputs(tabular, tabular.split.train, stats);
    expect(train.inputShape).toEqual([4]);
    expect(Array.from(train.matrix)).toEqual([-1, 1, 0, 0, 1, 0, 0, 1]);
    // test rows reuse the training mean 15 and std 5; missing values become 0
    const test = encodeInputs(tabular, tabular.split.test, stats);
    expect(Array.from(test.matrix)).toEqual([3, 0, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(labelsOf(tabular, tabular.split.test))).toEqual([1, 0]);
  });

  it('writes every element when encoding into memory that is not cleared (a wasm tensor)', () => {
    const stats = computeEncodingStats(tabular, tabular.split.train);
    const dirty = new Float32Array(8).fill(Number.NaN);
    encodeInputsInto(tabular, tabular.split.test, stats, dirty);
    expect(Array.from(dirty)).toEqual(Array.from(encodeInputs(tabular, tabular.split.test, stats).matrix));
  });

  it('scales image pixels to [0, 1] in NHWC order', () => {
    const images: DatasetArrays = {
      kind: 'image',
      rowCount: 2,
      columns: [],
      pixels: Uint8Array.from([0, 255, 51, 102, 1, 2, 3, 4]),
      imageShape: { height: 2, width: 2, channels: 1 },
      labels: Int32Array.from([0, 1]),
      classNames: ['a', 'b'],
      groups: [],
      split: { train: Int32Array.from([0, 1]), test: new Int32Array(0) },
    };
    const encoded = encodeInputs(images, Int32Array.from([1, 0]));
    expect(encoded.inputShape).toEqual([2, 2, 1]);
    expect(encoded.matrix[4]).toBe(0);
    expect(encoded.matrix[5]).toBe(1);
    expect(encoded.matrix[0]).toBeCloseTo(1 / 255);

    // Logistic regression and MLPs read the same pixels as one flat vector per image.
    const flat = encodeInputs(images, Int32Array.from([1, 0]), encodingForSpec(encoded.stats, { kind: 'mlp' }));
    expect(flat.inputShape).toEqual([4]);
    expect(flat.matrix).toEqual(encoded.matrix);
    expect(encodingForSpec(encoded.stats, { kind: 'cnn' })).toBe(encoded.stats);
  });
});
