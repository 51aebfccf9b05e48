/**
 * Small, formula-built datasets for the scenario tests: no randomness, so a test can compute
 * what a selector should match by hand.
 */
import type { DatasetArrays } from '@/lib/data/types';
import { ScenarioError } from './errors';

/** Every 5th row (4, 9, 14, ...) is a test row; the rest are training rows. */
function everyFifthTest(rowCount: number): DatasetArrays['split'] {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < rowCount; i++) (i % 5 === 4 ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

export const TABULAR_ROWS = 40;

/**
 * 40 rows, 32 train / 8 test.
 * - age (numeric) = 20 + i; income (numeric) = 1000 * (i % 8) + 0.1 (not exact in float32)
 * - color (categorical red/green/blue) = i % 3
 * - label low/mid/high = floor(i / 2) % 3
 * - subject user_id s00..s09, four consecutive rows each (s10 exists but has no rows)
 * - sensitive: sex F/M = i % 2; region north/south = i < 20 ? north : south
 */
export function buildTabularDataset(): DatasetArrays {
  const n = TABULAR_ROWS;
  const idx = Array.from({ length: n }, (_, i) => i);
  return {
    kind: 'tabular',
    rowCount: n,
    columns: [
      { name: 'age', type: 'numeric', values: Float32Array.from(idx, (i) => 20 + i) },
      { name: 'income', type: 'numeric', values: Float32Array.from(idx, (i) => 1000 * (i % 8) + 0.1) },
      { name: 'color', type: 'categorical', categories: ['red', 'green', 'blue'], codes: Int32Array.from(idx, (i) => i % 3) },
    ],
    labels: Int32Array.from(idx, (i) => Math.floor(i / 2) % 3),
    classNames: ['low', 'mid', 'high'],
    subjects: {
      name: 'user_id',
      values: Array.from({ length: 11 }, (_, s) => `s${String(s).padStart(2, '0')}`),
      codes: Int32Array.from(idx, (i) => Math.floor(i / 4)),
    },
    groups: [
      { name: 'sex', values: ['F', 'M'], codes: Int32Array.from(idx, (i) => i % 2) },
      { name: 'region', values: ['north', 'south'], codes: Int32Array.from(idx, (i) => (i < 20 ? 0 : 1)) },
    ],
    split: everyFifthTest(n),
  };
}

export const IMAGE_ROWS = 30;

/**
 * 30 images of 6x6 (1 or 3 channels), 24 train / 6 test, labels zero/one/two = i % 3.
 * Pixel values stay below 200, so a 255 trigger is always a visible change.
 */
export function buildImageDataset(channels: 1 | 3 = 1): DatasetArrays {
  const n = IMAGE_ROWS;
  const height = 6, width = 6;
  const size = height * width * channels;
  const pixels = new Uint8Array(n * size);
  for (let i = 0; i < n; i++) for (let p = 0; p < size; p++) pixels[i * size + p] = (i * 13 + p * 7) % 200;
  return {
    kind: 'image',
    rowCount: n,
    columns: [],
    pixels,
    imageShape: { height, width, channels },
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    classNames: ['zero', 'one', 'two'],
    groups: [],
    split: everyFifthTest(n),
  };
}

/** A deep copy, to check afterwards that a function did not modify its input. */
export function cloneDataset(ds: DatasetArrays): DatasetArrays {
  return structuredClone(ds);
}

/** Runs `fn` and returns the ScenarioError it throws; fails loudly if it throws anything else. */
export function catchScenarioError(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError, but nothing was thrown');
}

/** Training rows matching a row-id predicate, for hand-computed expectations. */
export function trainRowsWhere(ds: DatasetArrays, test: (row: number) => boolean): number[] {
  return Array.from(ds.split.train).filter(test);
}
