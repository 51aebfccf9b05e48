/** Shared by lib/unlearning tests (not production code): the digits dataset as tensor sets. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { ingestCsv } from '../data';
import { initMlBackend } from '../ml/backend';
import { computeEncodingStats, encodeInputs, labelsOf } from '../ml/encode-inputs';
import { Model } from '../ml/model';
import type { ModelSpecInput } from '../ml/model-spec';
import { createTensorSet, disposeTensorSet, type TensorSet } from '../ml/tensor-set';
import { train } from '../ml/train';
import { parseTrainingRecipe, type TrainingRecipe } from '../ml/training-recipe';
import { createRandom } from '../random';
import { subsetByPositions } from './common';
import type { UnlearningContext } from './contract';
import { samplePath } from '@/test/sample-data';

export const DIGITS_PATH = samplePath('digits.csv');

export interface DigitsSets {
  train: TensorSet;
  test: TensorSet;
  numClasses: number;
  inputShape: number[];
  dispose(): void;
}

export async function loadDigits(): Promise<DigitsSets> {
  await initMlBackend({ force: 'wasm' });
  await tf.setBackend('wasm');
  const { dataset } = await ingestCsv([new Uint8Array(readFileSync(DIGITS_PATH))]);
  const stats = computeEncodingStats(dataset, dataset.split.train);
  const make = (rows: Int32Array) => {
    const encoded = encodeInputs(dataset, rows, stats);
    return createTensorSet(encoded.matrix, encoded.inputShape, labelsOf(dataset, rows), rows);
  };
  const trainSet = make(dataset.split.train);
  const testSet = make(dataset.split.test);
  return {
    train: trainSet,
    test: testSet,
    numClasses: dataset.classNames.length,
    inputShape: trainSet.inputShape,
    dispose: () => {
      disposeTensorSet(trainSet);
      disposeTensorSet(testSet);
    },
  };
}

/** Splits a set by a predicate on labels: [matching, rest]. */
export function splitByLabel(set: TensorSet, keep: (label: number) => boolean): [TensorSet, TensorSet] {
  const yes: number[] = [];
  const no: number[] = [];
  set.labelValues.forEach((label, i) => (keep(label) ? yes : no).push(i));
  return [subsetByPositions(set, Int32Array.from(yes)), subsetByPositions(set, Int32Array.from(no))];
}

/** Splits a set into a seeded random share (forget) and the rest (retain). */
export function splitRandom(set: TensorSet, share: number, seed: number): [TensorSet, TensorSet] {
  const random = createRandom(seed);
  const yes: number[] = [];
  const no: number[] = [];
  for (let i = 0; i < set.size; i++) (random.next() < share ? yes : no).push(i);
  return [subsetByPositions(set, Int32Array.from(yes)), subsetByPositions(set, Int32Array.from(no))];
}

export const MLP_SPEC: ModelSpecInput = { kind: 'mlp', hidden: [32] };
export const RECIPE: TrainingRecipe = parseTrainingRecipe({ epochs: 8, batchSize: 32, optimizer: { kind: 'adam', learningRate: 3e-3 }, seed: 11 });

export async function trainModel(spec: ModelSpecInput, set: TensorSet, recipe: TrainingRecipe, numClasses: number): Promise<Model> {
  const model = Model.create(spec, { inputShape: set.inputShape, numClasses }, recipe.seed);
  await train({ model, set, recipe });
  return model;
}

export function testContext(seed: number, artifacts: UnlearningContext['artifacts'] = {}): UnlearningContext {
  return { progress: () => undefined, random: createRandom(seed), artifacts };
}
