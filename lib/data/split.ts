/**
 * Seeded, stratified train/test split: each class is shuffled with the seed and cut at the
 * same fraction, so class proportions match on both sides and the split reproduces exactly.
 */

import { createRandom, shuffleInPlace } from '../random';
import { DataError } from './errors';
import type { TrainTestSplit } from './types';

export const DEFAULT_TRAIN_FRACTION = 0.8;
export const DEFAULT_SPLIT_SEED = 0;

export function validateTrainFraction(fraction: number): void {
  if (!(fraction > 0 && fraction < 1)) {
    throw new DataError('invalid_option', `The train fraction must be between 0 and 1 (exclusive); got ${fraction}.`);
  }
}

/**
 * Every class with at least 2 rows gets at least one row on each side; a class with a single
 * row goes to train (the ingest refuses such classes anyway, but the split stays total).
 */
export function stratifiedSplit(
  labels: Int32Array,
  classCount: number,
  trainFraction = DEFAULT_TRAIN_FRACTION,
  seed = DEFAULT_SPLIT_SEED,
): TrainTestSplit {
  validateTrainFraction(trainFraction);
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const random = createRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of byClass) {
    const ids = Int32Array.from(rows);
    shuffleInPlace(ids, random);
    const n = ids.length;
    const nTest = n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(n * (1 - trainFraction)))) : 0;
    for (let k = 0; k < n; k++) (k < nTest ? test : train).push(ids[k]);
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** The split when the source brings its own test set (IDX test pair): rows are train then test. */
export function presetSplit(trainRows: number, testRows: number): TrainTestSplit {
  const train = new Int32Array(trainRows);
  for (let i = 0; i < trainRows; i++) train[i] = i;
  const test = new Int32Array(testRows);
  for (let i = 0; i < testRows; i++) test[i] = trainRows + i;
  return { train, test };
}
