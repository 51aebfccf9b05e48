import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetArrays } from '../data/types';
import { computeEncodingStats, encodeInputs } from '../ml/encode-inputs';
import { withBothBackends } from '../ml/test-utils';
import { LaneRowSets } from './lane-row-sets';

beforeAll(async () => {
  await withBothBackends();
  await tf.setBackend('wasm');
});

const images: DatasetArrays = {
  kind: 'image',
  rowCount: 6,
  columns: [],
  pixels: Uint8Array.from({ length: 24 }, (_, i) => i * 10),
  imageShape: { height: 2, width: 2, channels: 1 },
  labels: Int32Array.from([0, 1, 0, 1, 0, 1]),
  classNames: ['a', 'b'],
  groups: [],
  split: { train: Int32Array.from([0, 1, 2, 3]), test: Int32Array.from([4, 5]) },
};
const encoding = computeEncodingStats(images, images.split.train);
const retain = Int32Array.from([0, 1, 2]);
const forget = Int32Array.from([3]);
const test = images.split.test;
const MB = 1024 * 1024;

describe('a lane’s encoded row sets', () => {
  it('encodes rows as encodeInputs does, with their labels and row ids', () => {
    const sets = new LaneRowSets();
    sets.beginTask('d1');
    const set = sets.rowSet('d1', images, retain, encoding);
    expect(Array.from(set.x.dataSync())).toEqual(Array.from(encodeInputs(images, retain, encoding).matrix));
    expect(Array.from(set.labels.dataSync())).toEqual([0, 1, 0]);
    expect(Array.from(set.rowIds)).toEqual([0, 1, 2]);
    sets.endTask();
    sets.beginTask(undefined);
    expect(sets.size).toBe(0);
  });

  it('gives the next task the same set for the same rows, dataset and encoding', () => {
    const sets = new LaneRowSets();
    sets.beginTask('d1', 512 * MB);
    const first = sets.rowSet('d1', images, retain, encoding);
    sets.rowSet('d1', images, forget, encoding);
    sets.endTask();
    sets.beginTask('d1', 512 * MB);
    expect(sets.rowSet('d1', images, Int32Array.from(retain), encoding)).toBe(first);
    // other rows, another encoding or another dataset are other sets
    expect(sets.rowSet('d1', images, Int32Array.from([0, 1, 3]), encoding)).not.toBe(first);
    expect(sets.rowSet('d1', images, retain, { ...encoding, flat: true } as typeof encoding)).not.toBe(first);
    sets.endTask();
  });

  it('holds no more than the larger of two consecutive tasks’ own sets', () => {
    const sets = new LaneRowSets();
    sets.beginTask('d1');
    const kept = sets.rowSet('d1', images, retain, encoding);
    const dropped = sets.rowSet('d1', images, forget, encoding);
    sets.endTask();
    expect(sets.size).toBe(2);
    // the next task uses retain, then needs a set that is not cached: forget goes first
    sets.beginTask('d1');
    expect(sets.rowSet('d1', images, retain, encoding)).toBe(kept);
    sets.rowSet('d1', images, test, encoding);
    expect(dropped.x.isDisposed).toBe(true);
    expect(kept.x.isDisposed).toBe(false);
    expect(sets.size).toBe(2);
    sets.endTask();
    // a task that asks for nothing leaves nothing behind
    sets.beginTask('d1');
    sets.endTask();
    expect(sets.size).toBe(0);
    expect(kept.x.isDisposed).toBe(true);
  });

  it('drops every set when the next task is on another dataset or its budget is small', () => {
    const sets = new LaneRowSets();
    sets.beginTask('d1');
    const a = sets.rowSet('d1', images, retain, encoding);
    sets.endTask();
    sets.beginTask('d2');
    expect(a.x.isDisposed).toBe(true);
    const b = sets.rowSet('d2', images, retain, encoding);
    sets.endTask();
    // retain is 3 rows x (4 pixels + a label) x 4 bytes = 60 bytes: a 100-byte budget is crowded
    sets.beginTask('d2', 100);
    expect(b.x.isDisposed).toBe(true);
    expect(sets.size).toBe(0);
    sets.endTask();
  });
});
