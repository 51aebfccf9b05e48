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
import { createRandom, permutation, sampleWithoutReplacement } from '../random';
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

/**
 * A subgroup across classes: the rows with the most ink (sum of inputs) in one pixel row of
 * images `width` wide, above the (1 − share) quantile. [forget, retain].
 */
export function splitByInk(set: TensorSet, pixelRow: number, width: number, share: number): [TensorSet, TensorSet] {
  const ink = tf.tidy(() => set.x.slice([0, pixelRow * width], [set.size, width]).sum(1));
  const column = Float32Array.from(ink.dataSync());
  ink.dispose();
  const threshold = Float32Array.from(column).sort()[Math.floor((1 - share) * column.length)];
  const yes: number[] = [];
  const no: number[] = [];
  column.forEach((v, i) => (v > threshold ? yes : no).push(i));
  return [subsetByPositions(set, Int32Array.from(yes)), subsetByPositions(set, Int32Array.from(no))];
}

/**
 * DERIVED pseudo-subjects for image data without a subject column (digits, Fashion-MNIST), to
 * measure the subjects kind. A real subject (a writer of digits) gives several examples of
 * several classes in one hand: thick or thin strokes, large or small, shifted, slanted. So each
 * row gets six style statistics of its image (inputs shifted to be non-negative per input, as
 * ink): total ink, centre of mass (x, y), spread (x, y) and slant (x-y covariance), each as a
 * z-score within the row's class (a thick 1 and a thick 8 look alike here, although an 8 has
 * more ink than a 1); seeded k-means on these (centres started at distinct random rows, 20
 * Lloyd iterations) groups rows of similar style, whatever their class, into
 * round(rows / rowsPerSubject) pseudo-subjects. Returns each row's subject (0-based).
 */
export function pseudoSubjects(set: TensorSet, numClasses: number, width: number, rowsPerSubject: number, seed: number): Int32Array {
  const x = set.x.dataSync() as Float32Array;
  const d = x.length / set.size;
  const floor = new Float32Array(d).fill(Infinity);
  for (let i = 0; i < x.length; i++) floor[i % d] = Math.min(floor[i % d], x[i]);
  const STATS = 6;
  const style = new Float64Array(set.size * STATS);
  for (let r = 0; r < set.size; r++) {
    let ink = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    for (let k = 0; k < d; k++) {
      const w = x[r * d + k] - floor[k];
      const [px, py] = [k % width, Math.floor(k / width)];
      ink += w;
      mx += w * px;
      my += w * py;
      sxx += w * px * px;
      syy += w * py * py;
      sxy += w * px * py;
    }
    const n = Math.max(ink, 1e-9);
    [mx, my] = [mx / n, my / n];
    style.set([ink, mx, my, Math.sqrt(Math.max(sxx / n - mx * mx, 0)), Math.sqrt(Math.max(syy / n - my * my, 0)), sxy / n - mx * my], r * STATS);
  }
  // z-scores within each class
  for (let c = 0; c < numClasses; c++) {
    const rows: number[] = [];
    set.labelValues.forEach((label, r) => label === c && rows.push(r));
    for (let j = 0; j < STATS && rows.length > 0; j++) {
      const values = rows.map((r) => style[r * STATS + j]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
      rows.forEach((r) => (style[r * STATS + j] = (style[r * STATS + j] - mean) / std));
    }
  }
  const k = Math.max(1, Math.round(set.size / rowsPerSubject));
  const centres = new Float64Array(k * STATS);
  sampleWithoutReplacement(set.size, k, createRandom(seed)).forEach((r, c) => centres.set(style.subarray(r * STATS, (r + 1) * STATS), c * STATS));
  const subjects = new Int32Array(set.size);
  for (let iteration = 0; iteration < 20; iteration++) {
    for (let r = 0; r < set.size; r++) {
      let best = Infinity;
      for (let c = 0; c < k; c++) {
        let distance = 0;
        for (let j = 0; j < STATS; j++) distance += (style[r * STATS + j] - centres[c * STATS + j]) ** 2;
        if (distance < best) [best, subjects[r]] = [distance, c];
      }
    }
    const sums = new Float64Array(k * STATS);
    const counts = new Int32Array(k);
    subjects.forEach((c, r) => {
      counts[c]++;
      for (let j = 0; j < STATS; j++) sums[c * STATS + j] += style[r * STATS + j];
    });
    // an emptied centre stays where it was
    for (let c = 0; c < k; c++) if (counts[c] > 0) for (let j = 0; j < STATS; j++) centres[c * STATS + j] = sums[c * STATS + j] / counts[c];
  }
  return subjects;
}

/**
 * Forgets whole pseudo-subjects, drawn in seeded order, until at least `share` of the rows;
 * subjects of more than twice the mean size are passed over so that one large cluster does not
 * overshoot the share. Returns [forget, retain] and the subjects forgotten.
 */
export function splitSubjects(set: TensorSet, subjects: Int32Array, share: number, seed: number): { forget: TensorSet; retain: TensorSet; forgotten: number[] } {
  const count = Math.max(...subjects) + 1;
  const sizes = new Int32Array(count);
  subjects.forEach((s) => sizes[s]++);
  const forgotten: number[] = [];
  let rows = 0;
  for (const s of permutation(count, createRandom(seed))) {
    if (rows >= share * set.size) break;
    if (sizes[s] === 0 || sizes[s] > (2 * set.size) / count) continue;
    forgotten.push(s);
    rows += sizes[s];
  }
  const gone = new Set(forgotten);
  const yes: number[] = [];
  const no: number[] = [];
  subjects.forEach((s, i) => (gone.has(s) ? yes : no).push(i));
  return { forget: subsetByPositions(set, Int32Array.from(yes)), retain: subsetByPositions(set, Int32Array.from(no)), forgotten };
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
